"""``samspil up`` survives the kill of any one service, and of its embedded broker.

One ``samspil up`` runs for the whole module (a restart takes a while: the restarted
service's consumers wait for the broker to give up on their killed predecessors), and
each test kills something in it with SIGKILL, as a crash would.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.audit_chain import ChainStore
from infra.settings import SERVICES, Settings
from infra.tansu import free_port
from services.cli.audit import open_store
from services.run.processes import exit_description
from services.run.supervisor import Backoff
from tests.identities import POLICE_OFFICER, PUBLIC_KEY_FILE, bearer
from tests.system import a_report, wait_until

pytestmark = pytest.mark.e2e

SCHOOL_STAFF = bearer("skoleleder", "ledelse", "Frederiksberg Skole")
SSP_CONSULTANT = bearer("ssp-konsulent", "ssp_konsulent", "Frederiksberg")
POLICE_READER = bearer("betjent", "politi", "koebenhavn")


class RunningUp:
    """``samspil up`` as a subprocess, with what it printed and its running.json."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.ports = {name: free_port() for name in ("school", "ssp", "police_liaison")}
        self.env = {
            **os.environ,
            "SAMSPIL_DATA_DIR": str(data_dir),
            "SAMSPIL_SCHOOL_PORT": str(self.ports["school"]),
            "SAMSPIL_SSP_PORT": str(self.ports["ssp"]),
            "SAMSPIL_POLICE_LIAISON_PORT": str(self.ports["police_liaison"]),
            "SAMSPIL_AUTH_PUBLIC_KEY_FILE": PUBLIC_KEY_FILE,
            "SAMSPIL_RELAY_POLL_SECONDS": "0.2",
            "SAMSPIL_CHECKPOINT_SECONDS": "1",
        }
        self.env.pop("SAMSPIL_KAFKA_BOOTSTRAP", None)
        self.env.pop("SAMSPIL_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "up"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.http = httpx.Client(timeout=10.0)
        self._chains: dict[str, ChainStore] = {}

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def printed(self, start: str, after: int = 0, timeout: float = 90.0, times: int = 1) -> str:
        """The ``times``-th line from index ``after`` on that starts with ``start``."""

        def find() -> str | None:
            found = [line for line in self.lines[after:] if line.startswith(start)]
            return found[times - 1] if len(found) >= times else None

        return wait_until(f"samspil up to print {start!r}", find, timeout=timeout)

    @property
    def broker_port(self) -> int:
        line = self.printed("  Kafka broker")
        return int(line.split()[2].rsplit(":", 1)[1])

    def pids(self) -> dict[str, int]:
        running = json.loads((self.data_dir / "running.json").read_text(encoding="utf-8"))
        return dict(running["pids"])

    def kill(self, name: str) -> int:
        """SIGKILL a service (or ``broker``); returns the index of the next line printed."""
        mark = len(self.lines)
        os.kill(self.pids()[name], signal.SIGKILL)
        return mark

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def healthy(self, name: str) -> bool:
        try:
            return self.http.get(f"{self.url(name)}/health").status_code == 200
        except httpx.HTTPError:
            return False

    # What the agencies see, through their HTTP APIs.

    def report_and_notify(self) -> tuple[str, str]:
        """A case reported at the school and the police notified; (case id, notification id)."""
        school = self.url("school")
        created = self.http.post(f"{school}/cases", json=a_report(), headers=SCHOOL_STAFF)
        assert created.status_code == 201, created.text
        case_id = str(created.json()["case_id"])
        notified = self.http.post(
            f"{school}/cases/{case_id}/police-notifications", headers=SCHOOL_STAFF
        )
        assert notified.status_code == 201, notified.text
        return case_id, str(notified.json()["police_notification_id"])

    def inbox(self) -> Counter[str]:
        response = self.http.get(
            f"{self.url('police_liaison')}/districts/koebenhavn/inbox",
            params={"limit": 500},
            headers=POLICE_READER,
        )
        assert response.status_code == 200, response.text
        return Counter(n["notification_id"] for n in response.json()["notifications"])

    def ssp_overview(self) -> Counter[str]:
        response = self.http.get(
            f"{self.url('ssp')}/municipalities/Frederiksberg/overview",
            params={"limit": 500},
            headers=SSP_CONSULTANT,
        )
        assert response.status_code == 200, response.text
        return Counter(c["case_id"] for c in response.json()["cases"])

    def acknowledge(self, notification_id: str) -> None:
        response = self.http.post(
            f"{self.url('police_liaison')}/districts/koebenhavn/inbox/{notification_id}/acknowledge",
            headers=POLICE_OFFICER,
        )
        assert response.status_code == 200, response.text

    def acknowledgements_at_school(self, case_id: str) -> int:
        response = self.http.get(f"{self.url('school')}/cases/{case_id}", headers=SCHOOL_STAFF)
        assert response.status_code == 200, response.text
        return [h["event"] for h in response.json()["history"]].count("PoliceAcknowledged")

    def peers_keep_school_checkpoint(self) -> bool:
        """Do SSP and the police keep a signed checkpoint of the school's chain as it is now
        (what ``samspil audit verify`` checks the school's store against)?"""
        if not self._chains:
            settings = Settings(_env_file=None, data_dir=self.data_dir, database_url="")
            for name in SERVICES:
                self._chains[name] = open_store(settings, name)[1]
        head = self._chains["school"].head()[0]
        copies = [self._chains[p].latest_checkpoint("school") for p in ("ssp", "police_liaison")]
        return all(c is not None and c.notification_id >= head for c in copies)

    def wait_delivered(self, cases: dict[str, str]) -> None:
        """Every case at SSP and its notification in the police inbox, each exactly once."""
        wait_until("every case at SSP", lambda: set(cases) <= set(self.ssp_overview()))
        wait_until(
            "every notification in the inbox", lambda: set(cases.values()) <= set(self.inbox())
        )
        overview, inbox = self.ssp_overview(), self.inbox()
        assert max(overview.values()) == 1, f"twice at SSP: {overview.most_common(2)}"
        assert max(inbox.values()) == 1, f"twice in the inbox: {inbox.most_common(2)}"


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningUp]:
    """A running ``samspil up``; stopping it at the end must leave nothing behind."""
    running = RunningUp(tmp_path_factory.mktemp("supervised") / "data")
    ports = list(running.ports.values())
    try:
        running.printed("Try `samspil demo`", timeout=120)
        ports.append(running.broker_port)
        yield running
    finally:
        running.http.close()  # an open keep-alive connection would hold up the shutdown
        running.process.send_signal(signal.SIGTERM)
        code = running.process.wait(timeout=60)
    assert code == 0, "\n".join(running.lines)
    assert not (running.data_dir / "running.json").exists()
    wait_until("nothing left listening", lambda: not any(_listens(p) for p in ports))


