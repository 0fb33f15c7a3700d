"""Three cases as professionals meet them, walked through the action card end to end.

A level-4 sextortion at a gymnasium, a level-1 bikini photo between classmates, and a
level-3 nude shared by an ex-boyfriend at a school in another municipality — over the
HTTP APIs of the three running services, a real broker and real stores. After each step
the checklist must show only what is true: done by whom, waiting since when, deferred
until when, and the help the seeds give for the level.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.identities import bearer
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def item(case: dict[str, Any], key: str) -> dict[str, Any]:
    (found,) = [i for i in case["checklist"] if i["key"] == key]
    return dict(found)


def status(case: dict[str, Any], key: str) -> str:
    return str(item(case, key)["status"])


def keys(case: dict[str, Any]) -> set[str]:
    return {i["key"] for i in case["checklist"]}


def inbox_entry(system: System, district: str, **expected: Any) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        for entry in system.police_inbox(district):
            if all(entry.get(k) == v for k, v in expected.items()):
                return entry
        return None

    return wait_until(f"the {district} inbox to show {expected}", found)


def until_school_shows(system: System, case_id: str, key: str, wanted: str) -> dict[str, Any]:
    def shows() -> dict[str, Any] | None:
        case = system.school_case(case_id)
        return case if status(case, key) == wanted else None

    return wait_until(f"{key} to be {wanted} at the school", shows)


def test_level_4_sextortion_at_a_gymnasium(sqlite_system: System) -> None:
    system = sqlite_system
    system.start()
    report = {
        "institution": "Hjørring Gymnasium og HF",
        "municipality": "Hjørring",
        "offence_category": "sextortion",
        "victim_is_minor": True,
        "description": "Eleven (17) afpresses af en ukendt profil for flere billeder.",
    }
    case_id = system.report_case(**report, police_district=None)
    case = system.school_case(case_id)
    assert case["police_district"] == "nordjylland", "filled in from the municipality"

    # The first minutes: evidence and the logbook, before the parents are told.
    system.school(case_id, "evidence", {"kind": "message", "held_by": "victim"})
    case = system.school(
        case_id,
        "logbook",
        {
            "who": "ukendt profil",
            "what": "kræver flere billeder",
            "where": "Instagram",
            "when": "2026-11-30T22:10:00Z",
        },
    )
    assert status(case, "keep_evidence") == "done"
    assert status(case, "involve_parents") == "due"
    system.school(case_id, "referrals", {"to": "sikkerchat"})  # anonymous help does not wait

    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["naked_body", "face_visible", "threats"],
            "reaction": "violent",
            "context": "B",
            "provisions": ["§281"],
            "track": "police_case",
        },
    )
    assert case["level"] == 4
    assert status(case, "police_report") == "due"
    assert status(case, "help:not_giving_in") == "due"
    assert status(case, "help:contact_stopped") == "due"
    assert status(case, "extortion_hotline") == "done", "Sikkerchat was already named"
    assert status(case, "psychologist_and_lawyer") == "blocked", "waits for the parents"
    assert "conflict_mediation" not in keys(case), "no mediation with an unknown extortioner"

    notification_id = system.notify_police(case_id)
    assert status(system.school_case(case_id), "police_view") == "waiting"
    entry = inbox_entry(system, "nordjylland", notification_id=notification_id)
    assert (entry["level"], entry["track"], entry["provisions"]) == (4, "police_case", ["§281"])
    system.police(notification_id, "acknowledge", district="nordjylland")
    case = until_school_shows(system, case_id, "police_view", "done")
    assert item(case, "police_view")["done"]["by"]["role"] == "politi"

    system.police(notification_id, "evidence-hold", district="nordjylland")
    case = until_school_shows(system, case_id, "police_evidence", "waiting")
    system.school(case_id, "parents-informed")
    system.school(
        case_id, "police-reports", {"filed_by": "parents", "provision": "§281", "channel": "online"}
    )
    inbox_entry(system, "nordjylland", notification_id=notification_id, police_report_filed=True)
    case = system.school_case(case_id)
    assert status(case, "close") == "blocked", "the police hold the evidence"
    refused = system.school(
        case_id, "close", {"outcome": "transferred_to_police", "reason": "x"}, expect=409
    )
    assert refused["error"] == "EvidenceHeldByPolice"
    system.school(case_id, "police-takeover")
    case = system.school(
        case_id, "close", {"outcome": "transferred_to_police", "reason": "Politiet har overtaget."}
    )
    assert case["closed"] and status(case, "reopen") == "recommended"

    system.police(notification_id, "evidence-release", district="nordjylland")
    case = until_school_shows(system, case_id, "reopen", "due")
    assert status(case, "arrived:0:evidence_released") == "due"


def test_level_1_bikini_photo_between_classmates(sqlite_system: System) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case(offence_category="sharing_without_consent")
    system.school(
        case_id,
        "facts",
        {
            "involved": [
                {
                    "role": "known_offender",
                    "description": "klassekammerat i 7.b",
                    "is_minor": True,
                    "same_school": True,
                }
            ],
            "what_happened": "Et bikinibillede blev sendt videre til to klassekammerater.",
            "where": "Snapchat",
            "spread": "few_people",
            "victim_age": 13,
        },
    )
    system.school(case_id, "parents-informed")
    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["underwear_or_bikini", "full_identity"],
            "reaction": "no_special_need",
            "context": "A",
            "provisions": [],
            "track": "pedagogical",
        },
    )
    assert case["level"] == 1, "a bikini photo with a name is not by itself level 4"
    talks = item(case, "help:supportive_talks")
    assert "En eller få støttende samtaler" in talks["label_da"] and talks["status"] == "due"
    assert status(case, "help:rules_and_sanctions") == "due"
    assert status(case, "help:same_school_measures") == "due"
    assert "police_report" not in keys(case)

    system.school(case_id, "offender-contacts", {"offender_parents_contacted": True})
    asked = system.http.post(
        f"{system.url('school')}/cases/{case_id}/deletion-requests",
        json={"from_whom": "klassekammerat i 7.b"},
        headers=system.staff_of(case_id),
    ).json()["request_id"]
    assert status(system.school_case(case_id), f"deletion:{asked}") == "waiting"
    case = system.school(
        case_id,
        "deletion-confirmations",
        {"request_id": asked, "proof": "shown_in_person", "shared_with_count": 2},
    )
    assert status(case, f"deletion:{asked}") == "done"
    for help_item in (
        "supportive_talks",
        "normalising",
        "rules_and_sanctions",
        "same_school_measures",
    ):
        case = system.school(case_id, "help", {"item": help_item})
        assert status(case, f"help:{help_item}") == "done"

    consultant = bearer("ssp-konsulent-eva", "ssp_konsulent", "Frederiksberg")
    wait_until(
        "the case at SSP",
        lambda: [c for c in system.ssp_overview() if c["case_id"] == case_id and c["level"] == 1],
    )
    step = system.http.post(
        f"{system.url('ssp')}/cases/{case_id}/coordination-steps",
        json={"step": "advice_given", "counterpart": "Frederiksberg Skole", "note": "Sparring."},
        headers=consultant,
    )
    assert step.status_code == 200, step.text
    case = until_school_shows(system, case_id, "ssp_sparring", "done")
    assert item(case, "ssp_sparring")["done"]["by"]["person_id"] == "ssp-konsulent-eva"

    case = system.school(
        case_id, "close", {"outcome": "resolved", "reason": "Slettet og talt igennem."}
    )
    assert case["closed"]
    wait_until(
        "SSP to see it closed",
        lambda: [c for c in system.ssp_overview() if c["case_id"] == case_id and c["closed"]],
    )


def test_level_3_nude_shared_by_an_ex_boyfriend_in_another_municipality(
    sqlite_system: System,
) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case(
        institution="Aarhus Katedralskole",
        municipality="Aarhus",
        police_district="oestjylland",
        offence_category="sharing_without_consent",
        description="Et nøgenbillede med ansigt deles af elevens ekskæreste.",
    )
    system.school(
        case_id,
        "facts",
        {
            "involved": [
                {"role": "known_offender", "description": "ekskæresten, 19 år", "is_minor": False}
            ],
            "what_happened": "Billedet er lagt op på en åben profil.",
            "where": "Instagram",
            "spread": "public_online",
            "victim_age": 16,
        },
    )
    by = date.today() + timedelta(days=3)
    case = system.school(
        case_id,
        "parents-not-yet-informed",
        {"reason": "Eleven frygter faderens reaktion.", "reassess_by": str(by)},
    )
    deferred = item(case, "involve_parents")
    assert (deferred["status"], deferred["until"]) == ("deferred", str(by))

    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["naked_body", "face_visible"],
            "reaction": "out_of_control",
            "context": "B",
            "provisions": ["§264d"],
            "track": "pedagogical",
        },
    )
    assert case["level"] == 3
    assert status(case, "help:passive_sharers_contacted") == "due"
    assert status(case, "conflict_mediation") == "due", "should be considered at level 3"
    assert status(case, "request_takedown") == "blocked", "waiting for the police"

    notification_id = system.notify_police(case_id)
    inbox_entry(system, "oestjylland", notification_id=notification_id, level=3)
    system.police(notification_id, "evidence-release", district="oestjylland")
    case = until_school_shows(system, case_id, "police_evidence", "done")
    assert status(case, "police_view") == "done", "the police's decision answers the contact"

    system.school(case_id, "takedown-requests", {"platform": "Instagram"})
    case = system.school(
        case_id, "takedown-outcomes", {"platform": "instagram", "outcome": "refused"}
    )
    assert status(case, "takedown:Instagram") == "due"
    assert status(case, "complaint:Instagram") == "due"
    case = system.school(case_id, "datatilsynet-complaints", {"platform": "Instagram"})
    assert status(case, "complaint:Instagram") == "waiting"
    case = system.school(
        case_id, "datatilsynet-decisions", {"platform": "Instagram", "outcome": "rejected"}
    )
    assert status(case, "complaint:Instagram") == "done"
    assert "police" in item(case, "takedown:Instagram")["why"]

    entry = wait_until(
        "Aarhus' SSP to see the case",
        lambda: [
            c for c in system.ssp_overview("Aarhus") if c["case_id"] == case_id and c["level"] == 3
        ],
    )[0]
    assert entry["parents_involvement_deferred"] is True
    assert "Eleven frygter" not in str(entry), "the reason stays at the school"
    assert not [c for c in system.ssp_overview() if c["case_id"] == case_id], "not Frederiksberg's"
