"""What SSP and the police send and receive, over the real broker between real services:
SSP's advice ticks the school's sparring item; the police inbox follows the school's case."""

from __future__ import annotations

from typing import Any

import pytest

from tests.identities import bearer
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e

CONSULTANT = bearer("ssp-konsulent-eva", "ssp_konsulent", "Frederiksberg")
ADVICE_NOTE = "Rådgivning om politianmeldelse; Sofies forældre kontaktes i morgen"


def assessment(level: int) -> dict[str, Any]:
    if level == 2:
        return {
            "material": ["naked_body", "face_visible"],
            "reaction": "needs_help",
            "context": "A",
            "provisions": ["§264d"],
            "track": "pedagogical",
        }
    return {
        "material": ["naked_body", "face_visible"],
        "reaction": "out_of_control",
        "context": "B",
        "provisions": ["§264d"],
        "track": "police_case",
    }


def sparring(case: dict[str, Any]) -> dict[str, Any]:
    (item,) = [i for i in case["checklist"] if i["key"] == "ssp_sparring"]
    return dict(item)


def test_ssp_advice_ticks_the_schools_sparring_item_with_the_consultant(system: System) -> None:
    system.start()
    case_id = system.report_case()
    case = system.school(case_id, "assessment", assessment(2))
    assert sparring(case)["status"] == "recommended"
    wait_until("the case at SSP", lambda: [c for c in system.ssp_overview() if c["level"] == 2])

    step = system.http.post(
        f"{system.url('ssp')}/cases/{case_id}/coordination-steps",
        json={"step": "advice_given", "counterpart": "Frederiksberg Skole", "note": ADVICE_NOTE},
        headers=CONSULTANT,
    )
    assert step.status_code == 200, step.text

    def advised() -> dict[str, Any] | None:
        found = system.school_case(case_id)
        return found if sparring(found)["status"] == "done" else None

    case = wait_until("SSP's advice on the school's case", advised)
    done = sparring(case)["done"]
    assert (done["by"]["person_id"], done["by"]["role"]) == ("ssp-konsulent-eva", "ssp_konsulent")
    assert case["history"][-1]["event"] == "SspAdviceReceived"
    assert ADVICE_NOTE not in str(case) and "Sofie" not in str(case), "SSP's note stays at SSP"


def test_the_police_inbox_follows_the_schools_reassessment_and_report(system: System) -> None:
    system.start()
    case_id = system.report_case()
    system.school(case_id, "assessment", assessment(2))
    notification_id = system.notify_police(case_id)

    def entry(**expected: Any) -> dict[str, Any] | None:
        for item in system.police_inbox():
            if item["notification_id"] == notification_id and expected.items() <= item.items():
                return dict(item)
        return None

    notified = wait_until("the notification with level 2", lambda: entry(level=2))
    assert (notified["context"], notified["track"]) == ("A", "pedagogical")
    assert (notified["provisions"], notified["police_report_filed"]) == (["§264d"], False)
    assert notified["victim_is_minor"] is True

    system.school(case_id, "assessment", assessment(3))
    reassessed = wait_until("the inbox entry at level 3", lambda: entry(level=3))
    assert (reassessed["context"], reassessed["track"]) == ("B", "police_case")

    report = {"filed_by": "parents", "provision": "§264d", "channel": "online"}
    system.school(case_id, "police-reports", report)
    wait_until("the police report on the inbox entry", lambda: entry(police_report_filed=True))
