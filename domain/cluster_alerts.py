"""A police district's alert about an incident cluster: the same material, many schools.

SSP alerts each involved district once, when the cluster becomes serious. The alert
carries only the cluster's extent; the district's own notifications carry the cases.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.geography import PoliceDistrict
from domain.incidents import Extent


class ClusterAlert(Aggregate):
    class Raised(Aggregate.Created):
        cluster_id: UUID
        police_district: PoliceDistrict
        extent: Extent
        why: str
        alerted_at: datetime

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
    ) -> None:
        self.cluster_id = cluster_id
        self.police_district = PoliceDistrict(police_district)
        self.extent = extent
        self.why = why
        self.alerted_at = alerted_at
