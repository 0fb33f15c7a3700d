"""Alerts stored before ClusterAlert.v2 still read: without the SSP that raised them or
the national incident, never failing on what they lack."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.cluster_alerts import ClusterAlert
from domain.geography import PoliceDistrict
from domain.incidents import Extent, IncidentCluster

EXTENT = Extent(
    cases=2, cases_in_district=2, schools=2, municipalities=1, police_districts=1, highest_level=3
)


def as_stored_before(event: Any, field: str) -> Any:
    """The event as a store written before ``field`` existed holds it."""
    state = {k: v for k, v in vars(event).items() if k != field}
    old = object.__new__(type(event))
    old.__dict__.update(state)
    return old


def replayed(events: list[Any]) -> Aggregate:
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)
    assert aggregate is not None
    return aggregate


def test_a_police_alert_recorded_before_deployments_were_named() -> None:
    alert = ClusterAlert(
        cluster_id=uuid.uuid4(),
        police_district=PoliceDistrict.FYN,
        extent=EXTENT,
        why="a case in the cluster is at level 3 or higher",
        alerted_at=datetime.now(UTC),
        raised_by="ssp.odense",
    )
    (raised,) = alert.collect_events()
    read = replayed([as_stored_before(raised, "raised_by")])
    assert isinstance(read, ClusterAlert)
    assert (read.raised_by, read.raised_by_all, read.incident) == ("", [], None)


def test_a_district_alert_recorded_before_national_incidents_names_none() -> None:
    cluster = IncidentCluster(first_case=uuid.uuid4())
    cluster.alert(
        district=PoliceDistrict.FYN, through=cluster.members[0], why="serious", extent=EXTENT
    )
    formed, alerted = cluster.collect_events()
    assert isinstance(alerted, IncidentCluster.DistrictAlerted)
    old = as_stored_before(alerted, "incident")
    assert old.incident is None
    read = replayed([formed, old])
    assert isinstance(read, IncidentCluster)
    assert read.alerted == {PoliceDistrict.FYN: "serious"}
