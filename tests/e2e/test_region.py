"""A region from one command: ``samspil up --topology`` runs two municipalities with their
own school and SSP deployments, a self-governing gymnasium and two police districts on
one embedded broker, and each case reaches the deployments it is for and no other."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from kafka import KafkaProducer

from contracts.directory import ServesV1
from contracts.sealed import case_transport_key
from contracts.topics import DIRECTORY, dead_letter_topic
from infra.audit_chain import SigningKey
from infra.directory import sign_entry
from infra.key_exchange import KEY_EXCHANGE_PATH, make_request
from infra.tansu import free_port
from tests.identities import PUBLIC_KEY_FILE, bearer
from tests.system import a_report, wait_until
from tests.what_is_kept import every_message

pytestmark = pytest.mark.e2e

REGION = Path(__file__).parents[2] / "services" / "run" / "topologies" / "nordvest.toml"
VIDEO = {"fingerprints": [{"kind": "md5", "value": "0cc175b9c0f1b6a831c399e269772661"}]}
SHARED_VIDEO = {"fingerprints": [{"kind": "md5", "value": "92eb5ffee6ae2fec3ad71c777531578f"}]}

HJOERRING = a_report(
    institution="Vrå Skole", municipality="Hjørring", police_district="nordjylland"
)
GYMNASIUM = a_report(
    institution="Hjørring Gymnasium og HF", municipality="Hjørring", police_district="nordjylland"
)
SKIVE = a_report(
    institution="Resen Skole", municipality="Skive", police_district="midt-og-vestjylland"
)


class Region:
    """``samspil up --topology`` as a subprocess, on free ports."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        text = REGION.read_text(encoding="utf-8")
        self.ports: dict[str, int] = {}
        for deployment in tomllib.loads(text)["deployment"]:
            port = free_port()
            self.ports[deployment["id"]] = port
            text = text.replace(f"port = {deployment['port']}\n", f"port = {port}\n", 1)
        topology = data_dir / "region.toml"
        data_dir.mkdir(parents=True, exist_ok=True)
        topology.write_text(text, encoding="utf-8")
        env = {
            **os.environ,
            "SAMSPIL_DATA_DIR": str(data_dir),
            "SAMSPIL_AUTH_PUBLIC_KEY_FILE": PUBLIC_KEY_FILE,
            "SAMSPIL_RELAY_POLL_SECONDS": "0.2",
        }
        env.pop("SAMSPIL_KAFKA_BOOTSTRAP", None)
        env.pop("SAMSPIL_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "up", "--topology", str(topology)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.http = httpx.Client(timeout=10.0)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def printed(self, start: str, timeout: float = 180.0) -> str:
        def find() -> str | None:
            if self.process.poll() is not None:
                raise AssertionError("samspil up stopped:\n" + "\n".join(self.lines))
            return next((line for line in self.lines if line.startswith(start)), None)

        return wait_until(f"samspil up to print {start!r}", find, timeout=timeout)

    @property
    def bootstrap(self) -> str:
        return self.printed("  Kafka broker").split()[2]

    def url(self, deployment: str) -> str:
        return f"http://127.0.0.1:{self.ports[deployment]}"

    def report(
        self,
        school: str,
        report: dict[str, Any],
        notify: bool = True,
        video: dict[str, Any] | None = None,
    ) -> str:
        staff = bearer("skoleleder", "ledelse", report["institution"])
        case = self.http.post(f"{self.url(school)}/cases", json=report, headers=staff)
        assert case.status_code == 201, case.text
        case_id = str(case.json()["case_id"])
        prints = self.http.post(
            f"{self.url(school)}/cases/{case_id}/fingerprints",
            json=video or {"fingerprints": [{"kind": "sha256", "value": os.urandom(32).hex()}]},
            headers=staff,
        )
        assert prints.status_code in (200, 201), prints.text
        if notify:
            notified = self.http.post(
                f"{self.url(school)}/cases/{case_id}/police-notifications", headers=staff
            )
            assert notified.status_code == 201, notified.text
        return case_id

    def ssp_cases(self, ssp: str, municipality: str) -> list[str]:
        response = self.http.get(
            f"{self.url(ssp)}/municipalities/{municipality}/overview",
            headers=bearer("ssp-konsulent", "ssp_konsulent", municipality),
        )
        assert response.status_code == 200, response.text
        return [c["case_id"] for c in response.json()["cases"]]

    def clusters(self, ssp: str, municipality: str) -> list[dict[str, Any]]:
        response = self.http.get(
            f"{self.url(ssp)}/municipalities/{municipality}/clusters",
            headers=bearer("ssp-konsulent", "ssp_konsulent", municipality),
        )
        assert response.status_code == 200, response.text
        return list(response.json()["clusters"])

    def alerts(self, police: str, district: str) -> list[dict[str, Any]]:
        response = self.http.get(
            f"{self.url(police)}/districts/{district}/cluster-alerts",
            headers=bearer("betjent", "politi", district),
        )
        assert response.status_code == 200, response.text
        return list(response.json()["alerts"])

    def inbox(self, police: str, district: str) -> list[str]:
        response = self.http.get(
            f"{self.url(police)}/districts/{district}/inbox",
            headers=bearer("betjent", "politi", district),
        )
        assert response.status_code == 200, response.text
        return [n["case_id"] for n in response.json()["notifications"]]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Region]:
    running = Region(tmp_path_factory.mktemp("region"))
    try:
        running.printed("Try `samspil demo --topology")
        yield running
    finally:
        running.stop()


