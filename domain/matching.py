"""National matching: one incident across municipalities whose SSPs run apart.

Each municipality's SSP deployment sees only its own cases. To find that a video shared
in Hjørring is the one shared in Skive, each SSP offers the matching deployment what
matching needs of a case and nothing else: the material's fingerprints, the case's
municipality and police district, a digest of its school keyed by that SSP (so schools
can be counted, never named), its level and whether the police are involved. Matching
holds no names, descriptions or people, and tells each SSP only of its own cases in an
incident and how far the incident reaches: counts and the other municipalities and
districts, which is what SSP may know of another municipality's cases.

An incident names its cases by id only (no field says ``case_id``): it is sealed with a
key of its own and outlives a member's withdrawal, which removes the member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.fingerprints import Fingerprint
from domain.geography import PoliceDistrict
from domain.national_extent import DistrictCount, NationalExtent


class IncidentMerged(DomainError):
    """An incident that was merged into another takes no new cases."""

    def __init__(self, target: UUID) -> None:
        super().__init__(
            f"This incident was merged into incident {target}; add to that one.",
            f"Hændelsen er lagt sammen med hændelse {target}; tilføj til den.",
        )


class OfferedFromElsewhere(DomainError):
    """An SSP deployment offered a case of a municipality it does not serve: it could
    otherwise learn, by what it is told back, of another municipality's incidents."""

    def __init__(self, ssp: str, municipality: str) -> None:
        super().__init__(
            f"{ssp} does not serve {municipality}; its offer of a case there is refused.",
            f"{ssp} betjener ikke {municipality}; tilbuddet af en sag derfra afvises.",
        )


@dataclass(frozen=True)
class OfferedCase:
    """What matching knows of one case: where it is handled, never what it is about."""

    member: UUID
    ssp: str
    """The SSP deployment that offered it (``ssp.hjoerring``), which alone is told of it."""
    municipality: str
    district: PoliceDistrict
    school: str
    """The school, as a digest keyed by the offering SSP: counted, never named."""
    level: int | None
    serious: bool


def extent_of(members: Iterable[OfferedCase]) -> NationalExtent:
    cases = list(members)
    districts = sorted({c.district for c in cases}, key=lambda d: d.value)
    return NationalExtent(
        cases=len(cases),
        schools=len({(c.ssp, c.school) for c in cases}),
        municipalities=tuple(sorted({c.municipality for c in cases})),
        police_districts=tuple(
            DistrictCount(d, sum(1 for c in cases if c.district is d)) for d in districts
        ),
        highest_level=max((c.level for c in cases if c.level is not None), default=None),
        serious=any(c.serious or (c.level or 0) >= 3 for c in cases),
    )


@dataclass(frozen=True)
class Told:
    """What one SSP deployment was last told: its cases in the incident and its extent."""

    cases: tuple[UUID, ...]
    extent: NationalExtent


