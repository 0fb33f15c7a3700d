"""National matching over faststream's in-memory broker: SSP deployments that run apart
learn that their cases show the same material, and nothing else of each other's."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from contracts.case_events import FingerprintV1, MaterialFingerprintedV1
from contracts.coordination_events import ClusterAlertV2
from contracts.directory import ServesV1
from contracts.envelope import ActorV1, IntegrationEvent, Role
from contracts.matching_events import (
    DistrictCasesV1,
    MaterialOfferedV1,
    MaterialWithdrawnV1,
    NationalMatchV1,
)
from contracts.sealed import (
    SealedEventV3,
    audience_of,
    match_transport_key,
    notices_transport_key,
)
from contracts.topics import MATCHING_EVENTS, SCHOOL_CASE_EVENTS, SSP_COORDINATION_EVENTS
from domain.fingerprints import FingerprintKind
from domain.geography import PoliceDistrict
from domain.matching import NationalIncident
from infra.audit_chain import SigningKey
from infra.directory import DeploymentDirectory, sign_entry
from infra.key_exchange import Fetched, KeyAsk, NotServed
from infra.keyring import KeyDestroyed
from infra.sealing import seal, unseal
from services.matching.outbound import matching_translator
from services.ssp.key_grants import ssp_key_grants
from services.ssp.outbound import coordination_translator
from tests.handlers.conftest import Harness
from tests.messages import envelope, notified, reported, wire

VIDEO = FingerprintV1(kind=FingerprintKind.MD5, value="9e107d9d372bb6826bd81d3542a419d6")
OTHER_VIDEO = FingerprintV1(kind=FingerprintKind.MD5, value="e4d909c290d0fb1ca068ffaddf22cbd0")
SSP_ACTOR = ActorV1(person_id="samspil-ssp-linking", role=Role.SSP_KONSULENT, organisation="SSP")
DIGEST = "ab" * 32


class Offers:
    """SSP deployments' offers, sealed under keys the matching fetches from them."""

    def __init__(self, matching: Any) -> None:
        self.keys: dict[str, tuple[bytes, str]] = {}
        self.positions: dict[str, int] = {}
        matching.transport_keys._fetch = self._fetch
        self.keys_dir: Path = matching.settings.data_dir
        self.authority = SigningKey(self.keys_dir / "authority.key")
        matching.directory = DeploymentDirectory(self.authority.public_key)
        self.directory: DeploymentDirectory = matching.directory
        self.serving: dict[str, set[str]] = {}

    def serve(self, ssp: str, municipality: str) -> None:
        """The directory says ``ssp`` serves ``municipality`` (as well)."""
        served = self.serving.setdefault(ssp, set()) | {municipality}
        self.serving[ssp] = served
        entry = sign_entry(
            self.authority,
            deployment=ssp,
            url=f"http://{ssp}.invalid",
            public_key=SigningKey(self.keys_dir / f"{ssp}.key").public_key,
            serves=ServesV1(municipalities=tuple(sorted(served))),
        )
        self.directory.keep(entry, persist=False)

    async def _fetch(self, key_id: str, owner: str | None) -> Fetched:
        key, ssp = self.keys[key_id]
        assert owner == ssp, "asked of the SSP deployment whose key it is"
        return Fetched(key=key, granter=ssp)

    def _sealed(self, event: IntegrationEvent, ssp: str, key_id: str) -> bytes:
        key = self.keys.setdefault(key_id, (os.urandom(32), ssp))[0]
        return seal(event, key_id=key_id, key=key, deployment=ssp).model_dump_json().encode()

    def _envelope(self, ssp: str, case_id: uuid.UUID) -> dict[str, Any]:
        position = self.positions[ssp] = self.positions.get(ssp, 0) + 1
        return {
            "event_id": IntegrationEvent.make_event_id(ssp, position),
            "source": "ssp",
            "source_position": position,
            "case_id": case_id,
            "occurred_at": datetime.now(UTC),
            "actor": SSP_ACTOR,
        }

    def offer(
        self,
        ssp: str,
        case_id: uuid.UUID,
        municipality: str,
        district: str,
        *,
        fingerprint: FingerprintV1 = VIDEO,
        police_involved: bool = False,
        served: bool = True,
    ) -> bytes:
        """``served``: the directory says the SSP deployment serves the municipality."""
        if served:
            self.serve(ssp, municipality)
        event = MaterialOfferedV1(
            **self._envelope(ssp, case_id),
            published_by=ssp,
            municipality=municipality,
            police_district=PoliceDistrict(district),
            school=DIGEST,
            level=2,
            police_involved=police_involved,
            fingerprints=[fingerprint],
        )
        return self._sealed(event, ssp, match_transport_key(case_id))

    def withdraw(self, ssp: str, case_id: uuid.UUID) -> bytes:
        event = MaterialWithdrawnV1(**self._envelope(ssp, case_id), published_by=ssp)
        return self._sealed(event, ssp, notices_transport_key(ssp))


