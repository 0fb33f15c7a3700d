"""A police report under §281 (extortion) travels as PoliceReportFiled version 2; SSP
reads both versions, and version 1 stays as it was published."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.persistence import Tracking
from pydantic import ValidationError

from contracts.case_events import PoliceReportFiledV1, PoliceReportFiledV2
from contracts.registry import parse_event, parse_sealed
from contracts.sealed import case_transport_key
from infra.sealing import unseal
from infra.settings import ServiceName
from services.run.blueprints import BLUEPRINTS
from services.school.outbound import case_event_translator
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.messages import envelope, reported
from tests.system import a_report


def test_a_report_under_281_is_published_as_version_2(
    service: Callable[[ServiceName], Built],
) -> None:
    school, http = service("school")
    case_id = uuid.UUID(
        http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    )
    filed = http.post(
        f"/cases/{case_id}/police-reports",
        json={"filed_by": "parents", "provision": "§281", "channel": "online"},
        headers=SCHOOL_STAFF,
    )
    assert filed.status_code == 200, filed.text
    assert filed.json()["police_reports"] == 1
    translate = case_event_translator(school.app)
    messages = [translate(n) for n in school.app.recorder.select_notifications(0, 100)]
    sealed = [parse_sealed(m.value) for m in messages if m is not None]
    (report,) = [s for s in sealed if s.event_type == "PoliceReportFiled"]
    key = school.app.data_keys.key(case_transport_key(case_id), create=False)
    event = parse_event(unseal(report, key))
    assert isinstance(event, PoliceReportFiledV2)
    assert (event.filed_by.value, event.provision.value) == ("parents", "§281")


def test_version_1_is_still_read_and_never_carries_281() -> None:
    case_id = uuid.uuid4()
    old = PoliceReportFiledV1(**envelope(2, case_id), filed_by="parents", provision="§264d")
    assert parse_event(old.model_dump_json()) == old
    with pytest.raises(ValidationError, match="provision"):
        PoliceReportFiledV1(**envelope(2, case_id), filed_by="parents", provision="§281")


@pytest.mark.parametrize(
    ("contract", "provision"), [(PoliceReportFiledV1, "§264d"), (PoliceReportFiledV2, "§281")]
)
def test_ssp_notes_the_police_report_of_either_version(
    service: Callable[[ServiceName], Built], contract: Any, provision: str
) -> None:
    running, _ = service("ssp")
    app = running.app
    subscribed = {c for s in BLUEPRINTS["ssp"].subscriptions(app) for c in s.handlers}
    assert contract in subscribed
    case_id = uuid.uuid4()
    app.save_tracked(Tracking("school", 1), *app.on_case_reported(reported(1, case_id)))
    report = contract(**envelope(2, case_id), filed_by="parents", provision=provision)
    app.save_tracked(Tracking("school", 2), *app.on_police_report_filed(report))
    assert app.repository.get(case_id).police_report_filed_at == report.occurred_at
