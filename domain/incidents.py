"""Incident clusters: school cases that share material, across schools and municipalities.

Only SSP (and, when it escalates, the police) can see that several schools handle the
same material. When a case's fingerprint matches another case's, the case joins that
case's cluster — or the two start one. Every link records why it was made, and an SSP
consultant can confirm or dismiss it. A cluster names its cases by id only (its fields
never say ``case_id``, so it is sealed with its own key and outlives a member's erasure).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.errors import DomainError
from domain.geography import PoliceDistrict
from domain.handling_model import Level
from domain.national_extent import NationalExtent


class UnknownLink(DomainError):
    def __init__(self, link_id: object) -> None:
        super().__init__(
            f"This cluster has no link with id {link_id}.",
            f"Klyngen har ingen forbindelse med id {link_id}.",
        )


_DECIDED_DA = {"confirmed": "bekræftet", "dismissed": "afvist"}


class LinkAlreadyDecided(DomainError):
    def __init__(self, status: str) -> None:
        super().__init__(
            f"This link was already {status}; a decision is not changed afterwards.",
            f"Forbindelsen er allerede {_DECIDED_DA.get(status, 'afgjort')}; en afgørelse "
            "ændres ikke bagefter.",
        )


@dataclass
class Link:
    """Why case ``member`` joined: it shows the same material as case ``linked_to``."""

    member: UUID
    linked_to: UUID
    reason: str
    status: Literal["proposed", "confirmed", "dismissed"] = "proposed"
    decided_by: Actor | None = None
    dismissal: str | None = None


class MemberProfile(NamedTuple):
    """What the counts need of a member: keyed digests, never names."""

    school: str
    municipality: str
    district: PoliceDistrict
    level: int | None
    serious: bool


@dataclass(frozen=True)
class Extent:
    """How far a cluster reaches, as counted when the police were told."""

    cases: int
    cases_in_district: int
    schools: int
    municipalities: int
    police_districts: int
    highest_level: int | None


class IncidentCluster(Aggregate):
    class Formed(Aggregate.Created):
        first_case: UUID

    class CaseLinked(Aggregate.Event):
        link_id: UUID
        member: UUID
        linked_to: UUID
        reason: str

    class LinkConfirmed(Aggregate.Event):
        link_id: UUID
        by: Actor

    class LinkDismissed(Aggregate.Event):
        link_id: UUID
        reason: str
        by: Actor

    class MemberProfiled(Aggregate.Event):
        """What the counts need of a member: keyed digests of its school and municipality
        (never their names), its police district, level and whether it is serious."""

        member: UUID
        school: str
        municipality: str
        district: PoliceDistrict
        level: int | None
        serious: bool

    class DistrictAlerted(Aggregate.Event):
        """The district's police liaison is told of the cluster (once per district)."""

        district: PoliceDistrict
        through: UUID
        """A member case in the district: the alert travels under its key."""
        why: str
        extent: Extent
        incident: UUID | None = None
        """The national incident the cluster was in when alerted (absent before there
        were national incidents)."""

    class DistrictToldOfIncident(Aggregate.Event):
        """A district alerted before the cluster was matched nationally learns which
        incident it is part of (an alert raised later names it from the start), so
        its police see one alert for an incident that several SSPs alert it of."""

        district: PoliceDistrict
        through: UUID
        incident: UUID
        why: str
        extent: Extent
        """How far the cluster reaches in the district now."""

    class CaseRemoved(Aggregate.Event):
        member: UUID

    class MergedInto(Aggregate.Event):
        """A case matched this cluster and another: its cases now belong to that one."""

        target: UUID

    class MatchedNationally(Aggregate.Event):
        """The matching deployment found the material in other SSP deployments' cases:
        the cluster is part of ``incident``, which reaches ``extent``."""

        incident: UUID
        extent: NationalExtent

    @event(Formed)
    def __init__(self, *, first_case: UUID) -> None:
        self.members: list[UUID] = [first_case]
        self.links: dict[UUID, Link] = {}
        self.linked_pairs: set[frozenset[UUID]] = set()
        self.merged_into: UUID | None = None
        self.alerted: dict[PoliceDistrict, str] = {}
        self.profiles: dict[UUID, MemberProfile] = {}
        self.national: tuple[UUID, NationalExtent] | None = None
        """The national incident it is part of, and how far that reaches, if matched."""

    def link(self, *, member: UUID, linked_to: UUID, reason: str) -> None:
        """Record that case ``member`` shows the same material as case ``linked_to``."""
        if frozenset((member, linked_to)) in self.linked_pairs:
            return
        self._case_linked(link_id=uuid4(), member=member, linked_to=linked_to, reason=reason)

    @event(CaseLinked)
    def _case_linked(self, *, link_id: UUID, member: UUID, linked_to: UUID, reason: str) -> None:
        self.linked_pairs.add(frozenset((member, linked_to)))
        self.links[link_id] = Link(member, linked_to, reason)
        for case in (linked_to, member):
            if case not in self.members:
                self.members.append(case)

    def confirm(self, *, link_id: UUID, by: Actor) -> None:
        self._undecided(link_id)
        self._confirmed(link_id=link_id, by=by)

    @event(LinkConfirmed)
    def _confirmed(self, *, link_id: UUID, by: Actor) -> None:
        self.links[link_id].status, self.links[link_id].decided_by = "confirmed", by

    def dismiss(self, *, link_id: UUID, reason: str, by: Actor) -> None:
        """The link was wrong: a case held only by it leaves the cluster."""
        self._undecided(link_id)
        self._dismissed(link_id=link_id, reason=reason, by=by)

    @event(LinkDismissed)
    def _dismissed(self, *, link_id: UUID, reason: str, by: Actor) -> None:
        decided = self.links[link_id]
        decided.status, decided.decided_by, decided.dismissal = "dismissed", by, reason
        self.members = [m for m in self.members if self._held(m)]

    def ever_linked(self) -> list[UUID]:
        """Every case a link ever named, dismissed ones included."""
        return list(dict.fromkeys(c for k in self.links.values() for c in (k.member, k.linked_to)))

    def _held(self, case: UUID) -> bool:
        live = [k for k in self.links.values() if k.status != "dismissed"]
        return any(case in (k.member, k.linked_to) for k in live)

    def _undecided(self, link_id: UUID) -> None:
        if link_id not in self.links:
            raise UnknownLink(link_id)
        status = self.links[link_id].status
        if status != "proposed":
            raise LinkAlreadyDecided(status)

    def profile(
        self,
        *,
        member: UUID,
        school: str,
        municipality: str,
        district: PoliceDistrict,
        level: int | None,
        serious: bool,
    ) -> None:
        """Keep what the counts need of a member; a profile that did not change is not kept."""
        profile = MemberProfile(school, municipality, PoliceDistrict(district), level, serious)
        if member in self.members and self.profiles.get(member) != profile:
            self._member_profiled(
                member=member,
                school=school,
                municipality=municipality,
                district=district,
                level=level,
                serious=serious,
            )

    @event(MemberProfiled)
    def _member_profiled(
        self,
        *,
        member: UUID,
        school: str,
        municipality: str,
        district: PoliceDistrict,
        level: int | None,
        serious: bool,
    ) -> None:
        self.profiles[member] = MemberProfile(
            school, municipality, PoliceDistrict(district), level, serious
        )

    def learn_national(self, *, incident: UUID, extent: NationalExtent) -> None:
        """Keep how far the national incident reaches; nothing if that did not change.
        The districts already alerted are told when the incident is new to the cluster."""
        if self.national == (incident, extent):
            return
        known = self.national[0] if self.national is not None else None
        self._matched_nationally(incident=incident, extent=extent)
        if incident != known:
            firsts = self.first_in_each_district()
            for district in self.alerted:
                if district in firsts:
                    self._district_told_of_incident(
                        district=district,
                        through=firsts[district],
                        incident=incident,
                        why=self.alerted[district],
                        extent=self.extent_in(district),
                    )

    @event(DistrictToldOfIncident)
    def _district_told_of_incident(
        self,
        *,
        district: PoliceDistrict,
        through: UUID,
        incident: UUID,
        why: str,
        extent: Extent,
    ) -> None:
        pass  # what the district knows is the police's; the message says it

    @event(MatchedNationally)
    def _matched_nationally(self, *, incident: UUID, extent: NationalExtent) -> None:
        self.national = (incident, extent)

    def _live_profiles(self) -> list[MemberProfile]:
        return [self.profiles[m] for m in self.members if m in self.profiles]

    def _nationally(self) -> NationalExtent | None:
        return self.national[1] if self.national is not None else None

    @property
    def schools(self) -> int:
        """Here, or in the national incident when that reaches further (it counts these)."""
        here = len({p.school for p in self._live_profiles()})
        national = self._nationally()
        return max(here, national.schools) if national else here

    @property
    def municipalities(self) -> int:
        here = len({p.municipality for p in self._live_profiles()})
        national = self._nationally()
        return max(here, len(national.municipalities)) if national else here

    @property
    def highest_level(self) -> int | None:
        levels = [p.level for p in self._live_profiles() if p.level is not None]
        national = self._nationally()
        if national is not None and national.highest_level is not None:
            levels.append(national.highest_level)
        return max(levels, default=None)

    @property
    def serious(self) -> str | None:
        """Why the cluster is a matter for the police, or None."""
        if (self.highest_level or 0) >= Level.THREE:
            return "a case in the cluster is at level 3 or higher"
        if any(p.serious for p in self._live_profiles()):
            return "a case in the cluster was reported or notified to the police"
        national = self._nationally()
        if national is not None and national.serious:
            return "a case of the incident in another municipality is with the police"
        return None

    def extent_in(self, district: PoliceDistrict) -> Extent:
        district = PoliceDistrict(district)  # as read back from a stored event, a string
        live = self._live_profiles()
        here = sum(1 for p in live if p.district is district)
        districts = len({p.district for p in live})
        national = self._nationally()
        return Extent(
            cases=max(len(self.members), national.cases if national else 0),
            cases_in_district=max(here, national.cases_in(district) if national else 0),
            schools=self.schools,
            municipalities=self.municipalities,
            police_districts=max(districts, len(national.police_districts) if national else 0),
            highest_level=self.highest_level,
        )

    def first_in_each_district(self) -> dict[PoliceDistrict, UUID]:
        found: dict[PoliceDistrict, UUID] = {}
        for member in self.members:
            if member in self.profiles:
                found.setdefault(self.profiles[member].district, member)
        return found

    def alert(self, *, district: PoliceDistrict, through: UUID, why: str, extent: Extent) -> None:
        """Tell a district's police liaison of the cluster; each district is told once."""
        if district not in self.alerted:
            incident = self.national[0] if self.national is not None else None
            self._district_alerted(
                district=district, through=through, why=why, extent=extent, incident=incident
            )

    @event(DistrictAlerted)
    def _district_alerted(
        self,
        *,
        district: PoliceDistrict,
        through: UUID,
        why: str,
        extent: Extent,
        incident: UUID | None = None,
    ) -> None:
        self.alerted[PoliceDistrict(district)] = why

    def merge_into(self, target: IncidentCluster, *, through: UUID) -> None:
        """Hand every case to ``target``, linked through case ``through`` that matched both."""
        for member in self.members:
            target.link(
                member=member,
                linked_to=through,
                reason=f"in cluster {self.id}, whose material case {through} also matches",
            )
        for member, profile in self.profiles.items():
            target.profile(member=member, **profile._asdict())
        self._merged_into(target=target.id)

    @event(MergedInto)
    def _merged_into(self, *, target: UUID) -> None:
        self.merged_into = target
        self.members = []

    def remove_case(self, member: UUID) -> None:
        """An erased case leaves the cluster; its links stay, as they were explained."""
        if member in self.members:
            self._case_removed(member=member)

    @event(CaseRemoved)
    def _case_removed(self, *, member: UUID) -> None:
        self.members.remove(member)
        self.profiles.pop(member, None)
