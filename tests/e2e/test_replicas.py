"""Two processes of one deployment on one PostgreSQL store, each killed outright in turn.

The school runs two replicas and so does SSP. Cases are reported while the school's
relay leader is killed mid-stream, then one SSP replica is killed while it is taking
its share of the partitions. The standby takes over the relay, the surviving consumer
takes over the partitions, and every case arrives exactly once, linked in the same
clusters one process forms (by their material).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from infra.settings import ServiceName
from infra.tansu import EmbeddedBroker, free_port
from services.run.launcher import ServiceProcess, start_service, stop_services, wait_healthy
from tests.identities import bearer
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e

GROUPS = 12
"""Pieces of material, each reported at two cases: one replica may take the first and
the other the second, which then links only if that replica learned of the first."""
PER_GROUP = 2


def material(group: int) -> dict[str, Any]:
    return {"fingerprints": [{"kind": "sha256", "value": f"{group:02x}" * 32}]}


@pytest.fixture
def system(
    tmp_path: Path, broker: EmbeddedBroker, postgres_url: str, postgres_schema_prefix: str
) -> Iterator[System]:
    running = System(
        tmp_path / "data", broker, database_url=postgres_url, schema_prefix=postgres_schema_prefix
    )
    try:
        yield running
    finally:
        running.close()


def role(url: str) -> str | None:
    try:
        return str(httpx.get(f"{url}/health", timeout=2).json()["role"])
    except httpx.HTTPError:
        return None


def first_replica(system: System, name: ServiceName) -> ServiceProcess:
    """A replica beside the one at the system's own port, started first so it leads."""
    port = free_port()
    settings = system.settings.model_copy(update={f"{name}_port": port})
    env = {**system.env, f"SAMSPIL_{name.upper()}_PORT": str(port)}
    replica = start_service(name, settings, env, log_name=f"{name}-first")
    wait_healthy(replica)
    wait_until(f"the first {name} replica to lead", lambda: role(replica.url) == "leader")
    return replica


def kill(replica: ServiceProcess) -> None:
    replica.process.kill()  # SIGKILL: no goodbye to the broker, the store or the group
    replica.process.wait()


def clusters(system: System) -> list[dict[str, Any]]:
    response = system.http.get(
        f"{system.url('ssp')}/municipalities/Frederiksberg/clusters",
        params={"limit": 100},
        headers=bearer("ssp-konsulent", "ssp_konsulent", "Frederiksberg"),
    )
    assert response.status_code == 200, response.text
    return list(response.json()["clusters"])


def members(system: System, cluster_id: str) -> frozenset[str]:
    response = system.http.get(
        f"{system.url('ssp')}/clusters/{cluster_id}",
        headers=bearer("ssp-konsulent", "ssp_konsulent", "Frederiksberg"),
    )
    assert response.status_code == 200, response.text
    return frozenset(m["case_id"] for m in response.json()["members"])


def test_replicas_killed_outright_lose_nothing_and_apply_nothing_twice(system: System) -> None:
    school_leader = first_replica(system, "school")
    ssp_first = first_replica(system, "ssp")
    replicas = [school_leader, ssp_first]
    try:
        system.start("school", "ssp", "police_liaison")  # the standbys, and the police
        assert role(system.url("school")) == "standby"

        reported: dict[str, int] = {}  # case id -> its material
        notifications: list[str] = []

        def report_all() -> None:
            for n in range(GROUPS * PER_GROUP):
                case_id = system.report_case()
                system.school(case_id, "fingerprints", material(n % GROUPS))
                notifications.append(system.notify_police(case_id))
                reported[case_id] = n % GROUPS

        reporting = threading.Thread(target=report_all)
        reporting.start()
        wait_until("the police to receive the first cases", lambda: system.police_inbox())
        kill(school_leader)  # while cases are still being reported and published
        wait_until(
            "the standby school replica to take over",
            lambda: role(system.url("school")) == "leader",
            timeout=30,
        )
        wait_until("SSP to have taken half the cases", lambda: len(system.ssp_overview()) >= GROUPS)
        kill(ssp_first)  # while it holds its share of the partitions
        reporting.join(timeout=120)
        assert not reporting.is_alive()

        total = GROUPS * PER_GROUP
        wait_until(
            "every notification in the police inbox",
            lambda: len(system.police_inbox()) >= total,
            timeout=120,
        )
        wait_until(
            "SSP to link every case",
            lambda: sum(c["cases"] for c in clusters(system)) >= total,
            timeout=120,
        )

        inbox = Counter(n["notification_id"] for n in system.police_inbox())
        assert set(inbox) == set(notifications)
        assert max(inbox.values()) == 1, f"twice in the inbox: {inbox.most_common(2)}"
        overview = Counter(c["case_id"] for c in system.ssp_overview())
        assert set(overview) == set(reported) and max(overview.values()) == 1

        formed = {members(system, c["cluster_id"]) for c in clusters(system)}
        by_material = {
            frozenset(c for c, g in reported.items() if g == group) for group in range(GROUPS)
        }
        assert formed == by_material
        assert role(system.url("ssp")) == "leader"
        logs = system.settings.data_dir / "logs"
        assert "leadership.taken" in (logs / "school.log").read_text()
    finally:
        stop_services([r for r in replicas if r.process.poll() is None])
