"""``samspil demo --topology FILE``: one video spreads across a region's deployments.

It walks what the regional topology (``services/run/topologies/nordvest.toml``) is
for: a pupil's video is shared at a school in Hjørring, at the self-governing
gymnasium there and at a school in Skive. Each school reports to its own deployment;
Hjørring's SSP links its two cases; the matching deployment finds the same video in
Skive's; each SSP learns how far the incident reaches, and each police district is
alerted by its own SSP. What each agency sees is printed, and what it does not.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import httpx

from infra.auth import local_issuer
from infra.settings import Settings
from services.cli.demo import DemoError, checked, wait_for
from services.run.launcher import runtime_file
from services.run.topology import Topology, TopologyError, deployment_data_dir

VIDEO = {"fingerprints": [{"kind": "md5", "value": "3858f62230ac3c915f300c664312c63f"}]}

SCHOOLS = (
    ("school.hjoerring", "Vrå Skole", "Hjørring", "nordjylland"),
    ("school.hjoerring-gymnasium", "Hjørring Gymnasium og HF", "Hjørring", "nordjylland"),
    ("school.skive", "Resen Skole", "Skive", "midt-og-vestjylland"),
)

POLICE = {"police.nordjylland": "nordjylland", "police.midt-og-vestjylland": "midt-og-vestjylland"}

DESCRIPTION = (
    "En elev fortæller, at en video af hende deles i en Snapchat-gruppe. Videoen bliver "
    "hos eleven; kun dens fingeraftryk registreres."
)


def run_region_demo(settings: Settings, topology_file: Path) -> int:
    try:
        topology = Topology.load(topology_file)
        urls = json.loads(runtime_file(settings).read_text(encoding="utf-8"))
    except TopologyError as error:
        print(f"samspil demo: {error}")
        return 2
    except FileNotFoundError:
        print("samspil demo: no running region found; start it with `samspil up --topology`.")
        return 1
    walked = {d for d, *_ in SCHOOLS} | {"ssp.hjoerring", "ssp.skive", *POLICE}
    if not walked <= {d.id for d in topology.deployment} or not walked <= set(urls):
        print(f"samspil demo: {topology_file} is not the regional topology this demo walks.")
        return 1
    with httpx.Client(timeout=10.0, headers={"Accept-Language": "da"}) as http:
        try:
            return _walk(http, urls, settings)
        except (DemoError, httpx.HTTPError) as error:
            print(f"samspil demo: {error}")
            return 1


def _bearer(
    settings: Settings, deployment: str, person: str, role: str, org: str
) -> dict[str, str]:
    """A token from the deployment's own sign-in (each runs its own, as each would)."""
    own = settings.model_copy(update={"data_dir": deployment_data_dir(settings, deployment)})
    token = local_issuer(own).token(own, person=person, role=role, organisation=org)
    return {"Authorization": f"Bearer {token}"}


def _walk(http: httpx.Client, urls: dict[str, str], settings: Settings) -> int:
    cases: dict[str, str] = {}
    for deployment, institution, municipality, district in SCHOOLS:
        staff = _bearer(settings, deployment, "skoleleder", "ledelse", institution)
        report = {
            "institution": institution,
            "municipality": municipality,
            "police_district": district,
            "offence_category": "sharing_without_consent",
            "victim_is_minor": True,
            "description": DESCRIPTION,
        }
        base = urls[deployment]
        case_id = checked(http.post(f"{base}/cases", json=report, headers=staff))["case_id"]
        checked(http.post(f"{base}/cases/{case_id}/fingerprints", json=VIDEO, headers=staff))
        checked(http.post(f"{base}/cases/{case_id}/police-notifications", headers=staff))
        cases[deployment] = case_id
        print(f"{institution} ({deployment}) har oprettet sin sag og orienteret politiet.")

    def clusters(ssp: str, municipality: str) -> list[dict[str, Any]]:
        who = _bearer(settings, ssp, "ssp-konsulent", "ssp_konsulent", municipality)
        url = f"{urls[ssp]}/municipalities/{municipality}/clusters"
        return list(checked(http.get(url, headers=who))["clusters"])

    def reaches_both(ssp: str, municipality: str) -> dict[str, Any] | None:
        """The cluster holding this run's case, once matching told SSP it spans both."""
        for cluster in clusters(ssp, municipality):
            national = cluster.get("national") or {}
            mine = {cases[d] for d, _, m, _ in SCHOOLS if m == municipality}
            held = {m["case_id"] for m in cluster["members"]}
            spans = national.get("municipalities") == ["Hjørring", "Skive"]
            if mine <= held and spans and national["cases"] >= len(SCHOOLS):
                return cluster
        return None

    for ssp, municipality in (("ssp.hjoerring", "Hjørring"), ("ssp.skive", "Skive")):
        cluster = wait_for(
            f"{ssp} to learn of the match",
            functools.partial(reaches_both, ssp, municipality),
            timeout=90.0,
        )
        national = cluster["national"]
        print(
            f"\n=== SSP {municipality} ({ssp}) ===\n"
            f"  Egne sager i hændelsen: {cluster['cases']}\n"
            f"  Hele hændelsen: {national['cases']} sager på {national['schools']} skoler i "
            f"{', '.join(national['municipalities'])}\n"
            "  (de andre kommuners sager ses ikke, kun at de findes og hvor)"
        )

    def alerts(police: str, district: str) -> list[dict[str, Any]]:
        who = _bearer(settings, police, "betjent", "politi", district)
        url = f"{urls[police]}/districts/{district}/cluster-alerts"
        return list(checked(http.get(url, headers=who))["alerts"])

    for police, district in POLICE.items():
        (alert, *_) = wait_for(
            f"{police}'s alert", functools.partial(alerts, police, district), timeout=90.0
        )
        print(
            f"\n=== {police} ===\n"
            f"  Klyngealarm: {alert['cases']} sager, {alert['cases_in_district']} i kredsen, "
            f"{alert['municipalities']} kommuner, {alert['police_districts']} politikredse"
        )
    print("\nHver skole ser kun sin egen sag; videoen selv er aldrig i Samspil.")
    return 0
