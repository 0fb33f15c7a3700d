"""A police district whose cases of one video are several SSP deployments' clusters sees
the incident once, naming every SSP that alerted it, however the alerts arrive."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from eventsourcing.persistence import Tracking

from contracts.coordination_events import ClusterAlertV1, ClusterAlertV2
from contracts.envelope import IntegrationEvent
from domain.geography import PoliceDistrict
from services.police_liaison.api import ClusterAlertView
from services.police_liaison.application import alerts_name
from tests.handlers.conftest import Harness
from tests.messages import envelope

NORDJYLLAND = PoliceDistrict.NORDJYLLAND
POSITIONS = itertools.count(1)


def alert(
    ssp: str, cluster: uuid.UUID, incident: uuid.UUID | None, *, cases: int = 3
) -> ClusterAlertV2:
    position = next(POSITIONS)
    return ClusterAlertV2(
        **{
            **envelope(position, uuid.uuid4()),
            "source": "ssp",
            "event_id": IntegrationEvent.make_event_id(ssp, position),
        },
        published_by=ssp,
        cluster_id=cluster,
        police_district=NORDJYLLAND,
        cases=cases,
        cases_in_district=cases,
        schools=2,
        municipalities=2,
        police_districts=1,
        highest_level=None,
        why="the police are already involved in a case in the cluster",
        national_incident=incident,
    )


def receive(police: Any, event: IntegrationEvent) -> None:
    origin = getattr(event, "published_by", "ssp")
    police.save_tracked(Tracking(origin, event.source_position), *police.on_cluster_alert(event))


def listed(police: Any) -> list[ClusterAlertView]:
    return [
        ClusterAlertView.of(a)
        for a in police.readable(police.listing(alerts_name(NORDJYLLAND)).ids)
    ]


async def test_two_ssps_alerting_of_one_incident_are_one_alert_naming_both(
    harness: Harness,
) -> None:
    police, _, dead = await harness("police_liaison")
    hjoerring, frederikshavn, incident = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    # Hjørring's SSP alerts before the national match is known; Frederikshavn's after.
    receive(police, alert("ssp.hjoerring", hjoerring, None))
    receive(police, alert("ssp.frederikshavn", frederikshavn, incident, cases=5))
    assert [a.cluster_id for a in listed(police)] == [hjoerring, frederikshavn]

    # Hjørring's SSP learns of the incident and tells the district: now one alert.
    receive(police, alert("ssp.hjoerring", hjoerring, incident))
    (one,) = listed(police)
    assert one.cluster_id == frederikshavn, "the incident's first placed alert stays"
    assert one.raised_by == ["ssp.frederikshavn", "ssp.hjoerring"]
    assert one.national_incident == incident

    # Redelivered, or told again: still one alert, each SSP named once.
    receive(police, alert("ssp.hjoerring", hjoerring, incident))
    receive(police, alert("ssp.frederikshavn", frederikshavn, incident, cases=5))
    (still,) = listed(police)
    assert still.raised_by == ["ssp.frederikshavn", "ssp.hjoerring"]

    # Another incident in the district is an alert of its own.
    receive(police, alert("ssp.hjoerring", uuid.uuid4(), uuid.uuid4()))
    assert len(listed(police)) == 2
    assert dead == []


async def test_an_alert_of_version_1_is_still_listed(harness: Harness) -> None:
    police, _, _ = await harness("police_liaison")
    position = next(POSITIONS)
    old = ClusterAlertV1(
        **{
            **envelope(position, uuid.uuid4()),
            "source": "ssp",
            "event_id": IntegrationEvent.make_event_id("ssp", position),
        },
        cluster_id=uuid.uuid4(),
        police_district=NORDJYLLAND,
        cases=2,
        cases_in_district=2,
        schools=2,
        municipalities=1,
        police_districts=1,
        highest_level=3,
        why="a case in the cluster is at level 3 or higher",
    )
    receive(police, old)
    (listed_alert,) = listed(police)
    assert (listed_alert.raised_by, listed_alert.national_incident) == ([], None)
