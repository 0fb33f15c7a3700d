"""The matching deployment: links material across SSP deployments, blind to content.

It keeps, per offered case, the fingerprints (sealed with a key of the case's own,
destroyed when the SSP withdraws it) and, per incident, where its cases are handled
(``domain.matching``). An index of fingerprints in memory, rebuilt from the store on
first use and then following the store's notifications (so it holds what every
replica saved), finds the cases a new fingerprint matches: exact hashes by lookup, PDQ
hashes by distance.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Transcoding
from eventsourcing.utils import get_topic

from contracts.matching_events import MaterialOfferedV1, MaterialWithdrawnV1
from domain.fingerprints import Fingerprint, FingerprintKind, why_they_match
from domain.geography import PoliceDistrict
from domain.matching import NationalIncident, OfferedCase, OfferedFromElsewhere, OfferedMaterial
from infra.settings import Settings
from infra.store_tail import NotificationTail
from services.kit.application import FingerprintAsDict, ServiceApplication
from services.kit.transcodings import NationalExtentAsDict

OFFERED = "offered"
"""Every case offered and not withdrawn: what the index is rebuilt from."""


class OfferedCaseAsDict(Transcoding):
    type = OfferedCase
    name = "offered_case"

    def encode(self, obj: OfferedCase) -> dict[str, Any]:
        return {**vars(obj), "district": obj.district.value}

    def decode(self, data: dict[str, Any]) -> OfferedCase:
        return OfferedCase(**{**data, "district": PoliceDistrict(data["district"])})


FOLLOWED = tuple(
    get_topic(kind)
    for kind in (
        OfferedMaterial.Offered,
        OfferedMaterial.MoreOffered,
        OfferedMaterial.JoinedIncident,
        OfferedMaterial.Withdrawn,
    )
)
"""What changes the index: material offered, placed in an incident, or withdrawn."""


class FingerprintIndex:
    """Which offered cases show which material.

    Used only in the handlers run one at a time across the deployment's replicas."""

    def __init__(self, app: MatchingApplication) -> None:
        self._app = app
        self._exact: dict[Fingerprint, set[UUID]] | None = None
        self._pdq: dict[UUID, list[Fingerprint]] = {}
        self._incident_of: dict[UUID, UUID] = {}
        """Which incident each case is in, so a match costs no load of the cases matched."""
        self._tail = NotificationTail(app.recorder, FOLLOWED)

    def _loaded(self) -> dict[Fingerprint, set[UUID]]:
        if self._exact is None:
            self._tail.start_here()
            self._exact = {}
            offered: list[OfferedMaterial] = self._app.readable(self._app.listing(OFFERED).ids)
            for material in offered:
                self._keep(material)
        return self._exact

    def catch_up(self) -> None:
        """Before a step: take in what any replica saved since the last one."""
        if self._exact is None:
            self._loaded()
        else:
            self._follow()

    def _keep(self, material: OfferedMaterial) -> None:
        self._add(material.id, material.fingerprints)
        if material.incident is not None:
            self._incident_of[material.id] = material.incident

    def _follow(self) -> None:
        """What was saved since the last look, by this process or another replica."""
        changed = list(dict.fromkeys(n.originator for n in self._tail.new()))
        found: list[OfferedMaterial] = self._app.readable(changed)
        kept = {m.id for m in found if not m.withdrawn}
        for gone in set(changed) - kept:  # withdrawn (its key destroyed, or about to be)
            self._drop(gone)
        for material in found:
            if material.id in kept:
                self._keep(material)

    def incident_of(self, case: UUID) -> UUID | None:
        self._loaded()
        return self._incident_of.get(case)

    def belongs(self, case: UUID, incident: UUID) -> None:
        self._incident_of[case] = incident

    def _add(self, case: UUID, fingerprints: list[Fingerprint]) -> None:
        assert self._exact is not None
        for fingerprint in fingerprints:
            if fingerprint.kind is FingerprintKind.PDQ:
                known = self._pdq.setdefault(case, [])
                if fingerprint not in known:
                    known.append(fingerprint)
            else:
                self._exact.setdefault(fingerprint, set()).add(case)

    def matches(self, case: UUID, fingerprints: list[Fingerprint]) -> dict[UUID, str]:
        """The other cases showing any of this material, each with why."""
        exact = self._loaded()
        found: dict[UUID, str] = {}
        for mine in fingerprints:
            if mine.kind is FingerprintKind.PDQ:
                for other, known in self._pdq.items():
                    reason = next((r for k in known if (r := why_they_match(mine, k))), None)
                    if other != case and reason:
                        found.setdefault(other, reason)
            else:
                reason = why_they_match(mine, mine) or ""  # an exact hash: equal is why
                for other in sorted(exact.get(mine, set()) - {case}):
                    found.setdefault(other, reason)
        return found

    def remember(self, case: UUID, fingerprints: list[Fingerprint]) -> None:
        self._loaded()
        self._add(case, fingerprints)

    def forget(self, case: UUID) -> None:
        self._loaded()
        self._drop(case)

    def _drop(self, case: UUID) -> None:
        assert self._exact is not None
        for cases in self._exact.values():
            cases.discard(case)
        self._pdq.pop(case, None)
        self._incident_of.pop(case, None)


