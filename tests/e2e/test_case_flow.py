"""A case reported at a school reaches SSP and the police, and the police answer reaches back."""

from __future__ import annotations

import pytest

from tests.identities import POLICE_OFFICER
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def test_report_reaches_ssp_and_police_and_acknowledgement_returns(system: System) -> None:
    system.start()
    case_id = system.report_case()
    notification_id = system.notify_police(case_id)

    overview = wait_until(
        "the case in SSP's overview with the police notified",
        lambda: [
            c for c in system.ssp_overview() if c["case_id"] == case_id and c["police_notified_at"]
        ],
    )
    assert overview[0]["institution"] == "Frederiksberg Skole"
    assert overview[0]["offence_category"] == "sextortion"
    assert "description" not in overview[0], "SSP coordinates; it does not receive the description"

    inbox = wait_until(
        "the notification in the police inbox",
        lambda: [n for n in system.police_inbox() if n["notification_id"] == notification_id],
    )
    assert inbox[0]["case_id"] == case_id
    assert inbox[0]["notified_by"]["organisation"] == "Frederiksberg Skole"
    assert inbox[0]["acknowledged_by"] is None

    system.acknowledge(notification_id)

    case = wait_until(
        "the acknowledgement on the school's case",
        lambda: (c := system.school_case(case_id))["police_notifications"][0]["acknowledged"] and c,
    )
    assert case["police_notifications"][0]["acknowledged_by"]["organisation"] == "koebenhavn"
    assert [h["event"] for h in case["history"]] == [
        "Reported",
        "PoliceNotified",
        "PoliceAcknowledged",
    ]
    assert case["history"][-1]["actor"]["role"] == "politi"


def test_ssp_overview_only_shows_its_own_municipality(system: System) -> None:
    system.start()
    here = system.report_case(municipality="Frederiksberg")
    elsewhere = system.report_case(
        municipality="Gentofte", police_district="nordsjaelland", institution="Gentofte Skole"
    )

    wait_until("both cases at SSP", lambda: system.ssp_overview("Gentofte"))
    frederiksberg = [c["case_id"] for c in wait_until("Frederiksberg", system.ssp_overview)]
    assert frederiksberg == [here]
    assert [c["case_id"] for c in system.ssp_overview("Gentofte")] == [elsewhere]


def test_one_correlation_id_follows_a_command_across_services_and_logs_hold_no_case_text(
    sqlite_system: System,
) -> None:
    system = sqlite_system
    system.start()
    description = "Hemmelig beskrivelse af hvad der skete i 7.c"
    case_id = system.report_case(description=description)
    response = system.http.post(
        f"{system.url('school')}/cases/{case_id}/police-notifications",
        headers={**system.staff_of(case_id), "X-Correlation-ID": "anmeld-4711"},
    )
    assert response.headers["x-correlation-id"] == "anmeld-4711"
    notification_id = response.json()["police_notification_id"]
    wait_until("the inbox", lambda: system.police_inbox())
    ack = system.http.post(
        f"{system.url('police_liaison')}/districts/koebenhavn/inbox/{notification_id}/acknowledge",
        headers={**POLICE_OFFICER, "X-Correlation-ID": "kvitter-815"},
    )
    assert ack.status_code == 200
    wait_until(
        "the acknowledgement at the school",
        lambda: system.school_case(case_id)["police_notifications"][0]["acknowledged"],
    )
    system.stop()

    logs = {
        name: (system.settings.data_dir / "logs" / f"{name}.log").read_text()
        for name in ("school", "ssp", "police_liaison")
    }
    applied = [line for line in logs["police_liaison"].splitlines() if "inbound.applied" in line]
    assert any("anmeld-4711" in line for line in applied), logs["police_liaison"]
    assert any("anmeld-4711" in line for line in logs["ssp"].splitlines())
    assert any(
        "kvitter-815" in line and "inbound.applied" in line for line in logs["school"].splitlines()
    )
    for text in logs.values():
        assert description not in text and "Frederiksberg Skole" not in text