def test_each_case_reaches_its_own_municipalitys_ssp_and_districts_police_only(
    region: Region,
) -> None:
    hjoerring = region.report("school.hjoerring", HJOERRING)
    gymnasium = region.report("school.hjoerring-gymnasium", GYMNASIUM)
    skive = region.report("school.skive", SKIVE)

    wait_until(
        "SSP Hjørring to file both Hjørring cases",
        lambda: (
            sorted(region.ssp_cases("ssp.hjoerring", "Hjørring")) == sorted([hjoerring, gymnasium])
        ),
    )
    wait_until(
        "Nordjylland's police to receive both",
        lambda: (
            sorted(region.inbox("police.nordjylland", "nordjylland"))
            == sorted([hjoerring, gymnasium])
        ),
    )
    wait_until("SSP Skive", lambda: region.ssp_cases("ssp.skive", "Skive") == [skive])
    wait_until(
        "Midt- og Vestjylland's police",
        lambda: region.inbox("police.midt-og-vestjylland", "midt-og-vestjylland") == [skive],
    )
    assert region.ssp_cases("ssp.skive", "Hjørring") == [], "Skive's SSP never files Hjørring's"
    assert region.inbox("police.midt-og-vestjylland", "nordjylland") == []

    # The gymnasium's case gets the police's answer back on its own deployment.
    district = "nordjylland"
    inbox = region.http.get(
        f"{region.url('police.nordjylland')}/districts/{district}/inbox",
        headers=bearer("betjent", "politi", district),
    ).json()["notifications"]
    (for_gymnasium,) = [n for n in inbox if n["case_id"] == gymnasium]
    acknowledged = region.http.post(
        f"{region.url('police.nordjylland')}/districts/{district}/inbox/"
        f"{for_gymnasium['notification_id']}/acknowledge",
        headers=bearer("betjent", "politi", district),
    )
    assert acknowledged.status_code == 200, acknowledged.text
    staff = bearer("skoleleder", "ledelse", GYMNASIUM["institution"])
    wait_until(
        "the acknowledgement at the gymnasium",
        lambda: region.http.get(
            f"{region.url('school.hjoerring-gymnasium')}/cases/{gymnasium}", headers=staff
        ).json()["police_notifications"][0]["acknowledged"],
    )


def test_a_forged_directory_entry_is_refused_and_wins_no_key(region: Region) -> None:
    """Someone with access to the topic claims that Skive's SSP serves Hjørring: the entry
    is not the authority's, so every deployment refuses it, and Hjørring's school still
    hands Skive's SSP no Hjørring case key, even when asked with Skive's own key."""
    case_id = region.report("school.hjoerring", HJOERRING, notify=False)
    skive_key = SigningKey(region.data_dir / "deployments" / "ssp.skive" / "ssp" / "signing.key")
    forger = SigningKey(region.data_dir / "forger.key")
    forged = sign_entry(
        forger,
        deployment="ssp.skive",
        url=region.url("ssp.skive"),
        public_key=skive_key.public_key,
        serves=ServesV1(municipalities=("Hjørring", "Skive")),
    )
    producer = KafkaProducer(bootstrap_servers=region.bootstrap)
    producer.send(DIRECTORY, key=b"ssp.skive", value=forged.model_dump_json().encode()).get(30)
    producer.close()

    def refused_by_the_school() -> bool:
        return any(
            m.topic == dead_letter_topic("school")
            and b"samspil-dead-letter-reason" in m.raw
            and forged.signature.encode() in m.raw
            for m in every_message(region.bootstrap)
        )

    wait_until("Hjørring's school to refuse the forged entry", refused_by_the_school)
    request, _ = make_request(
        "ssp.skive", "school.hjoerring", case_transport_key(case_id), skive_key
    )
    asked = region.http.post(
        region.url("school.hjoerring") + KEY_EXCHANGE_PATH, json=request.model_dump(mode="json")
    )
    assert asked.status_code == 403, asked.text
    assert "does not serve the case's municipality" in asked.text