class MatchingApplication(ServiceApplication):
    name = "matching"
    case_aggregates: ClassVar[tuple[type[Aggregate], ...]] = (OfferedMaterial,)

    def __init__(self, env: dict[str, str], settings: Settings) -> None:
        super().__init__(env, settings)
        self.index = FingerprintIndex(self)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """Fingerprints, where a case is handled, and how far an incident reaches."""
        super().register_transcodings(transcoder)
        transcoder.register(FingerprintAsDict())
        transcoder.register(OfferedCaseAsDict())
        transcoder.register(NationalExtentAsDict())

    def on_material_offered(self, event: MaterialOfferedV1) -> list[Aggregate]:
        """Keep the case as offered; put it in one incident with every case it matches
        (merging their incidents), and tell each SSP involved what changed for it.
        Only from an SSP deployment the directory says serves the case's municipality."""
        if not self.directory.serves(event.published_by).serves_municipality(event.municipality):
            raise OfferedFromElsewhere(event.published_by, event.municipality)
        offered = OfferedCase(
            member=event.case_id,
            ssp=event.published_by,
            municipality=event.municipality,
            district=event.police_district,
            school=event.school,
            level=event.level,
            serious=event.police_involved,
        )
        self.index.catch_up()
        fingerprints = [f.to_domain() for f in event.fingerprints]
        changed: list[Aggregate] = []
        material: OfferedMaterial | None = self.get_or_none(event.case_id)
        if material is None:
            material = OfferedMaterial(
                case_id=event.case_id, fingerprints=fingerprints, profile=offered
            )
            listing = self.listing(OFFERED)
            listing.add(material.id)
            changed.append(listing)
            new = material.fingerprints
        else:
            new = material.offer(fingerprints, offered)
        changed.append(material)
        matches = self.index.matches(event.case_id, new) if new else {}
        self.index.remember(event.case_id, new)
        incidents = self._incidents_of([event.case_id, *matches])
        if not incidents and not matches:
            return changed
        incident = max(incidents, key=lambda i: len(i.members)) if incidents else NationalIncident()
        moved: list[OfferedMaterial] = [material]
        for absorbed in incidents:
            if absorbed is not incident:
                moved += [self._material(member, changed) for member in absorbed.members]
                absorbed.merge_into(incident, through=event.case_id)
                changed.append(absorbed)
        for other in matches:
            if other not in incident.members:  # matched, in no incident yet
                alone = self._material(other, changed)
                incident.join(alone.profile, matched_with=None, why="offered first")
                moved.append(alone)
        first = next(iter(matches), None)
        incident.join(offered, matched_with=first, why=matches[first] if first else "offered again")
        for member in moved:
            member.belongs_to(incident.id)
            self.index.belongs(member.id, incident.id)
        incident.tell()
        return [*changed, incident]

    def on_material_withdrawn(self, event: MaterialWithdrawnV1) -> list[Aggregate]:
        """Forget the case: out of its incident and the index, and its key destroyed,
        after the incident is saved (a redelivery finishes what a crash cut short)."""
        self.index.catch_up()
        found = self.readable([event.case_id])
        material = found[0] if found and isinstance(found[0], OfferedMaterial) else None
        if material is None:
            return []
        listing = self.listing(OFFERED)
        listing.remove(material.id)
        changed: list[Aggregate] = [listing]
        for incident in self._incidents_of([event.case_id]):
            incident.withdraw(event.case_id)
            incident.tell()
            changed.append(incident)
        if not material.withdrawn:
            material.withdraw()
            changed.append(material)
        self.index.forget(event.case_id)
        self.save(*changed)
        if self.repository.cache is not None:
            with contextlib.suppress(KeyError):
                self.repository.cache.get(event.case_id, evict=True)
        self.data_keys.destroy(f"case:{event.case_id}")
        return []

    def _incidents_of(self, cases: list[UUID]) -> list[NationalIncident]:
        """The incidents the cases belong to now (following merges), each once: found
        from the index, so matching a case to a thousand others loads one incident."""
        found: dict[UUID, NationalIncident] = {}
        for incident_id in dict.fromkeys(i for c in cases if (i := self.index.incident_of(c))):
            incident: NationalIncident | None = self.get_or_none(incident_id)
            while incident is not None and incident.merged_into is not None:
                incident = self.get_or_none(incident.merged_into)
            if incident is not None:
                found.setdefault(incident.id, incident)
        return list(found.values())

    def _material(self, case: UUID, changed: list[Aggregate]) -> OfferedMaterial:
        """The case's material, loaded once per step so its changes are saved together."""
        for aggregate in changed:
            if isinstance(aggregate, OfferedMaterial) and aggregate.id == case:
                return aggregate
        material: OfferedMaterial = self.repository.get(case)
        changed.append(material)
        return material
