"""A reported case goes to its municipality's police district, never to another one."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.identities import bearer
from tests.system import a_report

HJOERRING_STAFF = bearer("skoleleder-hans", "ledelse", "Hjørring Gymnasium")


@pytest.fixture
def school(service: Any) -> tuple[Any, TestClient]:
    return service("school")  # type: ignore[no-any-return]


def _stored(running: Any) -> int:
    return running.app.recorder.max_notification_id() or 0


def _report(**overrides: Any) -> dict[str, Any]:
    return a_report(institution="Hjørring Gymnasium", **overrides)


def test_a_case_named_with_another_police_district_is_refused_naming_the_field(
    school: tuple[Any, TestClient],
) -> None:
    running, http = school
    report = _report(municipality="Hjørring", police_district="bornholm")
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "police_district"]
    assert "Hjørring belongs to Nordjyllands Politi ('nordjylland')" in problem["msg"]
    assert problem["msg_da"] == (
        "Hjørring hører under Nordjyllands Politi ('nordjylland'): "
        "angiv den politikreds, eller udelad feltet."
    )
    assert _stored(running) == 0


def test_the_police_district_is_filled_in_when_left_out(school: tuple[Any, TestClient]) -> None:
    _, http = school
    report = _report(municipality="Hjørring")
    del report["police_district"]
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 201, response.text
    case = response.json()
    assert case["police_district"] == "nordjylland"
    again = http.get(f"/cases/{case['case_id']}", headers=HJOERRING_STAFF).json()
    assert again["police_district"] == "nordjylland"


def test_a_null_police_district_is_filled_in_too(school: tuple[Any, TestClient]) -> None:
    _, http = school
    report = _report(municipality="Tønder", police_district=None)
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 201, response.text
    assert response.json()["police_district"] == "syd-og-soenderjylland"


def test_the_right_police_district_is_accepted(school: tuple[Any, TestClient]) -> None:
    _, http = school
    report = _report(municipality="Hjørring", police_district="nordjylland")
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 201, response.text
    assert response.json()["police_district"] == "nordjylland"


@pytest.mark.parametrize(
    ("written", "stored", "district"),
    [
        ("hjørring kommune", "Hjørring", "nordjylland"),
        ("  Århus ", "Aarhus", "oestjylland"),
        ("Bornholms Regionskommune", "Bornholm", "bornholm"),
        ("Københavns Kommune", "København", "koebenhavn"),
    ],
)
def test_the_municipality_is_kept_under_its_official_name(
    school: tuple[Any, TestClient], written: str, stored: str, district: str
) -> None:
    _, http = school
    report = _report(municipality=written)
    del report["police_district"]
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 201, response.text
    case = response.json()
    assert (case["municipality"], case["police_district"]) == (stored, district)


@pytest.mark.parametrize("municipality", ["Atlantis", "Nordjylland", "Hjørring Gymnasium"])
def test_a_municipality_denmark_does_not_have_is_refused_naming_the_field(
    school: tuple[Any, TestClient], municipality: str
) -> None:
    running, http = school
    report = _report(municipality=municipality, police_district="nordjylland")
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "municipality"]
    assert "not one of Denmark's 98 municipalities" in problem["msg"]
    assert problem["msg_da"] == (
        "Ikke en af Danmarks 98 kommuner: skriv kommunens navn, fx Hjørring eller Aarhus."
    )
    assert municipality not in response.text
    assert _stored(running) == 0


def test_a_case_in_the_wrong_district_reaches_no_store_even_with_other_faults(
    school: tuple[Any, TestClient],
) -> None:
    running, http = school
    report = _report(municipality="Hjørring", police_district="bornholm", victim_is_minor="?")
    response = http.post("/cases", json=report, headers=HJOERRING_STAFF)
    assert response.status_code == 422
    named = sorted(p["loc"][-1] for p in response.json()["detail"])
    assert named == ["police_district", "victim_is_minor"]
    assert _stored(running) == 0