def told(matching: Any, after: int = 0) -> list[tuple[str, NationalMatchV1]]:
    """What the matching publishes for what it stored after ``after``: to whom, and what."""
    translate = matching_translator(matching)
    found = []
    for notification in matching.recorder.select_notifications(after + 1, 500):
        message = translate(notification)
        if message is not None:
            sealed = SealedEventV3.model_validate_json(message.value)
            (to,) = audience_of(sealed)
            key = matching.data_keys.lookup(sealed.key_id)
            found.append((to, NationalMatchV1.model_validate_json(unseal(sealed, key))))
    return found


async def test_two_ssps_with_the_same_video_are_each_told_of_their_own_cases_only(
    harness: Harness,
) -> None:
    matching, broker, dead = await harness("matching")
    offers = Offers(matching)
    hjoerring, frederikshavn, skive = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await broker.publish(
        offers.offer("ssp.hjoerring", hjoerring, "Hjørring", "nordjylland"), SSP_COORDINATION_EVENTS
    )
    await broker.publish(
        offers.offer("ssp.hjoerring", frederikshavn, "Hjørring", "nordjylland"),
        SSP_COORDINATION_EVENTS,
    )
    assert told(matching) == [], "one SSP's own matches are its own business"

    before = matching.recorder.max_notification_id()
    await broker.publish(
        offers.offer("ssp.skive", skive, "Skive", "midt-og-vestjylland", police_involved=True),
        SSP_COORDINATION_EVENTS,
    )
    assert dead == []
    messages = dict(told(matching, after=before))
    assert set(messages) == {"deployment:ssp.hjoerring", "deployment:ssp.skive"}
    to_hjoerring, to_skive = messages["deployment:ssp.hjoerring"], messages["deployment:ssp.skive"]
    assert sorted(to_hjoerring.cases) == sorted([hjoerring, frederikshavn])
    assert to_skive.cases == [skive], "never another SSP's case ids"
    assert to_skive.incident_id == to_hjoerring.incident_id
    assert (to_skive.cases_total, to_skive.municipalities) == (3, ["Hjørring", "Skive"])
    assert to_skive.police_districts == [
        DistrictCasesV1(police_district=PoliceDistrict.MIDT_OG_VESTJYLLAND, cases=1),
        DistrictCasesV1(police_district=PoliceDistrict.NORDJYLLAND, cases=2),
    ]
    assert to_skive.serious is True and to_skive.schools == 2

    # Delivered again, nothing more; a case of other material joins nothing.
    again = matching.recorder.max_notification_id()
    await broker.publish(
        offers.offer("ssp.skive", skive, "Skive", "midt-og-vestjylland", police_involved=True),
        SSP_COORDINATION_EVENTS,
    )
    await broker.publish(
        offers.offer(
            "ssp.skive", uuid.uuid4(), "Skive", "midt-og-vestjylland", fingerprint=OTHER_VIDEO
        ),
        SSP_COORDINATION_EVENTS,
    )
    assert told(matching, after=again) == []


async def test_an_ssp_is_sent_only_its_latest_telling_when_later_ones_are_stored(
    harness: Harness,
) -> None:
    """Each telling is all the SSP is told of the incident: when cases join faster than
    the relay publishes, an SSP gets the latest, never a stale one after it."""
    matching, broker, dead = await harness("matching")
    offers = Offers(matching)
    before = matching.recorder.max_notification_id() or 0
    hjoerring = uuid.uuid4()
    skive = [uuid.uuid4() for _ in range(3)]
    await broker.publish(
        offers.offer("ssp.hjoerring", hjoerring, "Hjørring", "nordjylland"), SSP_COORDINATION_EVENTS
    )
    for case_id in skive:  # each one tells both SSPs again
        raw = offers.offer("ssp.skive", case_id, "Skive", "midt-og-vestjylland")
        await broker.publish(raw, SSP_COORDINATION_EVENTS)
    assert dead == []
    sent = told(matching, after=before)
    assert [to for to, _ in sent] == ["deployment:ssp.hjoerring", "deployment:ssp.skive"]
    latest = dict(sent)
    assert latest["deployment:ssp.hjoerring"].cases_total == 4
    assert sorted(latest["deployment:ssp.skive"].cases) == sorted(skive)