def _listens(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


CASES: dict[str, str] = {}
"""Every case the tests reported (case id → notification id): none may be lost or doubled."""


def test_a_killed_ssp_service_is_restarted_while_the_others_carry_on(system: RunningUp) -> None:
    CASES.update([system.report_and_notify()])
    system.wait_delivered(CASES)
    before = system.pids()

    mark = system.kill("ssp")
    system.printed(
        "The ssp service stopped unexpectedly (killed by SIGKILL); restarting it in 1 s.", mark
    )
    assert not system.healthy("ssp")
    while_down, notification_id = system.report_and_notify()  # the school carries on
    CASES[while_down] = notification_id
    wait_until("the police to carry on", lambda: notification_id in system.inbox())
    system.printed("The ssp service is back", mark)

    assert system.healthy("ssp")
    after = system.pids()
    assert after["ssp"] != before["ssp"], "running.json names the new process"
    assert {n: p for n, p in after.items() if n != "ssp"} == {
        n: p for n, p in before.items() if n != "ssp"
    }, "only the killed service was restarted"
    system.wait_delivered(CASES)  # including the case reported while SSP was down


def test_a_school_that_cannot_start_is_retried_with_growing_pauses(system: RunningUp) -> None:
    case = system.report_and_notify()
    mark = system.kill("school")  # right after accepting: its relay may not have published
    CASES.update([case])
    system.printed("The school service stopped unexpectedly (killed by SIGKILL)", mark)
    with socket.socket() as squatter:  # something else takes the port: every start fails
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", system.ports["school"]))
        squatter.listen()
        refused = "The school service could not be started (port"
        first = system.printed(refused, mark)
        first_seen = time.monotonic()
        assert first.endswith("restarting it in 2 s."), first
        second = system.printed(refused, mark, times=2)
        assert second.endswith("restarting it in 4 s."), second
        assert time.monotonic() - first_seen >= 1.5, "retried without waiting"
        assert system.healthy("ssp") and system.healthy("police_liaison")
    system.printed("The school service is back", mark, timeout=120)

    assert system.healthy("school")
    system.wait_delivered(CASES)


def test_a_case_reported_while_the_police_liaison_is_down_reaches_its_inbox_once(
    system: RunningUp,
) -> None:
    acknowledged_case, acknowledged = system.report_and_notify()
    CASES[acknowledged_case] = acknowledged
    system.wait_delivered(CASES)
    system.acknowledge(acknowledged)
    mark = system.kill("police_liaison")  # right after: its relay may not have published
    system.printed("The police_liaison service stopped unexpectedly (killed by SIGKILL)", mark)

    while_down, notification_id = system.report_and_notify()
    CASES[while_down] = notification_id
    assert not system.healthy("police_liaison")
    system.printed("The police_liaison service is back", mark)

    system.wait_delivered(CASES)
    assert system.inbox()[notification_id] == 1
    wait_until(
        "the acknowledgement on the school's case",
        lambda: system.acknowledgements_at_school(acknowledged_case) >= 1,
    )
    system.acknowledge(notification_id)
    wait_until(
        "the acknowledgement of the case reported while the police were down",
        lambda: system.acknowledgements_at_school(while_down) >= 1,
    )
    assert system.acknowledgements_at_school(acknowledged_case) == 1
    assert system.acknowledgements_at_school(while_down) == 1


def test_the_broker_comes_back_empty_and_the_services_catch_up(system: RunningUp) -> None:
    port = system.broker_port
    mark = system.kill("broker")
    system.printed(
        f"The embedded Kafka broker stopped unexpectedly (killed by SIGKILL);"
        f" restarting it on port {port} in 1 s.",
        mark,
    )
    back = system.printed("The embedded Kafka broker is back", mark)
    assert "empty" in back and "publish again from their stores" in back

    after_case, after = system.report_and_notify()
    CASES[after_case] = after
    system.wait_delivered(CASES)  # republished from the stores, and applied once
    system.acknowledge(after)
    wait_until(
        "an acknowledgement after the restart at the school",
        lambda: system.acknowledgements_at_school(after_case) == 1,
    )
    assert all(system.healthy(name) for name in system.ports)
    wait_until(
        "SSP and the police to keep the school's checkpoints again",
        system.peers_keep_school_checkpoint,
    )


def test_restart_pauses_double_up_to_the_longest() -> None:
    backoff = Backoff(first=1.0, longest=30.0)
    assert [backoff.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_the_printed_line_names_the_exit_code_or_the_signal() -> None:
    assert exit_description(3) == "exit code 3"
    assert exit_description(-signal.SIGKILL) == "killed by SIGKILL"
    assert exit_description(-signal.SIGSEGV) == "killed by SIGSEGV"
