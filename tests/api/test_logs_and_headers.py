"""What a request carries in its path or headers never reaches a log line or Kafka."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from infra.settings import ServiceName
from tests.identities import SCHOOL_STAFF
from tests.system import a_report

PNG = base64.urlsafe_b64encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(61)).decode()


@pytest.mark.parametrize("name", ["school", "ssp", "police_liaison"])
def test_a_correlation_id_that_could_carry_an_image_is_replaced(
    service: Any, name: ServiceName, capsys: pytest.CaptureFixture[str]
) -> None:
    _, http = service(name)
    answered = http.get("/health", headers={"X-Correlation-ID": PNG})
    replaced = answered.headers["x-correlation-id"]
    assert replaced != PNG and str(uuid.UUID(replaced)) == replaced
    kept = http.get("/health", headers={"X-Correlation-ID": "req-42"})
    assert kept.headers["x-correlation-id"] == "req-42"
    assert PNG not in capsys.readouterr().out


@pytest.mark.parametrize("name", ["school", "ssp", "police_liaison"])
def test_the_log_names_the_route_never_the_path_as_requested(
    service: Any, name: ServiceName, capsys: pytest.CaptureFixture[str]
) -> None:
    _, http = service(name)
    assert http.get(f"/x/{PNG}").status_code in (404, 422)
    assert http.get(f"/cases/{PNG}").status_code in (401, 404, 422)
    written = capsys.readouterr().out
    assert PNG not in written
    assert "(no route)" in written


def test_a_served_request_is_logged_by_its_route_template(
    service: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _, http = service("school")
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    assert http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).status_code == 200
    written = capsys.readouterr().out
    assert "/cases/{case_id}" in written
    assert case_id not in written.split("route=", 1)[-1].split()[0]