async def test_an_offer_of_a_municipality_the_ssp_does_not_serve_learns_nothing(
    harness: Harness,
) -> None:
    """An SSP deployment that claims another municipality's case (to learn, by what it is
    told back, where that video turns up) is refused: dead-lettered, in no incident."""
    matching, broker, dead = await harness("matching")
    offers = Offers(matching)
    await broker.publish(
        offers.offer("ssp.hjoerring", uuid.uuid4(), "Hjørring", "nordjylland"),
        SSP_COORDINATION_EVENTS,
    )
    offers.serve("ssp.skive", "Skive")
    before = matching.recorder.max_notification_id()
    claimed = uuid.uuid4()
    await broker.publish(
        offers.offer("ssp.skive", claimed, "Hjørring", "nordjylland", served=False),
        SSP_COORDINATION_EVENTS,
    )
    assert told(matching, after=before) == [], "nobody is told of a match"
    assert matching.get_or_none(claimed) is None, "the claimed case is not kept"
    ((_, headers),) = dead
    assert "OfferedFromElsewhere" in headers["samspil-dead-letter-reason"]
    assert "does not serve Hjørring" in headers["samspil-dead-letter-reason"]

    # Offered again, the same: the message is settled, and the exchange goes on.
    await broker.publish(
        offers.offer("ssp.skive", uuid.uuid4(), "Skive", "midt-og-vestjylland"),
        SSP_COORDINATION_EVENTS,
    )
    assert len(dead) == 1


async def test_a_withdrawn_case_is_forgotten_and_the_others_told_how_far_it_reaches_now(
    harness: Harness,
) -> None:
    matching, broker, dead = await harness("matching")
    offers = Offers(matching)
    hjoerring, skive = uuid.uuid4(), uuid.uuid4()
    for raw in (
        offers.offer("ssp.hjoerring", hjoerring, "Hjørring", "nordjylland"),
        offers.offer("ssp.skive", skive, "Skive", "midt-og-vestjylland"),
    ):
        await broker.publish(raw, SSP_COORDINATION_EVENTS)
    before = matching.recorder.max_notification_id()
    await broker.publish(offers.withdraw("ssp.skive", skive), SSP_COORDINATION_EVENTS)
    assert dead == []
    ((to, now),) = told(matching, after=before)
    assert to == "deployment:ssp.hjoerring"
    assert (now.cases, now.cases_total, now.municipalities) == ([hjoerring], 1, ["Hjørring"])
    with pytest.raises(KeyDestroyed):
        matching.repository.get(skive)  # the withdrawn case's material is gone
    incident_id = now.incident_id
    incident: NationalIncident = matching.repository.get(incident_id)
    assert list(incident.members) == [hjoerring]

    # Offered again later by Skive (a new case of the same video): matched once more.
    later = uuid.uuid4()
    await broker.publish(
        offers.offer("ssp.skive", later, "Skive", "midt-og-vestjylland"), SSP_COORDINATION_EVENTS
    )
    assert matching.repository.get(incident_id).members.keys() == {hjoerring, later}


async def told_by_matching(
    broker: Any, ssp: Any, incident: uuid.UUID, cases: list[uuid.UUID]
) -> None:
    """The matching tells ``ssp.aarhus`` its ``cases`` are in ``incident``, which reaches
    five cases in Aarhus, Odense and Skive (two in Østjylland, three on Fyn)."""
    match_key = match_transport_key(cases[0])
    key = ssp.data_keys.key(match_key, create=True)  # SSP made it when it offered the case
    news = NationalMatchV1(
        event_id=IntegrationEvent.make_event_id("match.national", 7),
        source="matching",
        source_position=7,
        case_id=cases[0],
        occurred_at=datetime.now(UTC),
        actor=SSP_ACTOR,
        incident_id=incident,
        cases=cases,
        cases_total=5,
        schools=4,
        municipalities=["Aarhus", "Odense", "Skive"],
        police_districts=[
            DistrictCasesV1(police_district=PoliceDistrict.OESTJYLLAND, cases=2),
            DistrictCasesV1(police_district=PoliceDistrict.FYN, cases=3),
        ],
        highest_level=3,
        serious=True,
    )
    sealed = seal(
        news,
        key_id=match_key,
        key=key,
        deployment="match.national",
        audience=("deployment:ssp.aarhus",),
        key_holder="ssp.aarhus",
    )
    await broker.publish(sealed.model_dump_json().encode(), MATCHING_EVENTS)


