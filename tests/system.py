"""A whole Samspil system for end-to-end tests: real processes, broker and stores."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from infra.auth import LocalIssuer
from infra.auth import local_issuer as embedded_issuer
from infra.settings import SERVICES, ServiceName, Settings
from infra.tansu import EmbeddedBroker, free_port
from services.run.launcher import ServiceProcess, start_service, stop_services, wait_healthy
from tests.identities import (
    POLICE_OFFICER,
    PUBLIC_KEY_FILE,
    bearer,
)

T = TypeVar("T")


def a_report(**overrides: Any) -> dict[str, Any]:
    report: dict[str, Any] = {
        "institution": "Frederiksberg Skole",
        "municipality": "Frederiksberg",
        "police_district": "koebenhavn",
        "offence_category": "sextortion",
        "victim_is_minor": True,
        "description": "Pupil (14) is pressed for more images by an unknown profile.",
    }
    report.update(overrides)
    return report


def wait_until(what: str, probe: Callable[[], T | None], timeout: float = 60.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


class System:
    """The three services as separate processes, sharing one broker and one data dir."""

    def __init__(
        self,
        data_dir: Path,
        broker: EmbeddedBroker,
        database_url: str = "",
        schema_prefix: str = "",
        *,
        local_issuer: bool = False,
    ) -> None:
        """``local_issuer``: the embedded default's issuer (as ``samspil up`` runs it),
        whose consoles offer the demonstration sign-in; otherwise the tests' own key."""
        self.broker = broker
        self.settings = Settings(
            _env_file=None,
            data_dir=data_dir,
            kafka_bootstrap=broker.bootstrap,
            school_port=free_port(),
            ssp_port=free_port(),
            police_liaison_port=free_port(),
            database_url=database_url,
            database_schema_prefix=schema_prefix or "samspil",
        )
        self.env = {
            **os.environ,
            "SAMSPIL_DATA_DIR": str(data_dir),
            "SAMSPIL_KAFKA_BOOTSTRAP": broker.bootstrap,
            "SAMSPIL_KAFKA_IDEMPOTENT_PRODUCER": "false",
            "SAMSPIL_KAFKA_FETCH_MAX_WAIT_MS": "10",
            "SAMSPIL_SCHOOL_PORT": str(self.settings.school_port),
            "SAMSPIL_SSP_PORT": str(self.settings.ssp_port),
            "SAMSPIL_POLICE_LIAISON_PORT": str(self.settings.police_liaison_port),
            "SAMSPIL_RELAY_POLL_SECONDS": "0.2",
            "SAMSPIL_CHECKPOINT_SECONDS": "1",
        }
        self.issuer: LocalIssuer | None = None
        if local_issuer:
            data_dir.mkdir(parents=True, exist_ok=True)
            self.issuer = embedded_issuer(self.settings)  # before the services read its key
        else:
            self.env["SAMSPIL_AUTH_PUBLIC_KEY_FILE"] = PUBLIC_KEY_FILE
        if database_url:
            self.env["SAMSPIL_DATABASE_URL"] = database_url
            self.env["SAMSPIL_DATABASE_SCHEMA_PREFIX"] = schema_prefix
        self.processes: dict[ServiceName, ServiceProcess] = {}
        self.http = httpx.Client(timeout=10.0)
        self._institutions: dict[str, str] = {}

    def samspil(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the ``samspil`` command against this system's settings."""
        return subprocess.run(
            [sys.executable, "-m", "services.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def url(self, service: ServiceName) -> str:
        return f"http://127.0.0.1:{self.settings.port_of(service)}"

    def start(self, *services: ServiceName) -> None:
        names = services or SERVICES
        for name in names:
            self.processes[name] = start_service(name, self.settings, self.env)
        for name in names:
            wait_healthy(self.processes[name])

    def stop(self, *services: ServiceName) -> None:
        names = services or tuple(self.processes)
        stop_services([self.processes.pop(n) for n in names if n in self.processes])

    def kill(self, service: ServiceName) -> None:
        """Stop a service abruptly, as a crash would."""
        process = self.processes.pop(service).process
        process.kill()
        process.wait()

    def close(self) -> None:
        self.stop()
        self.http.close()

    # What each agency sees, through its HTTP API.

    def report_case(self, **overrides: Any) -> str:
        report = a_report(**overrides)
        response = self.http.post(
            f"{self.url('school')}/cases",
            json=report,
            headers=bearer("skoleleder", "ledelse", report["institution"]),
        )
        assert response.status_code == 201, response.text
        case_id = str(response.json()["case_id"])
        self._institutions[case_id] = report["institution"]
        return case_id

    def staff_of(self, case_id: str) -> dict[str, str]:
        """Management at the case's own school."""
        return bearer(
            "skoleleder", "ledelse", self._institutions.get(case_id, "Frederiksberg Skole")
        )

    def notify_police(self, case_id: str) -> str:
        response = self.http.post(
            f"{self.url('school')}/cases/{case_id}/police-notifications",
            headers=self.staff_of(case_id),
        )
        assert response.status_code == 201, response.text
        return str(response.json()["police_notification_id"])

    def school(
        self, case_id: str, path: str, body: dict[str, Any] | None = None, expect: int = 200
    ) -> dict[str, Any]:
        """A command on the school's case; returns the case (or the refusal)."""
        response = self.http.post(
            f"{self.url('school')}/cases/{case_id}/{path}",
            json=body,
            headers=self.staff_of(case_id),
        )
        assert response.status_code == expect, response.text
        return dict(response.json())

    def police(self, notification_id: str, action: str, district: str = "koebenhavn") -> None:
        """A police liaison's action on a notification: acknowledge, evidence-hold, -release."""
        response = self.http.post(
            f"{self.url('police_liaison')}/districts/{district}/inbox/{notification_id}/{action}",
            headers=bearer("betjent", "politi", district),
        )
        assert response.status_code == 200, response.text

    def school_case(self, case_id: str) -> dict[str, Any]:
        response = self.http.get(
            f"{self.url('school')}/cases/{case_id}", headers=self.staff_of(case_id)
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def ssp_overview(self, municipality: str = "Frederiksberg") -> list[dict[str, Any]]:
        response = self.http.get(
            f"{self.url('ssp')}/municipalities/{municipality}/overview",
            params={"limit": 500},
            headers=bearer("ssp-konsulent", "ssp_konsulent", municipality),
        )
        assert response.status_code == 200, response.text
        return list(response.json()["cases"])

    def police_inbox(self, district: str = "koebenhavn") -> list[dict[str, Any]]:
        response = self.http.get(
            f"{self.url('police_liaison')}/districts/{district}/inbox",
            params={"limit": 500},
            headers=bearer("betjent", "politi", district),
        )
        assert response.status_code == 200, response.text
        return list(response.json()["notifications"])

    def acknowledge(self, notification_id: str, district: str = "koebenhavn") -> dict[str, Any]:
        """Acknowledges a notification once it has reached the inbox (it travels by Kafka)."""
        wait_until(
            "the notification in the police inbox",
            lambda: any(
                n["notification_id"] == notification_id for n in self.police_inbox(district)
            ),
        )
        response = self.http.post(
            f"{self.url('police_liaison')}/districts/{district}/inbox/{notification_id}/acknowledge",
            headers=POLICE_OFFICER,
        )
        assert response.status_code == 200, response.text
        return dict(response.json())
