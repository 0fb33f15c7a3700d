"""SSP links cases that share material, explains each link and alerts the police once."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from contracts.case_events import (
    CaseAssessedV1,
    FingerprintV1,
    MaterialFingerprintedV1,
    PersonNamedV1,
    PoliceReportFiledV1,
)
from contracts.coordination_events import CaseLinkedV1, ClusterAlertV2
from contracts.registry import parse_event, parse_sealed
from contracts.topics import SCHOOL_CASE_EVENTS
from domain.actors import Actor, Role
from domain.case_facts import InvolvedRole
from domain.fingerprints import FingerprintKind
from domain.geography import PoliceDistrict
from domain.incidents import LinkAlreadyDecided
from infra.sealing import unseal
from services.kit.application import NotFound
from services.ssp.api import cluster_view
from services.ssp.outbound import coordination_translator
from tests.handlers.conftest import Harness
from tests.messages import envelope, reported, wire

PDQ = "f0e1d2c3b4a5968778695a4b3c2d1e0f" * 2
PDQ_NEAR = f"{int(PDQ, 16) ^ 0b1011_0000_1111:064x}"  # 7 bits apart: a re-compressed copy
VIDEO_MD5 = "9e107d9d372bb6826bd81d3542a419d6"
CONSULTANT = Actor("ssp-mette", Role.SSP_KONSULENT, "Aarhus")


def fingerprinted(position: int, case_id: uuid.UUID, **hashes: str) -> MaterialFingerprintedV1:
    return MaterialFingerprintedV1(
        **envelope(position, case_id),
        fingerprints=[FingerprintV1(kind=FingerprintKind(k), value=v) for k, v in hashes.items()],
    )


def published(ssp: Any) -> list[Any]:
    """What SSP's relay would put on its topic, opened with the keys SSP holds."""
    translate = coordination_translator(ssp)
    contracts = []
    for notification in ssp.recorder.select_notifications(0, 10_000):
        message = translate(notification)
        if message is not None:
            sealed = parse_sealed(message.value)
            key = ssp.data_keys.key(sealed.key_id, create=False)
            contracts.append(parse_event(unseal(sealed, key)))
    return contracts