async def test_ssp_puts_its_cases_of_a_national_match_in_one_cluster_that_counts_nationally(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness(
        "ssp", ssp_municipalities=["Aarhus"], deployment_id="ssp.aarhus"
    )
    first, second = uuid.uuid4(), uuid.uuid4()
    for position, case_id in ((1, first), (2, second)):
        await broker.publish(wire(reported(position, case_id), ssp), SCHOOL_CASE_EVENTS)
    incident = uuid.uuid4()
    await told_by_matching(broker, ssp, incident, [first, second])
    assert dead == []
    file = ssp.repository.get(first)
    assert file.cluster is not None
    cluster = ssp.repository.get(file.cluster[0])
    assert set(cluster.members) == {first, second}
    assert ssp.repository.get(second).cluster[0] == cluster.id
    assert (cluster.schools, cluster.municipalities) == (4, 3), "the incident's reach"
    alert = cluster.extent_in(PoliceDistrict.OESTJYLLAND)
    assert (alert.cases, alert.cases_in_district, alert.police_districts) == (5, 2, 2)
    assert PoliceDistrict.OESTJYLLAND in cluster.alerted, "its own district is alerted"
    assert PoliceDistrict.FYN not in cluster.alerted, "Fyn's cases are another SSP's to alert"


async def test_ssp_offers_its_cases_material_to_its_matching_deployment_alone(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness(
        "ssp",
        ssp_municipalities=["Aarhus"],
        deployment_id="ssp.aarhus",
        matching_deployment="match.national",
    )
    case_id = uuid.uuid4()
    fingerprinted = MaterialFingerprintedV1(**envelope(2, case_id), fingerprints=[VIDEO])
    before = ssp.recorder.max_notification_id() or 0
    for event in (reported(1, case_id), fingerprinted):
        await broker.publish(wire(event, ssp), SCHOOL_CASE_EVENTS)
    assert dead == []
    translate = coordination_translator(ssp)
    sent = [
        m
        for n in ssp.recorder.select_notifications(before + 1, 50)
        if (m := translate(n)) is not None
    ]
    (offer,) = sent
    sealed = SealedEventV3.model_validate_json(offer.value)
    assert (sealed.event_type, sealed.key_id) == ("MaterialOffered", match_transport_key(case_id))
    assert audience_of(sealed) == ("deployment:match.national",)
    inside = MaterialOfferedV1.model_validate_json(
        unseal(sealed, ssp.data_keys.lookup(sealed.key_id))
    )
    assert (inside.municipality, inside.fingerprints) == ("Aarhus", [VIDEO])
    assert b"Skolen" not in unseal(sealed, ssp.data_keys.lookup(sealed.key_id)), "no school name"

    everything = ServesV1(everything=True)
    handed = ssp_key_grants(ssp, KeyAsk(sealed.key_id, "match.national", everything))
    assert handed == ssp.data_keys.lookup(sealed.key_id)
    for stranger in ("match.elsewhere", "ssp.odense", "police.fyn"):
        with pytest.raises(NotServed):
            ssp_key_grants(ssp, KeyAsk(sealed.key_id, stranger, everything))


async def test_a_district_alerted_before_the_national_match_is_told_of_the_incident(
    harness: Harness,
) -> None:
    """So that its police see the incident once, however many SSPs alert them of it."""
    ssp, broker, dead = await harness(
        "ssp", ssp_municipalities=["Aarhus"], deployment_id="ssp.aarhus"
    )
    first, second = uuid.uuid4(), uuid.uuid4()
    for event in (
        reported(1, first),
        reported(2, second),
        MaterialFingerprintedV1(**envelope(3, first), fingerprints=[VIDEO]),
        MaterialFingerprintedV1(**envelope(4, second), fingerprints=[VIDEO]),
        notified(5, first, uuid.uuid4()),
    ):
        await broker.publish(wire(event, ssp), SCHOOL_CASE_EVENTS)
    before = ssp.recorder.max_notification_id() or 0
    alerted = [a for a in published_alerts(ssp) if a.police_district == PoliceDistrict.OESTJYLLAND]
    assert [(a.published_by, a.national_incident) for a in alerted] == [("ssp.aarhus", None)]

    incident = uuid.uuid4()
    await told_by_matching(broker, ssp, incident, [first, second])
    assert dead == []
    told = published_alerts(ssp, after=before)
    assert [(a.police_district, a.national_incident) for a in told] == [
        (PoliceDistrict.OESTJYLLAND, incident)
    ]
    assert told[0].cluster_id == alerted[0].cluster_id, "the same alert, now in the incident"

    again = ssp.recorder.max_notification_id() or 0
    await told_by_matching(broker, ssp, incident, [first, second])
    assert published_alerts(ssp, after=again) == [], "told once"


def published_alerts(ssp: Any, after: int = 0) -> list[ClusterAlertV2]:
    translate = coordination_translator(ssp)
    found = []
    for notification in ssp.recorder.select_notifications(after + 1, 500):
        message = translate(notification)
        if message is None:
            continue
        sealed = SealedEventV3.model_validate_json(message.value)
        if sealed.event_type == "ClusterAlert":
            key = ssp.data_keys.lookup(sealed.key_id)
            found.append(ClusterAlertV2.model_validate_json(unseal(sealed, key)))
    return found