class NationalIncident(Aggregate):
    """Cases offered by SSP deployments that show the same material."""

    class Formed(Aggregate.Created):
        pass

    class Joined(Aggregate.Event):
        """A case joined: it matched ``matched_with`` (None for the first), for ``why``."""

        member: OfferedCase
        matched_with: UUID | None
        why: str

    class Reprofiled(Aggregate.Event):
        """A member's level or police involvement changed where it is handled."""

        member: OfferedCase

    class Withdrawn(Aggregate.Event):
        """A member was erased by its SSP: it leaves the incident."""

        member: UUID

    class MergedInto(Aggregate.Event):
        """A case matched this incident and another: its cases now belong to that one."""

        target: UUID

    class SspTold(Aggregate.Event):
        """An SSP deployment was told of its cases in the incident and how far it reaches."""

        ssp: str
        cases: tuple[UUID, ...]
        extent: NationalExtent

    @event(Formed)
    def __init__(self) -> None:
        self.members: dict[UUID, OfferedCase] = {}
        self.merged_into: UUID | None = None
        self.told: dict[str, Told] = {}

    def join(self, member: OfferedCase, *, matched_with: UUID | None, why: str) -> None:
        self._not_merged()
        if member.member in self.members:
            self.reprofile(member)
        else:
            self._joined(member=member, matched_with=matched_with, why=why)

    @event(Joined)
    def _joined(self, *, member: OfferedCase, matched_with: UUID | None, why: str) -> None:
        self.members[member.member] = member

    def reprofile(self, member: OfferedCase) -> None:
        """Keep a member's new level or police involvement; nothing if unchanged."""
        if member.member in self.members and self.members[member.member] != member:
            self._reprofiled(member=member)

    @event(Reprofiled)
    def _reprofiled(self, *, member: OfferedCase) -> None:
        self.members[member.member] = member

    def withdraw(self, member: UUID) -> None:
        if member in self.members:
            self._withdrawn(member=member)

    @event(Withdrawn)
    def _withdrawn(self, *, member: UUID) -> None:
        del self.members[member]

    def merge_into(self, target: NationalIncident, *, through: UUID) -> None:
        """Hand every case to ``target``, which case ``through`` also matches."""
        self._not_merged()
        for member in self.members.values():
            target.join(member, matched_with=through, why=f"in incident {self.id}, also matched")
        self._merged(target=target.id)

    @event(MergedInto)
    def _merged(self, *, target: UUID) -> None:
        self.merged_into = target
        self.members = {}

    def ssps(self) -> set[str]:
        return {m.ssp for m in self.members.values()}

    def tell(self) -> list[str]:
        """Tell each SSP deployment what changed for it: its cases and the extent, once
        the incident spans two SSPs (before that it is the one SSP's own business), and
        also an SSP told before whose view changed since (a case elsewhere withdrawn).
        An SSP with no case left in it has nothing to be told."""
        spans = len(self.ssps()) >= 2
        extent = extent_of(self.members.values())
        told = []
        for ssp in sorted(self.ssps() | set(self.told)):
            cases = tuple(sorted(m.member for m in self.members.values() if m.ssp == ssp))
            now = Told(cases, extent)
            if cases and (spans or ssp in self.told) and self.told.get(ssp) != now:
                self._ssp_told(ssp=ssp, cases=cases, extent=extent)
                told.append(ssp)
        return told

    @event(SspTold)
    def _ssp_told(self, *, ssp: str, cases: tuple[UUID, ...], extent: NationalExtent) -> None:
        self.told[ssp] = Told(tuple(cases), extent)

    def told_since(self, ssp: str, cases: tuple[UUID, ...], extent: NationalExtent) -> bool:
        """Whether the SSP was told something else after being told this: each telling
        is the whole of what it is told, so a later one says all an earlier one did."""
        return self.told.get(ssp) != Told(tuple(cases), extent)

    def _not_merged(self) -> None:
        if self.merged_into is not None:
            raise IncidentMerged(self.merged_into)


class OfferedMaterial(Aggregate):
    """One case as its SSP offered it (fingerprints, where it is handled), sealed with a
    key of the case's own: withdrawing the case destroys the key, and with it all this."""

    class Offered(Aggregate.Created):
        case_id: UUID
        fingerprints: list[Fingerprint]
        profile: OfferedCase

    class MoreOffered(Aggregate.Event):
        fingerprints: list[Fingerprint]

    class Reprofiled(Aggregate.Event):
        profile: OfferedCase

    class JoinedIncident(Aggregate.Event):
        incident: UUID

    class Withdrawn(Aggregate.Event):
        pass

    @staticmethod
    def create_id(case_id: UUID) -> UUID:
        return case_id

    @event(Offered)
    def __init__(
        self, *, case_id: UUID, fingerprints: list[Fingerprint], profile: OfferedCase
    ) -> None:
        self.fingerprints = list(dict.fromkeys(fingerprints))
        self.profile = profile
        self.incident: UUID | None = None
        self.withdrawn = False

    def offer(self, fingerprints: Iterable[Fingerprint], profile: OfferedCase) -> list[Fingerprint]:
        """Keep the fingerprints not yet known, and the profile if it changed; returns the
        new fingerprints."""
        new = [f for f in dict.fromkeys(fingerprints) if f not in self.fingerprints]
        if new:
            self._more(fingerprints=new)
        if profile != self.profile:
            self._reprofiled(profile=profile)
        return new

    @event(MoreOffered)
    def _more(self, *, fingerprints: list[Fingerprint]) -> None:
        self.fingerprints.extend(fingerprints)

    @event(Reprofiled)
    def _reprofiled(self, *, profile: OfferedCase) -> None:
        self.profile = profile

    def belongs_to(self, incident: UUID) -> None:
        if self.incident != incident:
            self._joined_incident(incident=incident)

    @event(JoinedIncident)
    def _joined_incident(self, *, incident: UUID) -> None:
        self.incident = incident

    @event(Withdrawn)
    def withdraw(self) -> None:
        """The SSP took the case back: recorded before the case's key is destroyed, so
        every replica's index forgets it (``services.matching``)."""
        self.withdrawn = True
