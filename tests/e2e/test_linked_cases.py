"""Across the country: one video at schools in three municipalities and police districts."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from infra.pseudonyms import pseudonym
from tests.identities import DPO, bearer
from tests.system import System, wait_until
from tests.what_is_kept import all_held_keys, every_message, opened, readable_store_content

pytestmark = pytest.mark.e2e

VIDEO = {"fingerprints": [{"kind": "md5", "value": "9e107d9d372bb6826bd81d3542a419d6"}]}
SCHOOLS = [
    ("Frederiksberg Skole", "Frederiksberg", "koebenhavn"),
    ("Aarhus Skole", "Aarhus", "oestjylland"),
    ("Odense Skole", "Odense", "fyn"),
]


def clusters(system: System, municipality: str) -> list[dict[str, Any]]:
    response = system.http.get(
        f"{system.url('ssp')}/municipalities/{municipality}/clusters",
        headers=bearer("ssp-konsulent", "ssp_konsulent", municipality),
    )
    assert response.status_code == 200, response.text
    return list(response.json()["clusters"])


def alerts(system: System, district: str) -> list[dict[str, Any]]:
    response = system.http.get(
        f"{system.url('police_liaison')}/districts/{district}/cluster-alerts",
        headers=bearer("betjent", "politi", district),
    )
    assert response.status_code == 200, response.text
    return list(response.json()["alerts"])


def notified_at_ssp(system: System, cluster_id: str) -> set[str]:
    """The cluster's cases that SSP has seen notified to the police."""
    response = system.http.get(
        f"{system.url('ssp')}/clusters/{cluster_id}",
        headers=bearer("ssp-konsulent", "ssp_konsulent", "Aarhus"),
    )
    assert response.status_code == 200, response.text
    members = response.json()["members"]
    return {m["case_id"] for m in members if m["police_notified_at"]}


def test_one_video_reported_across_the_country_forms_one_cluster_everyone_learns_of(
    sqlite_system: System,
) -> None:
    system = sqlite_system
    system.start()
    cases = [
        system.report_case(institution=school, municipality=municipality, police_district=district)
        for school, municipality, district in SCHOOLS
    ]
    system.school(cases[0], "fingerprints", VIDEO)
    system.school(cases[1], "fingerprints", VIDEO)

    (cluster,) = wait_until(
        "SSP to link the second school's case", lambda: clusters(system, "Aarhus")
    )
    assert cluster["cases"] == 2
    assert cluster["links"][0]["why"] == "identical video MD5"

    system.school(cases[2], "fingerprints", VIDEO)
    wait_until(
        "every school to learn of the link",
        lambda: all(
            (system.school_case(c)["linked_incident"] or {}).get("schools") == 3 for c in cases
        ),
    )
    linked = system.school_case(cases[0])
    assert linked["linked_incident"] == {
        "cluster_id": cluster["cluster_id"],
        "schools": 3,
        "municipalities": 3,
    }
    assert "Aarhus Skole" not in str(linked), "a school never sees the other schools' cases"
    (seen_in_odense,) = clusters(system, "Odense")
    assert seen_in_odense["schools"] == ["Aarhus Skole", "Frederiksberg Skole", "Odense Skole"]
    assert seen_in_odense["police_districts"] == ["fyn", "koebenhavn", "oestjylland"]
    assert all(alerts(system, d) == [] for _, _, d in SCHOOLS), "not serious yet"

    system.notify_police(cases[1])  # a notification makes the cluster a police matter
    for _, _, district in SCHOOLS:
        (alert,) = wait_until(
            f"{district}'s police to be alerted", functools.partial(alerts, system, district)
        )
        assert (alert["cluster_id"], alert["cases"], alert["cases_in_district"]) == (
            cluster["cluster_id"],
            3,
            1,
        )
        assert alert["why"] == "a case in the cluster was reported or notified to the police"
    system.notify_police(cases[2])
    wait_until(
        "SSP to handle the second notification",
        lambda: notified_at_ssp(system, cluster["cluster_id"]) == {cases[1], cases[2]},
    )
    wait_until("the second notification in Fyn", lambda: system.police_inbox("fyn"))
    assert all(len(alerts(system, d)) == 1 for _, _, d in SCHOOLS), "each district once"
    sent = {
        m.sealed.event_id
        for m in every_message(system.settings.kafka_bootstrap)
        if m.sealed and m.sealed.event_type == "ClusterAlert" and str(m.sealed.case_id) in cases
    }
    assert len(sent) == len(SCHOOLS), "SSP alerted each district once"

    dpo = DPO["Authorization"].removeprefix("Bearer ")
    table = system.samspil("stats", "--by", "municipality", "--token", dpo)
    assert table.returncode == 0, table.stdout + table.stderr
    rows = [line.split() for line in table.stdout.splitlines() if line.split()[2:3] == ["cases"]]
    assert sorted(row[0] for row in rows) == ["Aarhus", "Frederiksberg", "Odense"]
    assert {" ".join(row[3:]) for row in rows} == {"færre end 5 sager"}, "never shown as 1"
    assert "<5" not in table.stdout


def test_the_same_offender_named_at_two_schools_links_them_and_no_cpr_is_kept(
    sqlite_system: System,
) -> None:
    system = sqlite_system
    system.start()
    cpr = "0102031234"
    first = system.report_case(institution="Frederiksberg Skole")
    second = system.report_case(
        institution="Aarhus Skole", municipality="Aarhus", police_district="oestjylland"
    )
    for case_id in (first, second):
        named = system.school(
            case_id, "people", {"role": "known_offender", "national_id": "010203-1234"}
        )
        assert "0102031234" not in str(named) and "010203-1234" not in str(named)

    (cluster,) = wait_until("SSP to link the two", lambda: clusters(system, "Aarhus"))
    assert cluster["links"][0]["why"] == (
        "the same person (by SSP's pseudonym) is named in both cases"
    )
    wait_until(
        "both schools to learn of the link",
        lambda: all(system.school_case(c)["linked_incident"] for c in (first, second)),
    )
    system.stop()
    cprs = [cpr.encode(), b"010203-1234"]
    keys = all_held_keys(system.settings)
    alias = pseudonym(keys["school/pseudonym:ssp"], "010203-1234").encode()
    for service in ("school", "ssp", "police_liaison"):
        readable = readable_store_content(system.settings, service).encode()
        assert not [c for c in cprs if c in readable], service
        if service != "police_liaison":
            assert alias in readable, f"{service}'s store opens: the pseudonym is there"
        raw = b"".join(p.read_bytes() for p in system.settings.service_dir(service).rglob("*"))
        assert not [c for c in cprs if c in raw], service
    messages = every_message(system.settings.kafka_bootstrap)
    contents = [content for m in messages for content in opened(m, keys)]
    assert any(alias in content for content in contents), "the messages open: the pseudonym"
    assert not [content for content in contents if any(c in content for c in cprs)]
    assert not [m.topic for m in messages if any(c in m.raw for c in cprs)]
