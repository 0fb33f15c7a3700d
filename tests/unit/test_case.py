"""The case aggregate records each step with its actor, and refuses what it must."""

from __future__ import annotations

import pytest

from domain.actors import Actor, Role
from domain.case import Case
from domain.errors import (
    ParentsAlreadyInformed,
    PoliceNotificationAlreadyAcknowledged,
    UnknownPoliceNotification,
)
from domain.geography import PoliceDistrict
from domain.offences import OffenceCategory

TEACHER = Actor("laerer-anna", Role.RESSOURCEPERSON, "Frederiksberg Skole")
OFFICER = Actor("betjent-ole", Role.POLITI, "Københavns Politi")


def a_case() -> Case:
    return Case(
        institution="Frederiksberg Skole",
        municipality="Frederiksberg",
        police_district=PoliceDistrict.KOEBENHAVN,
        offence_category=OffenceCategory.SEXTORTION,
        victim_is_minor=True,
        description="Pupil pressed for images by an unknown profile.",
        actor=TEACHER,
    )


def test_a_reported_case_records_who_reported_it_and_when() -> None:
    case = a_case()
    (reported,) = case.collect_events()
    assert isinstance(reported, Case.Reported)
    assert reported.actor == TEACHER
    assert reported.timestamp == case.created_on
    assert case.police_district is PoliceDistrict.KOEBENHAVN
    assert not case.parents_informed


def test_each_step_is_an_event_with_its_actor() -> None:
    case = a_case()
    case.inform_parents(actor=TEACHER)
    case.request_takedown(platform="Snapchat", actor=TEACHER)
    notification_id = case.notify_police(actor=TEACHER)
    case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)

    events = case.collect_events()
    assert [type(e).__name__ for e in events] == [
        "Reported",
        "ParentsInformed",
        "TakedownRequested",
        "PoliceNotified",
        "PoliceAcknowledged",
    ]
    assert [e.actor for e in events][-1] == OFFICER  # type: ignore[attr-defined]
    assert case.parents_informed
    assert case.takedown_platforms == ["Snapchat"]
    assert case.police_notifications == {notification_id: OFFICER}


def test_replaying_the_events_rebuilds_the_same_case() -> None:
    case = a_case()
    case.inform_parents(actor=TEACHER)
    notification_id = case.notify_police(actor=TEACHER)
    events = case.collect_events()

    rebuilt = None
    for stored in events:
        rebuilt = stored.mutate(rebuilt)
    assert isinstance(rebuilt, Case)
    assert rebuilt.parents_informed
    assert rebuilt.police_notifications == {notification_id: None}
    assert rebuilt.version == case.version


def test_parents_are_recorded_informed_once() -> None:
    case = a_case()
    case.inform_parents(actor=TEACHER)
    with pytest.raises(ParentsAlreadyInformed, match="already recorded"):
        case.inform_parents(actor=TEACHER)
    assert len(case.collect_events()) == 2


def test_an_acknowledgement_must_name_a_notification_the_case_sent() -> None:
    case = a_case()
    case.collect_events()
    with pytest.raises(UnknownPoliceNotification):
        case.record_police_acknowledgement(notification_id=a_case().id, actor=OFFICER)
    assert case.collect_events() == []


def test_a_notification_is_acknowledged_once() -> None:
    case = a_case()
    notification_id = case.notify_police(actor=TEACHER)
    case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)
    with pytest.raises(PoliceNotificationAlreadyAcknowledged):
        case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)
