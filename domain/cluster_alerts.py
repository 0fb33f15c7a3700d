"""A police district's alert about an incident cluster: the same material, many schools.

SSP alerts each involved district once, when the cluster becomes serious. The alert
carries only the cluster's extent; the district's own notifications carry the cases.
When each municipality runs its own SSP, one video's cases in a district may be in
several SSPs' clusters, each alerting the district: once the alerts name the same
national incident, the district keeps the first as the incident's alert and notes each
later one on it (which SSP, its extent), so its police see the incident once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.geography import PoliceDistrict
from domain.incidents import Extent


@dataclass(frozen=True)
class AlsoRaised:
    """Another SSP deployment's alert of the same incident, folded into this one."""

    cluster_id: UUID
    raised_by: str
    extent: Extent
    alerted_at: datetime


class ClusterAlert(Aggregate):
    class Raised(Aggregate.Created):
        cluster_id: UUID
        police_district: PoliceDistrict
        extent: Extent
        why: str
        alerted_at: datetime
        raised_by: str = ""
        """Absent from alerts recorded before deployments were named."""

    class InIncident(Aggregate.Event):
        """The cluster is part of a national incident; ``folded_into`` is the district's
        alert of that incident, when that is another alert (this one is then not listed)."""

        incident: UUID
        folded_into: UUID | None

    class AlsoRaisedBy(Aggregate.Event):
        also: AlsoRaised

    @staticmethod
    def create_id(cluster_id: UUID, police_district: PoliceDistrict) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:cluster-alert:{cluster_id}:{police_district.value}")

    @event(Raised)
    def __init__(
        self,
        *,
        cluster_id: UUID,
        police_district: PoliceDistrict,
        extent: Extent,
        why: str,
        alerted_at: datetime,
        raised_by: str = "",
    ) -> None:
        self.cluster_id = cluster_id
        self.police_district = PoliceDistrict(police_district)
        self.extent = extent
        self.why = why
        self.alerted_at = alerted_at
        self.raised_by = raised_by
        """The SSP deployment that raised it (empty: before deployments were named)."""
        self.incident: UUID | None = None
        self.folded_into: UUID | None = None
        self.also: list[AlsoRaised] = []

    def place_in_incident(self, incident: UUID, *, folded_into: UUID | None) -> None:
        """Note the national incident the first time it is known; once placed, it stays."""
        if self.incident is None:
            self._in_incident(incident=incident, folded_into=folded_into)

    @event(InIncident)
    def _in_incident(self, *, incident: UUID, folded_into: UUID | None) -> None:
        self.incident = incident
        self.folded_into = folded_into

    def note_also_raised(self, also: AlsoRaised) -> None:
        """Another SSP's alert of this alert's incident; each cluster noted once."""
        if also.cluster_id != self.cluster_id and all(
            a.cluster_id != also.cluster_id for a in self.also
        ):
            self._also_raised_by(also=also)

    @event(AlsoRaisedBy)
    def _also_raised_by(self, *, also: AlsoRaised) -> None:
        self.also.append(also)

    @property
    def raised_by_all(self) -> list[str]:
        """Every SSP deployment that alerted the district of it, first first."""
        return list(
            dict.fromkeys(d for d in [self.raised_by, *(a.raised_by for a in self.also)] if d)
        )


class IncidentInDistrict(Aggregate):
    """Which alert is a district's alert of a national incident: the first placed in it."""

    class Placed(Aggregate.Created):
        incident: UUID
        police_district: PoliceDistrict
        alert_id: UUID

    @staticmethod
    def create_id(incident: UUID, police_district: PoliceDistrict) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:incident-alert:{incident}:{police_district.value}")

    @event(Placed)
    def __init__(self, *, incident: UUID, police_district: PoliceDistrict, alert_id: UUID) -> None:
        self.incident = incident
        self.police_district = PoliceDistrict(police_district)
        self.alert_id = alert_id
