"""The case records each step with its actor, and enforces the handling model's rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.case import Case
from domain.case_facts import (
    Arrival,
    Audience,
    ComplaintOutcome,
    ConsentGiver,
    DeletionProof,
    EvidenceHold,
    EvidenceHolder,
    EvidenceKind,
    HelpItem,
    Outcome,
    Referral,
    ReopenReason,
    ReportChannel,
    ReportFiler,
    TakedownOutcome,
)
from domain.errors import (
    CaseIsClosed,
    CaseIsOpen,
    ComplaintAlreadyDecided,
    ConsentMissing,
    DomainError,
    EvidenceHeldByPolice,
    ManagementAgreementMissing,
    NoRefusedTakedown,
    NotAssessed,
    NotForThisVictim,
    ParentsAlreadyInformed,
    ParentsNotInvolved,
    PoliceNotificationAlreadyAcknowledged,
    PoliceReportRequired,
    ReasonRequired,
    SchoolMayNotReport,
    UnknownDeletionRequest,
    UnknownPoliceNotification,
    UnknownTakedown,
    WaitingForPolice,
)
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, MaterialFeature, Provision, Track, VictimReaction
from tests.builders import HEAD, OFFICER, TEACHER, a_case, an_assessed_case, assess

SOON = date(2030, 1, 1)


def refused(case: Case, command: Callable[[], object], error: type[DomainError]) -> str:
    """Run a command that must be refused; the case must record nothing."""
    version = case.version
    pending = len(case.pending_events)
    with pytest.raises(error) as raised:
        command()
    assert case.version == version and len(case.pending_events) == pending
    return str(raised.value)


def close(case: Case, reason: str | None = None, left_open: list[str] | None = None) -> None:
    case.close(outcome=Outcome.RESOLVED, reason=reason, left_open=left_open or [], actor=HEAD)


def test_a_reported_case_records_who_reported_it_and_when() -> None:
    case = a_case()
    (reported,) = case.collect_events()
    assert isinstance(reported, Case.Reported)
    assert reported.actor == TEACHER
    assert case.reported.at == reported.timestamp == case.created_on
    assert case.police_district is PoliceDistrict.KOEBENHAVN


def test_replaying_the_events_rebuilds_the_same_case_with_who_and_when() -> None:
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
        case.takedowns,
        case.version,
    )
    takedown = rebuilt.takedowns["Snapchat"]
    assert (takedown.requested.actor, takedown.requested.at) == (TEACHER, events[-1].timestamp)
    assert [e.actor for e in events] == [TEACHER, HEAD, HEAD, OFFICER, TEACHER]  # type: ignore[attr-defined]


# The suggested level and the override.


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
    assert case.evidence_hold is EvidenceHold.HELD
    refused(
        case, lambda: case.request_deletion(from_whom="classmate", actor=HEAD), WaitingForPolice
    )
    case.record_evidence_hold_lifted(actor=OFFICER)
    assert case.waiting_for_police is None
    case.request_takedown(platform="TikTok", actor=TEACHER)
    case.request_deletion(from_whom="classmate", actor=HEAD)


def test_removal_needs_an_assessment_first() -> None:
    case = a_case(minor=False)
    refused(case, lambda: case.request_takedown(platform="X", actor=TEACHER), NotAssessed)


def test_a_platform_is_found_however_its_name_is_written() -> None:
    case = an_assessed_case(Level.TWO)
    case.request_takedown(platform="Instagram", actor=TEACHER)
    case.record_takedown_outcome(
        platform="instagram", outcome=TakedownOutcome.REFUSED, actor=TEACHER
    )
    case.complain_to_datatilsynet(platform=" INSTAGRAM ", actor=TEACHER)
    assert list(case.takedowns) == ["Instagram"]
    refused(
        case,
        lambda: case.record_takedown_outcome(
            platform="Snapchat", outcome=TakedownOutcome.REMOVED, actor=TEACHER
        ),
        UnknownTakedown,
    )
    case.request_takedown(platform="Kik Messenger", actor=TEACHER)  # not listed: allowed by name
    assert "Kik Messenger" in case.takedowns


# Rule 3: level 4 requires a police report before closing.


def test_a_level_4_case_cannot_close_without_a_police_report() -> None:
    case = an_assessed_case(Level.FOUR)
    message = refused(case, lambda: close(case), PoliceReportRequired)
    assert "level 4" in message
    case.file_police_report(
        filed_by=ReportFiler.PARENTS,
        provision=Provision.SHARING_PRIVATE_IMAGES,
        channel=ReportChannel.ONLINE,
        actor=HEAD,
    )
    close(case)
    assert case.is_closed


# Rule 4: document and stop do not wait for the parents; the family's steps do.


def test_evidence_and_the_logbook_are_kept_before_the_parents_are_told() -> None:
    case = a_case(minor=True)
    case.document_evidence(
        kind=EvidenceKind.SCREENSHOT, held_by=EvidenceHolder.VICTIM, captured_at=None, actor=TEACHER
    )
    assert case.evidence_documented is not None and not case.parents_involved


def test_a_stop_step_before_the_parents_are_involved_needs_the_reason_it_cannot_wait() -> None:
    case = a_case(minor=True)
    assess(case, Level.TWO)
    message = refused(
        case, lambda: case.request_takedown(platform="Snapchat", actor=TEACHER), ParentsNotInvolved
    )
    assert "record why it cannot wait" in message
    case.request_takedown(
        platform="Snapchat",
        before_parents_because="The image spreads by the hour in the class chat.",
        actor=TEACHER,
    )
    assert case.before_parents == {
        "request_takedown": "The image spreads by the hour in the class chat."
    }


def test_the_familys_steps_and_closing_wait_for_the_parents_or_the_value_jump_rule() -> None:
    case = a_case(minor=True)
    assess(case, Level.TWO)
    for command in (
        lambda: case.refer(to=Referral.PSYCHOLOGIST, actor=TEACHER),
        lambda: case.record_consent(
            given_by=ConsentGiver.VICTIM, audience=Audience.CLASS, actor=TEACHER
        ),
        lambda: case.offer_conflict_mediation(actor=HEAD),
        lambda: close(case),
    ):
        refused(case, command, ParentsNotInvolved)
    case.refer(to=Referral.SIKKERCHAT, actor=TEACHER)  # anonymous help does not wait
    case.give_help(item=HelpItem.SUPPORTIVE_TALKS, note=None, actor=TEACHER)
    refused(
        case,
        lambda: case.defer_informing_parents(reason="", reassess_by=SOON, actor=HEAD),
        ReasonRequired,
    )
    case.defer_informing_parents(
        reason="The father is the one sharing the images.", reassess_by=SOON, actor=HEAD
    )
    assert case.deferral is not None and case.deferral.reassess_by == SOON
    case.refer(to=Referral.PSYCHOLOGIST, actor=TEACHER)
    close(case)


def test_an_adult_victim_chooses_whom_to_involve_and_parents_are_not_a_step() -> None:
    case = a_case(minor=False)
    refused(case, lambda: case.inform_parents(actor=HEAD), NotForThisVictim)
    refused(
        case,
        lambda: case.defer_informing_parents(reason="x", reassess_by=SOON, actor=HEAD),
        NotForThisVictim,
    )
    refused(case, lambda: case.agree_parent_updates(every_days=7, actor=HEAD), NotForThisVictim)
    case.record_adult_victim_choice(involved=["older sister"], actor=TEACHER)
    assess(case, Level.ONE)
    case.refer(to=Referral.PSYCHOLOGIST, actor=TEACHER)


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
    assert len(case.police_reports) == 2


# Rule 6: Datatilsynet only after a refusal, and its decision once.


def test_a_complaint_to_datatilsynet_comes_only_after_a_refusal_and_is_decided_once() -> None:
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
    case.record_datatilsynet_decision(
        platform="Snapchat", outcome=ComplaintOutcome.UPHELD, actor=TEACHER
    )
    complaint = case.takedowns["Snapchat"].complaint
    assert complaint is not None and complaint.outcome is ComplaintOutcome.UPHELD
    refused(
        case,
        lambda: case.record_datatilsynet_decision(
            platform="Snapchat", outcome=ComplaintOutcome.REJECTED, actor=TEACHER
        ),
        ComplaintAlreadyDecided,
    )


# Rule 7: the surroundings are told only with consent; the class after management agreed.


def test_telling_the_class_needs_consent_and_managements_agreement() -> None:
    case = an_assessed_case(Level.TWO)
    message = refused(
        case, lambda: case.inform_surroundings(audience=Audience.CLASS, actor=HEAD), ConsentMissing
    )
    assert "the victim and the parents" in message
    case.record_consent(given_by=ConsentGiver.VICTIM, audience=Audience.CLASS, actor=TEACHER)
    case.record_consent(given_by=ConsentGiver.PARENTS, audience=Audience.CLASS, actor=TEACHER)
    refused(
        case,
        lambda: case.inform_surroundings(audience=Audience.CLASS, actor=HEAD),
        ManagementAgreementMissing,
    )
    case.give_help(item=HelpItem.CLASS_TALK_AGREED, note=None, actor=HEAD)
    case.inform_surroundings(audience=Audience.CLASS, actor=HEAD)
    refused(
        case,
        lambda: case.inform_surroundings(audience=Audience.OTHER_PARENTS, actor=HEAD),
        ConsentMissing,
    )


# Deletion: each request has its own confirmation.


def test_each_deletion_request_is_confirmed_by_its_own_confirmation() -> None:
    case = an_assessed_case(Level.TWO)
    first = case.request_deletion(from_whom="classmate in 8.b", actor=HEAD)
    second = case.request_deletion(from_whom="her ex-boyfriend", actor=HEAD)
    case.confirm_deletion(
        request_id=second, proof=DeletionProof.SHOWN_IN_PERSON, shared_with_count=2, actor=HEAD
    )
    assert case.deletions[first].confirmed is None
    assert case.deletions[second].confirmed is not None
    refused(
        case,
        lambda: case.confirm_deletion(
            request_id=a_case().id, proof=DeletionProof.NONE, shared_with_count=0, actor=HEAD
        ),
        UnknownDeletionRequest,
    )


# Rule 8 and closing: what closing needs, and what reopening touches.


def test_closing_with_steps_due_names_them_and_needs_why() -> None:
    case = an_assessed_case(Level.ONE)
    refused(case, lambda: close(case, left_open=["uncover"]), ReasonRequired)
    close(case, reason="The pupil moved schools.", left_open=["uncover"])
    closed = case.pending_events[-1]
    assert isinstance(closed, Case.Closed)
    assert list(closed.left_open) == ["uncover"] and case.left_open == ["uncover"]


def test_an_evidence_hold_keeps_the_case_open_unless_the_police_took_it_over() -> None:
    case = an_assessed_case(Level.THREE)
    case.record_evidence_hold(actor=OFFICER)
    message = refused(case, lambda: close(case), EvidenceHeldByPolice)
    assert "release it" in message
    case.record_police_took_over(actor=HEAD)
    close(case)


def test_a_closed_case_accepts_only_reopening_with_a_reason() -> None:
    case = an_assessed_case(Level.ONE)
    refused(case, lambda: case.reopen(reason="x", actor=HEAD), CaseIsOpen)
    close(case, reason="Two supportive talks.")
    for command in (
        lambda: case.inform_surroundings(audience=Audience.CLASS, actor=HEAD),
        lambda: case.notify_police(actor=HEAD),
        lambda: close(case),
        lambda: assess(case, Level.TWO),
        lambda: case.give_help(item=HelpItem.SUPPORTIVE_TALKS, note=None, actor=TEACHER),
    ):
        refused(case, command, CaseIsClosed)
    refused(case, lambda: case.reopen(reason=" ", actor=HEAD), ReasonRequired)
    case.reopen(reason="The images turned up again on another profile.", actor=HEAD)
    assert not case.is_closed


def test_reopening_puts_what_its_reason_touches_back_to_be_done() -> None:
    case = an_assessed_case(Level.TWO)
    case.uncover_facts(
        involved=[], what_happened="x", where="y", spread="group_chat", victim_age=14, actor=TEACHER
    )
    case.document_evidence(
        kind=EvidenceKind.SCREENSHOT, held_by=EvidenceHolder.VICTIM, captured_at=None, actor=TEACHER
    )
    case.request_takedown(platform="TikTok", actor=TEACHER)
    close(case)
    case.reopen(
        reason="Billedet er dukket op igen.", because=ReopenReason.MATERIAL_RESURFACED, actor=HEAD
    )
    assert case.evidence_documented is None and case.takedowns == {}
    assert case.facts is not None and case.assessment is not None, "Vurder stands"
    close(case)
    case.reopen(reason="New facts.", because=ReopenReason.NEW_FACTS, actor=HEAD)
    assert case.facts is None and case.assessment is None


def test_police_facts_reach_a_closed_case_and_say_what_they_ask() -> None:
    case = an_assessed_case(Level.THREE)
    notification_id = case.notify_police(actor=HEAD)
    case.record_police_took_over(actor=HEAD)
    case.record_evidence_hold(actor=OFFICER)
    close(case)
    case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)
    case.record_evidence_hold_lifted(actor=OFFICER)
    assert [a.what for a in case.arrived_after_closing] == [
        Arrival.POLICE_ACKNOWLEDGED,
        Arrival.EVIDENCE_RELEASED,
    ]
    assert case.police_contacts[notification_id].acknowledged is not None
    assert all(a.deed.actor == OFFICER for a in case.arrived_after_closing)


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
