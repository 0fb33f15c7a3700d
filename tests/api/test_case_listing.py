"""A school lists its own cases ("Mine sager") without keeping ids on paper."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.identities import CLASS_TEAM, OTHER_SCHOOL, SCHOOL_STAFF, SSP_CONSULTANT
from tests.system import a_report


@pytest.fixture
def school(service: Any) -> TestClient:
    return service("school")[1]  # type: ignore[no-any-return]


def _report(http: TestClient, headers: dict[str, str], **report: Any) -> str:
    response = http.post("/cases", json=a_report(**report), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def test_the_institution_sees_its_open_cases_newest_activity_first(school: TestClient) -> None:
    first = _report(school, SCHOOL_STAFF)
    second = _report(school, SCHOOL_STAFF)
    _report(
        school,
        OTHER_SCHOOL,
        institution="Gentofte Skole",
        municipality="Gentofte",
        police_district="nordsjaelland",
    )
    school.post(f"/cases/{first}/parents-informed", headers=SCHOOL_STAFF)

    listed = school.get("/cases", headers=CLASS_TEAM)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert [c["case_id"] for c in body["cases"]] == [first, second]
    newest = body["cases"][0]
    assert newest["step"] == "vurder" and newest["closed"] is False
    assert newest["due"], "what is due now, and for whom"
    assert all(set(d) == {"label_da", "label_en", "responsible"} for d in newest["due"])
    assert newest["reference"] and newest["reference"] not in (first, second)


def test_another_school_and_other_agencies_see_none_of_them(school: TestClient) -> None:
    _report(school, SCHOOL_STAFF)
    assert school.get("/cases", headers=OTHER_SCHOOL).json()["cases"] == []
    assert school.get("/cases", headers=SSP_CONSULTANT).status_code == 404


def test_closed_cases_are_listed_apart(school: TestClient) -> None:
    open_case = _report(school, SCHOOL_STAFF)
    closed = _report(school, SCHOOL_STAFF)
    school.post(f"/cases/{closed}/parents-informed", headers=SCHOOL_STAFF)
    shut_down = school.post(
        f"/cases/{closed}/close",
        json={"outcome": "resolved", "reason": "Afsluttet efter samtale med eleven"},
        headers=SCHOOL_STAFF,
    )
    assert shut_down.status_code == 200, shut_down.text
    assert [c["case_id"] for c in school.get("/cases", headers=SCHOOL_STAFF).json()["cases"]] == [
        open_case
    ]
    shut = school.get("/cases", params={"closed": "true"}, headers=SCHOOL_STAFF).json()
    assert [c["case_id"] for c in shut["cases"]] == [closed] and shut["closed"] is True