async def test_cases_sharing_material_form_one_explained_cluster_and_the_police_hear_once(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness("ssp")
    cases = [uuid.uuid4() for _ in range(4)]
    schools = [
        ("Skole A", "Aarhus", PoliceDistrict.OESTJYLLAND),
        ("Skole B", "Aarhus", PoliceDistrict.OESTJYLLAND),
        ("Skole C", "Odense", PoliceDistrict.FYN),
        ("Skole D", "Odense", PoliceDistrict.FYN),
    ]
    for position, (case_id, (school, municipality, district)) in enumerate(
        zip(cases, schools, strict=True), start=1
    ):
        event = reported(position, case_id, municipality).model_copy(
            update={"institution": school, "police_district": district}
        )
        await broker.publish(wire(event, ssp), SCHOOL_CASE_EVENTS)
    await broker.publish(wire(fingerprinted(5, cases[0], pdq=PDQ), ssp), SCHOOL_CASE_EVENTS)
    await broker.publish(wire(fingerprinted(6, cases[2], md5=VIDEO_MD5), ssp), SCHOOL_CASE_EVENTS)
    assert not [c for c in published(ssp) if isinstance(c, CaseLinkedV1)], "nothing shared yet"

    await broker.publish(wire(fingerprinted(7, cases[1], pdq=PDQ_NEAR), ssp), SCHOOL_CASE_EVENTS)
    both = fingerprinted(8, cases[3], md5=VIDEO_MD5, pdq=PDQ_NEAR)
    await broker.publish(wire(both, ssp), SCHOOL_CASE_EVENTS)
    await broker.publish(wire(both, ssp), SCHOOL_CASE_EVENTS)  # redelivered: changes nothing

    (summary,) = ssp.clusters_as(CONSULTANT, "Aarhus", offset=0, limit=10).items
    cluster, members = ssp.cluster_as(CONSULTANT, summary.id)
    assert sorted(m.case_id for m in members) == sorted(cases)
    assert sorted({m.institution for m in members}) == ["Skole A", "Skole B", "Skole C", "Skole D"]
    reasons = sorted(link.reason for link in cluster.links.values())
    assert reasons == [  # B→A; D→A, D→B (the same image), D→C (the same video)
        "PDQ image hashes 0 bits apart (≤ 31)",
        "PDQ image hashes 7 bits apart (≤ 31)",
        "PDQ image hashes 7 bits apart (≤ 31)",
        "identical video MD5",
    ]
    told = {c.case_id: c for c in published(ssp) if isinstance(c, CaseLinkedV1)}
    assert set(told) == set(cases), "every school learns that its case is linked"
    assert {(c.schools, c.municipalities) for c in told.values()} == {(4, 2)}, "each ends at 4, 2"
    assert not [c for c in published(ssp) if isinstance(c, ClusterAlertV2)]

    for position in (9, 9, 10):  # level 3 at one school, redelivered, then at another
        case_id = cases[1] if position == 9 else cases[2]
        assessed = CaseAssessedV1(
            **envelope(position, case_id), level=3, context="B", track="police_case"
        )
        await broker.publish(wire(assessed, ssp), SCHOOL_CASE_EVENTS)

    alerts = [c for c in published(ssp) if isinstance(c, ClusterAlertV2)]
    assert sorted(a.police_district for a in alerts) == ["fyn", "oestjylland"], "each once"
    assert all(a.cases == 4 and a.highest_level == 3 for a in alerts)
    assert {a.cases_in_district for a in alerts} == {2}
    assert {(a.published_by, a.national_incident) for a in alerts} == {("ssp", None)}
    assert dead == []


async def test_a_consultant_dismisses_a_wrong_link_with_a_reason_and_may_not_undo_it(
    harness: Harness,
) -> None:
    ssp, broker, _ = await harness("ssp")
    first, second = uuid.uuid4(), uuid.uuid4()
    await broker.publish(wire(reported(1, first), ssp), SCHOOL_CASE_EVENTS)
    await broker.publish(wire(reported(2, second), ssp), SCHOOL_CASE_EVENTS)
    for position, case_id in ((3, first), (4, second)):
        await broker.publish(
            wire(fingerprinted(position, case_id, md5=VIDEO_MD5), ssp), SCHOOL_CASE_EVENTS
        )
    (found,) = ssp.clusters_as(CONSULTANT, "Aarhus", offset=0, limit=10).items
    (link_id,) = found.links

    elsewhere = Actor("ssp-jonas", Role.SSP_KONSULENT, "København")
    with pytest.raises(NotFound):
        ssp.cluster_as(elsewhere, found.id)
    dismissed = ssp.decide_link_as(
        CONSULTANT, found.id, link_id, confirm=False, reason="two different clips, same file size"
    )
    assert dismissed.links[link_id].status == "dismissed"
    assert dismissed.links[link_id].decided_by == CONSULTANT
    assert dismissed.members == [], "no case is held in the cluster by a dismissed link"
    with pytest.raises(LinkAlreadyDecided):
        ssp.decide_link_as(CONSULTANT, found.id, link_id, confirm=True, reason="")
    recorded = [type(e).__name__ for e in ssp.history(found.id)]
    assert recorded == ["Formed", "CaseLinked", "MemberProfiled", "MemberProfiled", "LinkDismissed"]


async def test_the_same_person_named_at_two_schools_links_their_cases(harness: Harness) -> None:
    ssp, broker, _ = await harness("ssp")
    first, second = uuid.uuid4(), uuid.uuid4()
    await broker.publish(wire(reported(1, first), ssp), SCHOOL_CASE_EVENTS)
    other_school = reported(2, second).model_copy(update={"institution": "Anden Skole"})
    await broker.publish(wire(other_school, ssp), SCHOOL_CASE_EVENTS)
    offender, victim, sharer = ("a" * 64, "b" * 64, "c" * 64)
    named = [
        (3, first, InvolvedRole.KNOWN_OFFENDER, offender),
        (4, first, InvolvedRole.VICTIM, victim),
        (5, second, InvolvedRole.PASSIVE_SHARER, sharer),
        (6, second, InvolvedRole.PASSIVE_SHARER, offender),  # the same person, another role
    ]
    for position, case_id, role, pseudonym in named:
        event = PersonNamedV1(**envelope(position, case_id), role=role, pseudonym=pseudonym)
        await broker.publish(wire(event, ssp), SCHOOL_CASE_EVENTS)

    (found,) = ssp.clusters_as(CONSULTANT, "Aarhus", offset=0, limit=10).items
    cluster, members = ssp.cluster_as(CONSULTANT, found.id)
    (details,) = cluster.links.values()
    assert details.reason == "the same person (by SSP's pseudonym) is named in both cases"
    view = cluster_view(cluster, members)
    assert (view.cases, view.victims, view.sharers) == (2, 2, 2)


async def test_a_police_report_at_one_school_alerts_the_police_of_the_cluster(
    harness: Harness,
) -> None:
    ssp, broker, _ = await harness("ssp")
    first, second = uuid.uuid4(), uuid.uuid4()
    await broker.publish(wire(reported(1, first), ssp), SCHOOL_CASE_EVENTS)
    fyn = reported(2, second, "Odense").model_copy(update={"police_district": PoliceDistrict.FYN})
    await broker.publish(wire(fyn, ssp), SCHOOL_CASE_EVENTS)
    for position, case_id in ((3, first), (4, second)):
        await broker.publish(
            wire(fingerprinted(position, case_id, sha256="ab" * 32), ssp), SCHOOL_CASE_EVENTS
        )
    assert not [c for c in published(ssp) if isinstance(c, ClusterAlertV2)]

    report = PoliceReportFiledV1(**envelope(5, second), filed_by="parents", provision="§264d")
    await broker.publish(wire(report, ssp), SCHOOL_CASE_EVENTS)

    alerts = [c for c in published(ssp) if isinstance(c, ClusterAlertV2)]
    assert sorted(a.police_district for a in alerts) == ["fyn", "oestjylland"]
    assert {a.why for a in alerts} == {
        "a case in the cluster was reported or notified to the police"
    }


async def test_a_case_matching_two_clusters_merges_them_into_one(harness: Harness) -> None:
    ssp, broker, _ = await harness("ssp")
    cases = [uuid.uuid4() for _ in range(5)]
    for position, case_id in enumerate(cases, start=1):
        await broker.publish(wire(reported(position, case_id), ssp), SCHOOL_CASE_EVENTS)
    marks = [{"md5": VIDEO_MD5}, {"md5": VIDEO_MD5}, {"pdq": PDQ}, {"pdq": PDQ_NEAR}]
    for position, (case_id, hashes) in enumerate(zip(cases, marks, strict=False), start=6):
        await broker.publish(
            wire(fingerprinted(position, case_id, **hashes), ssp), SCHOOL_CASE_EVENTS
        )
    before = [c.id for c in ssp.clusters_as(CONSULTANT, "Aarhus", offset=0, limit=10).items]
    assert len(before) == 2

    both = fingerprinted(10, cases[4], md5=VIDEO_MD5, pdq=PDQ)
    await broker.publish(wire(both, ssp), SCHOOL_CASE_EVENTS)

    files = [ssp.get_or_none(c) for c in cases]
    (cluster_id,) = {f.cluster[0] for f in files}
    cluster, members = ssp.cluster_as(CONSULTANT, cluster_id)
    assert sorted(m.case_id for m in members) == sorted(cases)
    listed = ssp.clusters_as(CONSULTANT, "Aarhus", offset=0, limit=10)
    assert (listed.total, [c.id for c in listed.items]) == (1, [cluster_id])
    (absorbed_id,) = set(before) - {cluster_id}
    absorbed, _ = ssp.cluster_as(CONSULTANT, absorbed_id)
    assert absorbed.merged_into == cluster_id
    assert any(
        link.reason.startswith(f"in cluster {absorbed_id}") for link in cluster.links.values()
    )
    assert cluster_view(cluster, members).cases == 5
