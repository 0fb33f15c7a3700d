"""Two school deployments on one broker: each municipality runs its own school service,
and every police notification of either reaches the right district's inbox exactly once.

Both deployments number their notifications from 1, so before deployments had ids of
their own the police took the second school's "notification 5" for the first school's,
already applied, and dropped it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.settings import Settings
from infra.tansu import free_port
from services.run.launcher import start_service, stop_services, wait_healthy
from tests.identities import bearer
from tests.system import System, a_report, wait_until

pytestmark = pytest.mark.e2e

GENTOFTE = "school.gentofte"
GENTOFTE_SCHOOL = a_report(
    institution="Gentofte Skole", municipality="Gentofte", police_district="nordsjaelland"
)
CASES_EACH = 3


def _report_and_notify(url: str, report: dict[str, Any]) -> str:
    staff = bearer("skoleleder", "ledelse", report["institution"])
    with httpx.Client(base_url=url, timeout=10.0) as http:
        case = http.post("/cases", json=report, headers=staff)
        assert case.status_code == 201, case.text
        notified = http.post(
            f"/cases/{case.json()['case_id']}/police-notifications", headers=staff
        )
        assert notified.status_code == 201, notified.text
        return str(notified.json()["police_notification_id"])


def test_each_school_deployments_notifications_reach_the_right_inbox_exactly_once(
    sqlite_system: System, tmp_path: Path
) -> None:
    system = sqlite_system
    port = free_port()
    gentofte_url = f"http://127.0.0.1:{port}"
    system.env["SAMSPIL_DEPLOYMENT_URLS"] = json.dumps({GENTOFTE: gentofte_url})
    system.start()
    second = Settings(
        _env_file=None,
        data_dir=tmp_path / "gentofte",
        kafka_bootstrap=system.broker.bootstrap,
        school_port=port,
    )
    env = {
        **system.env,
        "SAMSPIL_DATA_DIR": str(second.data_dir),
        "SAMSPIL_DEPLOYMENT_ID": GENTOFTE,
        "SAMSPIL_SCHOOL_PORT": str(port),
        "SAMSPIL_TRUST_DIR": str(system.settings.trust_path()),
        "SAMSPIL_SSP_URL": system.url("ssp"),
    }
    gentofte = start_service("school", second, env)
    try:
        wait_healthy(gentofte)
        frederiksberg = [
            _report_and_notify(system.url("school"), a_report()) for _ in range(CASES_EACH)
        ]
        theirs = [_report_and_notify(gentofte_url, GENTOFTE_SCHOOL) for _ in range(CASES_EACH)]

        def inbox(district: str) -> list[str]:
            return [n["notification_id"] for n in system.police_inbox(district)]

        wait_until("Gentofte's notifications", lambda: len(inbox("nordsjaelland")) >= CASES_EACH)
        wait_until("Frederiksberg's notifications", lambda: len(inbox("koebenhavn")) >= CASES_EACH)
        assert sorted(inbox("koebenhavn")) == sorted(frederiksberg)
        assert sorted(inbox("nordsjaelland")) == sorted(theirs)
        opened = system.police_inbox("nordsjaelland")[0]
        assert opened["institution"] == "Gentofte Skole", "opened with the deployment's key"
    finally:
        stop_services([gentofte])