def test_one_video_in_two_municipalities_is_one_incident_each_ssp_sees_only_its_own(
    region: Region,
) -> None:
    """Hjørring's SSP and Skive's SSP run apart; the matching deployment finds the same
    video in both, and each learns how far the incident reaches, not the other's cases."""
    vraa = region.report("school.hjoerring", HJOERRING, video=SHARED_VIDEO)
    gymnasium = region.report("school.hjoerring-gymnasium", GYMNASIUM, video=SHARED_VIDEO)
    resen = region.report("school.skive", SKIVE, video=SHARED_VIDEO)

    def matched(ssp: str, municipality: str) -> dict[str, Any] | None:
        for cluster in region.clusters(ssp, municipality):
            national = cluster.get("national") or {}
            if national.get("cases") == 3:
                return cluster
        return None

    in_hjoerring = wait_until(
        "Hjørring's SSP to learn of Skive", lambda: matched("ssp.hjoerring", "Hjørring")
    )
    in_skive = wait_until("Skive's SSP to learn of Hjørring", lambda: matched("ssp.skive", "Skive"))
    assert {m["case_id"] for m in in_hjoerring["members"]} == {vraa, gymnasium}
    assert [m["case_id"] for m in in_skive["members"]] == [resen]
    assert in_skive["schools"] == ["Resen Skole"], "never another municipality's schools"
    assert "Vrå" not in str(in_skive) and vraa not in str(in_skive)
    national = in_skive["national"]
    assert national["municipalities"] == ["Hjørring", "Skive"]
    assert (national["schools"], national["serious"]) == (3, True)
    assert national["incident_id"] == in_hjoerring["national"]["incident_id"]

    # Each district is alerted once, by the SSP of its cases, with the reach known then:
    # Hjørring's two notified cases made a cluster before Skive's case was matched.
    def alert_on(police: str, district: str, cluster: dict[str, Any]) -> dict[str, Any] | None:
        found = region.alerts(police, district)
        return next((a for a in found if a["cluster_id"] == cluster["cluster_id"]), None)

    north = wait_until(
        "Nordjylland's police to be alerted",
        lambda: alert_on("police.nordjylland", "nordjylland", in_hjoerring),
    )
    assert north["cases"] >= 2 and north["cases_in_district"] >= 2, "Hjørring's two, at least"
    west = wait_until(
        "Midt- og Vestjylland's police to be alerted",
        lambda: alert_on("police.midt-og-vestjylland", "midt-og-vestjylland", in_skive),
    )
    assert west["cases"] >= 2 and west["cases_in_district"] == 1, "the incident's reach then"
    assert (west["municipalities"], west["police_districts"]) == (2, 2)
    assert region.alerts("police.midt-og-vestjylland", "nordjylland") == []

    staff = bearer("skoleleder", "ledelse", SKIVE["institution"])
    linked = wait_until(
        "Resen Skole to learn its case is linked",
        lambda: region.http.get(
            f"{region.url('school.skive')}/cases/{resen}", headers=staff
        ).json()["linked_incident"],
    )
    assert (linked["schools"], linked["municipalities"]) == (3, 2)


def test_a_case_shared_with_another_municipality_reaches_its_ssp_and_its_erasure_too(
    region: Region,
) -> None:
    """Hjørring's SSP shares a case with Skive: Skive's own SSP deployment files it (with
    the key the school now grants it), hears its news, and loses it when it is erased."""
    case_id = region.report("school.hjoerring", HJOERRING, notify=False)
    wait_until(
        "SSP Hjørring to file it", lambda: case_id in region.ssp_cases("ssp.hjoerring", "Hjørring")
    )
    assert case_id not in region.ssp_cases("ssp.skive", "Skive")
    shared = region.http.post(
        f"{region.url('ssp.hjoerring')}/cases/{case_id}/shared-municipalities",
        json={"municipality": "Skive"},
        headers=bearer("ssp-konsulent", "ssp_konsulent", "Hjørring"),
    )
    assert shared.status_code == 200, shared.text
    wait_until(
        "SSP Skive to file the shared case",
        lambda: case_id in region.ssp_cases("ssp.skive", "Skive"),
    )
    staff = bearer("skoleleder", "ledelse", HJOERRING["institution"])
    notified = region.http.post(
        f"{region.url('school.hjoerring')}/cases/{case_id}/police-notifications", headers=staff
    )
    assert notified.status_code == 201, notified.text
    skive_consultant = bearer("ssp-konsulent", "ssp_konsulent", "Skive")

    def at_skive() -> dict[str, Any] | None:
        response = region.http.get(
            f"{region.url('ssp.skive')}/cases/{case_id}", headers=skive_consultant
        )
        return dict(response.json()) if response.status_code == 200 else None

    wait_until(
        "Skive's SSP to hear the police were notified",
        lambda: (at_skive() or {"case": {}})["case"].get("police_notified_at"),
    )
    assert (at_skive() or {})["shared_with"] == ["Skive"]
    erased = region.http.post(
        f"{region.url('school.hjoerring')}/cases/{case_id}/erasure",
        json={"reason": "GDPR art. 17"},
        headers=staff,
    )
    assert erased.status_code == 200, erased.text
    wait_until(
        "Skive's SSP to erase it too", lambda: case_id not in region.ssp_cases("ssp.skive", "Skive")
    )
    assert at_skive() is None
