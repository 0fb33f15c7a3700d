"""The case records each step with its actor, and enforces the handling model's rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.case import Case
from domain.case_facts import (
    Audience,
    ConsentGiver,
    DeletionProof,
    EvidenceHolder,
    EvidenceKind,
    Outcome,
    ReportChannel,
    ReportFiler,
    TakedownOutcome,
)
from domain.errors import (
    CaseIsClosed,
    CaseIsOpen,
    ConsentMissing,
    DomainError,
    NoRefusedTakedown,
    NotAssessed,
    NotForThisVictim,
    ParentsAlreadyInformed,
    ParentsNotInvolved,
    PoliceNotificationAlreadyAcknowledged,
    PoliceReportRequired,
    ReasonRequired,
    SchoolMayNotReport,
    UnknownPoliceNotification,
    WaitingForPolice,
)
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, MaterialFeature, Provision, Track, VictimReaction
from tests.builders import HEAD, OFFICER, TEACHER, a_case, an_assessed_case, assess


def refused(case: Case, command: Callable[[], object], error: type[DomainError]) -> str:
    """Run a command that must be refused; the case must record nothing."""
    version = case.version
    pending = len(case.pending_events)
    with pytest.raises(error) as raised:
        command()
    assert case.version == version and len(case.pending_events) == pending
    return str(raised.value)


def test_a_reported_case_records_who_reported_it_and_when() -> None:
    case = a_case()
    (reported,) = case.collect_events()
    assert isinstance(reported, Case.Reported)
    assert reported.actor == TEACHER
    assert reported.timestamp == case.created_on
    assert case.police_district is PoliceDistrict.KOEBENHAVN


def test_replaying_the_events_rebuilds_the_same_case() -> None:
    case = an_assessed_case(Level.THREE)
    case.record_evidence_hold_lifted(actor=OFFICER)
    case.request_takedown(platform="Snapchat", actor=TEACHER)
    events = case.collect_events()
    rebuilt = None
    for stored in events:
        rebuilt = stored.mutate(rebuilt)
    assert isinstance(rebuilt, Case)
    assert (rebuilt.level, rebuilt.takedowns, rebuilt.version) == (
        Level.THREE,
        {"Snapchat": None},
        case.version,
    )
    assert [e.actor for e in events] == [TEACHER, HEAD, HEAD, OFFICER, TEACHER]  # type: ignore[attr-defined]


# The suggested level and the override.


def test_confirming_the_suggested_level_needs_no_reason() -> None:
    case = a_case()
    level = case.assess(
        material=[MaterialFeature.NAKED_BODY, MaterialFeature.FACE_VISIBLE],
        reaction=VictimReaction.NEEDS_HELP,
        context=Context.A_INNOCENT_BETWEEN_PEERS,
        provisions=[],
        track=Track.PEDAGOGICAL,
        actor=HEAD,
    )
    assert level is Level.THREE
    assert case.pending_events[-1].reason is None  # type: ignore[attr-defined]


def test_overriding_the_suggested_level_requires_a_reason_and_records_it() -> None:
    case = a_case()

    def override(reason: str | None) -> object:
        return case.assess(
            material=[MaterialFeature.UNDERWEAR_OR_BIKINI],
            reaction=VictimReaction.NO_SPECIAL_NEED,
            context=Context.B_THREATS_ABUSE_REVENGE,
            provisions=[Provision.SHARING_PRIVATE_IMAGES],
            track=Track.POLICE_CASE,
            level=Level.THREE,
            reason=reason,
            actor=HEAD,
        )

    message = refused(case, lambda: override("  "), ReasonRequired)
    assert "instead of the suggested 1" in message
    override("The images are used to blackmail her; we treat it as serious.")
    assessed = case.pending_events[-1]
    assert isinstance(assessed, Case.Assessed)
    assert (assessed.suggested_level, assessed.level) == (Level.ONE, Level.THREE)
    assert assessed.reason and "blackmail" in assessed.reason


# Rule 2: at level 3 and 4 the police decide how material is deleted.


@pytest.mark.parametrize("level", [Level.THREE, Level.FOUR])
def test_no_takedown_or_deletion_before_the_police_released_the_material(level: Level) -> None:
    case = an_assessed_case(level)
    assert case.waiting_for_police == "the police have not yet made an evidence decision"
    message = refused(
        case, lambda: case.request_takedown(platform="TikTok", actor=TEACHER), WaitingForPolice
    )
    assert "police decide how and when material is deleted" in message
    case.record_evidence_hold(actor=OFFICER)
    assert case.waiting_for_police == "the police have an evidence hold in place"
    refused(
        case, lambda: case.request_deletion(from_whom="classmate", actor=HEAD), WaitingForPolice
    )
    case.record_evidence_hold_lifted(actor=OFFICER)
    assert case.waiting_for_police is None
    case.request_takedown(platform="TikTok", actor=TEACHER)
    case.request_deletion(from_whom="classmate", actor=HEAD)


@pytest.mark.parametrize("level", [Level.ONE, Level.TWO])
def test_below_level_3_the_school_may_ask_for_removal_at_once(level: Level) -> None:
    case = an_assessed_case(level)
    case.request_takedown(platform="Instagram", actor=TEACHER)
    assert case.takedowns == {"Instagram": None}


def test_removal_needs_an_assessment_first() -> None:
    case = a_case(minor=False)
    refused(case, lambda: case.request_takedown(platform="X", actor=TEACHER), NotAssessed)


# Rule 3: level 4 requires a police report before closing.


def test_a_level_4_case_cannot_close_without_a_police_report() -> None:
    case = an_assessed_case(Level.FOUR)
    message = refused(
        case,
        lambda: case.close(outcome=Outcome.RESOLVED, reason=None, actor=HEAD),
        PoliceReportRequired,
    )
    assert "level 4" in message
    case.file_police_report(
        filed_by=ReportFiler.PARENTS,
        provision=Provision.SHARING_PRIVATE_IMAGES,
        channel=ReportChannel.ONLINE,
        actor=HEAD,
    )
    case.close(outcome=Outcome.TRANSFERRED_TO_POLICE, reason=None, actor=HEAD)
    assert case.is_closed


# Rule 4: a minor's parents are involved before the case leaves the assess step.


def test_a_minors_case_stays_in_assess_until_parents_are_involved() -> None:
    case = a_case(minor=True)
    assess(case, Level.TWO)
    message = refused(
        case,
        lambda: case.document_evidence(
            kind=EvidenceKind.SCREENSHOT,
            held_by=EvidenceHolder.PARENTS,
            captured_at=None,
            actor=TEACHER,
        ),
        ParentsNotInvolved,
    )
    assert "værdispringsreglen" in message
    refused(case, lambda: case.defer_informing_parents(reason="", actor=HEAD), ReasonRequired)
    case.defer_informing_parents(reason="The father is the one sharing the images.", actor=HEAD)
    case.document_evidence(
        kind=EvidenceKind.SCREENSHOT, held_by=EvidenceHolder.VICTIM, captured_at=None, actor=TEACHER
    )


def test_an_adult_victim_chooses_whom_to_involve_and_parents_are_not_a_step() -> None:
    case = a_case(minor=False)
    refused(case, lambda: case.inform_parents(actor=HEAD), NotForThisVictim)
    refused(case, lambda: case.defer_informing_parents(reason="x", actor=HEAD), NotForThisVictim)
    case.record_adult_victim_choice(involved=["older sister"], actor=TEACHER)
    assess(case, Level.ONE)
    case.hold_ssp_sparring(note="Short supportive talks agreed.", actor=TEACHER)


def test_parents_are_recorded_informed_once() -> None:
    case = a_case()
    case.inform_parents(actor=HEAD)
    refused(case, lambda: case.inform_parents(actor=HEAD), ParentsAlreadyInformed)


# Rule 5: who may file the police report.


def test_the_school_itself_reports_only_under_232_or_235() -> None:
    case = an_assessed_case(Level.FOUR)
    message = refused(
        case,
        lambda: case.file_police_report(
            filed_by=ReportFiler.SCHOOL,
            provision=Provision.SHARING_PRIVATE_IMAGES,
            channel=ReportChannel.STATION,
            actor=HEAD,
        ),
        SchoolMayNotReport,
    )
    assert "§264d" in message
    for provision in (Provision.INDECENCY, Provision.CHILD_SEXUAL_ABUSE_MATERIAL):
        case.file_police_report(
            filed_by=ReportFiler.SCHOOL,
            provision=provision,
            channel=ReportChannel.PHONE_114,
            actor=HEAD,
        )
    case.file_police_report(
        filed_by=ReportFiler.VICTIM,
        provision=Provision.SHARING_PRIVATE_IMAGES,
        channel=ReportChannel.ONLINE,
        actor=HEAD,
    )
    assert len(case.police_reports) == 3


# Rule 6: Datatilsynet only after a refusal.


def test_a_complaint_to_datatilsynet_comes_only_after_a_refusal() -> None:
    case = an_assessed_case(Level.TWO)
    case.request_takedown(platform="Snapchat", actor=TEACHER)
    message = refused(
        case,
        lambda: case.complain_to_datatilsynet(platform="Snapchat", actor=TEACHER),
        NoRefusedTakedown,
    )
    assert "Snapchat" in message
    case.record_takedown_outcome(
        platform="Snapchat", outcome=TakedownOutcome.REFUSED, actor=TEACHER
    )
    case.complain_to_datatilsynet(platform="Snapchat", actor=TEACHER)
    assert case.complaints == ["Snapchat"]


# Rule 7: the surroundings are told only with consent.


def test_telling_the_class_needs_consent_of_victim_and_parents_of_a_minor() -> None:
    case = an_assessed_case(Level.TWO)
    message = refused(
        case, lambda: case.inform_surroundings(audience=Audience.CLASS, actor=HEAD), ConsentMissing
    )
    assert "the victim and the parents" in message
    case.record_consent(given_by=ConsentGiver.VICTIM, audience=Audience.CLASS, actor=TEACHER)
    message = refused(
        case, lambda: case.inform_surroundings(audience=Audience.CLASS, actor=HEAD), ConsentMissing
    )
    assert message.endswith("the parents.")
    case.record_consent(given_by=ConsentGiver.PARENTS, audience=Audience.CLASS, actor=TEACHER)
    case.inform_surroundings(audience=Audience.CLASS, actor=HEAD)
    refused(
        case,
        lambda: case.inform_surroundings(audience=Audience.OTHER_PARENTS, actor=HEAD),
        ConsentMissing,
    )


def test_an_adult_victims_consent_is_enough() -> None:
    case = an_assessed_case(Level.ONE, minor=False)
    case.record_consent(given_by=ConsentGiver.VICTIM, audience=Audience.SCHOOL, actor=TEACHER)
    case.inform_surroundings(audience=Audience.SCHOOL, actor=HEAD)


# Rule 8: a closed case accepts only reopening.


def test_a_closed_case_accepts_only_reopening_with_a_reason() -> None:
    case = an_assessed_case(Level.ONE)
    refused(case, lambda: case.reopen(reason="x", actor=HEAD), CaseIsOpen)
    case.close(outcome=Outcome.RESOLVED, reason="Two supportive talks.", actor=HEAD)
    for command in (
        lambda: case.inform_surroundings(audience=Audience.CLASS, actor=HEAD),
        lambda: case.notify_police(actor=HEAD),
        lambda: case.close(outcome=Outcome.RESOLVED, reason=None, actor=HEAD),
        lambda: assess(case, Level.TWO),
        lambda: case.confirm_deletion(proof=DeletionProof.NONE, shared_with_count=0, actor=HEAD),
    ):
        refused(case, command, CaseIsClosed)
    refused(case, lambda: case.reopen(reason=" ", actor=HEAD), ReasonRequired)
    case.reopen(reason="The images turned up again on another profile.", actor=HEAD)
    assert not case.is_closed
    assess(case, Level.TWO)


def test_police_facts_are_recorded_even_on_a_closed_case() -> None:
    case = an_assessed_case(Level.ONE)
    notification_id = case.notify_police(actor=HEAD)
    case.close(outcome=Outcome.RESOLVED, reason=None, actor=HEAD)
    case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)
    assert case.police_notifications == {notification_id: OFFICER}


def test_an_acknowledgement_must_name_a_notification_the_case_sent_and_comes_once() -> None:
    case = a_case()
    refused(
        case,
        lambda: case.record_police_acknowledgement(notification_id=a_case().id, actor=OFFICER),
        UnknownPoliceNotification,
    )
    notification_id = case.notify_police(actor=TEACHER)
    case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)
    refused(
        case,
        lambda: case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER),
        PoliceNotificationAlreadyAcknowledged,
    )
