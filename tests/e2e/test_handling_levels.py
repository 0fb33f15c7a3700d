"""One case per level of the handling model, walked through the whole action card.

Over the HTTP APIs of the three running services, a real broker and real stores;
at each turn the checklist must tell the professional what comes next.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def status_of(case: dict[str, Any], key: str) -> str:
    (item,) = [i for i in case["checklist"] if i["key"] == key]
    return str(item["status"])


def ssp_file(system: System, case_id: str, **expected: Any) -> dict[str, Any]:
    """Wait until SSP's overview shows the case with the expected fields."""

    def matches() -> dict[str, Any] | None:
        for entry in system.ssp_overview():
            if entry["case_id"] == case_id and all(entry[k] == v for k, v in expected.items()):
                return entry
        return None

    return wait_until(f"SSP's file to show {expected}", matches)


def test_level_1_underwear_image_handled_with_short_support(sqlite_system: System) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case(offence_category="sharing_without_consent")
    system.school(
        case_id,
        "facts",
        {
            "involved": [{"role": "known_offender", "description": "classmate", "is_minor": True}],
            "what_happened": "A bikini photo was forwarded to two classmates.",
            "where": "Snapchat",
            "spread": "few_people",
            "victim_age": 14,
        },
    )
    system.school(case_id, "parents-informed")
    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["underwear_or_bikini"],
            "reaction": "no_special_need",
            "context": "A",
            "provisions": [],
            "track": "pedagogical",
        },
    )
    assert case["level"] == 1
    assert status_of(case, "contact_offender") == "due"
    assert "police_report" not in {i["key"] for i in case["checklist"]}

    system.school(case_id, "evidence", {"kind": "screenshot", "held_by": "victim"})
    system.school(case_id, "offender-contacts", {"offender_parents_contacted": True})
    system.school(case_id, "deletion-requests", {"from_whom": "classmate"})
    case = system.school(
        case_id, "deletion-confirmations", {"proof": "shown_in_person", "shared_with_count": 2}
    )
    assert status_of(case, "request_deletion") == "done"
    system.school(case_id, "ssp-sparring", {"note": "One supportive talk; normalised."})
    case = system.school(case_id, "close", {"outcome": "resolved", "reason": "Deleted."})
    assert case["closed"] and case["outcome"] == "resolved"

    entry = ssp_file(system, case_id, level=1, closed=True)
    assert entry["outcome"] == "resolved"
    assert entry["parents_involvement_deferred"] is False


def test_level_2_platform_refuses_and_datatilsynet_is_next(sqlite_system: System) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case(offence_category="sharing_without_consent")
    system.school(case_id, "parents-informed")
    system.school(
        case_id,
        "facts",
        {
            "involved": [{"role": "unknown_offender", "description": "anonymous profile"}],
            "what_happened": "Image of naked torso posted by an anonymous profile.",
            "where": "TikTok",
            "spread": "group_chat",
            "victim_age": 15,
        },
    )
    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["naked_body"],
            "reaction": "needs_help",
            "context": "A",
            "track": "pedagogical",
        },
    )
    assert case["level"] == 2 and case["waiting_for_police"] is None
    assert status_of(case, "request_takedown") == "due"
    system.school(case_id, "takedown-requests", {"platform": "TikTok"})
    case = system.school(case_id, "takedown-outcomes", {"platform": "TikTok", "outcome": "refused"})
    assert status_of(case, "complain_datatilsynet:TikTok") == "due"
    case = system.school(case_id, "datatilsynet-complaints", {"platform": "TikTok"})
    assert status_of(case, "complain_datatilsynet:TikTok") == "done"

    system.school(case_id, "conflict-mediation")
    refusal = system.school(case_id, "surroundings-informed", {"audience": "class"}, expect=409)
    assert refusal["error"] == "ConsentMissing"
    system.school(case_id, "consents", {"given_by": "victim", "audience": "class"})
    system.school(case_id, "consents", {"given_by": "parents", "audience": "class"})
    case = system.school(case_id, "surroundings-informed", {"audience": "class"})
    assert status_of(case, "surroundings") == "done"
    system.school(case_id, "close", {"outcome": "resolved"})
    ssp_file(system, case_id, level=2, closed=True, takedowns_requested=["TikTok"])


def test_level_3_value_jump_then_the_police_decide_on_evidence(sqlite_system: System) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case(offence_category="sharing_without_consent")
    system.school(
        case_id,
        "parents-not-yet-informed",
        {"reason": "The victim fears violence from her father if he learns of the image."},
    )
    entry = ssp_file(system, case_id, parents_involvement_deferred=True)
    assert "fears violence" not in str(entry), "SSP sees the flag, never the reason"

    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["naked_body", "face_visible"],
            "reaction": "out_of_control",
            "context": "A",
            "provisions": ["§264d"],
            "track": "pedagogical",
        },
    )
    assert case["level"] == 3
    assert status_of(case, "police_view") == "due"
    notification_id = system.notify_police(case_id)
    system.school(
        case_id,
        "facts",
        {
            "involved": [{"role": "passive_sharer", "description": "pupils in 9.a"}],
            "what_happened": "A nude image with her face is passed around the school.",
            "where": "Snapchat group",
            "spread": "school_wide",
            "victim_age": 15,
        },
    )
    case = system.school_case(case_id)
    assert status_of(case, "request_takedown") == "blocked"
    assert case["waiting_for_police"] == "the police have not yet made an evidence decision"

    wait_until("the police inbox", lambda: system.police_inbox())
    system.police(notification_id, "evidence-hold")
    case = wait_until(
        "the hold at the school",
        lambda: (
            (c := system.school_case(case_id))["waiting_for_police"]
            == "the police have an evidence hold in place"
            and c
        ),
    )
    refusal = system.school(case_id, "takedown-requests", {"platform": "Snapchat"}, expect=409)
    assert refusal["error"] == "WaitingForPolice"

    system.police(notification_id, "evidence-release")
    case = wait_until(
        "the release at the school",
        lambda: (c := system.school_case(case_id))["waiting_for_police"] is None and c,
    )
    assert status_of(case, "police_evidence") == "done"
    assert status_of(case, "request_takedown") == "due"
    system.school(case_id, "takedown-requests", {"platform": "Snapchat"})
    system.school(case_id, "cooperation-requests", {"schools": ["Nabo Skole"]})
    system.school(case_id, "parents-informed")
    system.school(case_id, "referrals", {"to": "red_barnet_sletdet"})
    system.school(case_id, "close", {"outcome": "resolved"})
    entry = ssp_file(system, case_id, level=3, closed=True, cooperation_with=["Nabo Skole"])
    assert entry["takedowns_requested"] == ["Snapchat"]


def test_level_4_sextortion_needs_a_police_report_before_closing(sqlite_system: System) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case(offence_category="sextortion")
    system.school(case_id, "parents-informed")
    system.school(
        case_id,
        "facts",
        {
            "involved": [{"role": "unknown_offender", "description": "adult posing as a teen"}],
            "what_happened": "Threatens to send her nude images to her class unless she pays.",
            "where": "Instagram",
            "spread": "not_shared",
            "victim_age": 14,
        },
    )
    case = system.school(
        case_id,
        "assessment",
        {
            "material": ["naked_body", "face_visible", "full_identity", "threats"],
            "reaction": "violent",
            "context": "B",
            "provisions": ["§264d", "§235"],
            "track": "police_case",
        },
    )
    assert case["level"] == 4
    assert status_of(case, "police_report") == "due"
    assert status_of(case, "close") == "blocked"

    notification_id = system.notify_police(case_id)
    wait_until("the police inbox", lambda: system.police_inbox())
    system.police(notification_id, "acknowledge")
    system.police(notification_id, "evidence-hold")

    refusal = system.school(case_id, "close", {"outcome": "resolved"}, expect=409)
    assert refusal["error"] == "PoliceReportRequired"
    refusal = system.school(
        case_id,
        "police-reports",
        {"filed_by": "school", "provision": "§264d", "channel": "station"},
        expect=409,
    )
    assert refusal["error"] == "SchoolMayNotReport"
    system.school(
        case_id,
        "police-reports",
        {"filed_by": "parents", "provision": "§264d", "channel": "online"},
    )
    system.school(
        case_id,
        "police-reports",
        {"filed_by": "school", "provision": "§235", "channel": "phone_114"},
    )
    system.school(case_id, "police-takeover")
    system.school(case_id, "referrals", {"to": "psychologist"})
    system.school(case_id, "referrals", {"to": "lawyer"})
    case = system.school(case_id, "insurance-advice")
    assert status_of(case, "police_report") == "done"
    assert status_of(case, "referral") == "done"
    case = system.school(case_id, "close", {"outcome": "transferred_to_police"})
    assert case["closed"]

    case = wait_until(
        "the police's acknowledgement and hold at the school",
        lambda: (
            (c := system.school_case(case_id))["police_notifications"][0]["acknowledged"]
            and "EvidenceHoldSet" in [h["event"] for h in c["history"]]
            and c
        ),
    )
    assert case["closed"], "facts from the police are recorded on a closed case too"
    ssp_file(system, case_id, level=4, closed=True, outcome="transferred_to_police")
