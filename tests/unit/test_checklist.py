"""At each moment the checklist says only what is true: done by whom, waiting since when,
deferred until when — and it offers all the help the seeds describe for the level."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.actors import Actor, Role
from domain.case import Case
from domain.case_facts import (
    ComplaintOutcome,
    DeletionProof,
    EvidenceHolder,
    EvidenceKind,
    HelpItem,
    InvolvedParty,
    InvolvedRole,
    Outcome,
    ReopenReason,
    ReportChannel,
    ReportFiler,
    Spread,
    TakedownOutcome,
)
from domain.checklist import ChecklistItem, Status, checklist, close_case
from domain.handling_model import Level, Provision
from domain.offences import OffenceCategory
from tests.builders import HEAD, OFFICER, TEACHER, a_case, an_assessed_case, assess

TODAY = date(2026, 12, 1)
CONSULTANT = Actor("ssp-mette", Role.SSP_KONSULENT, "Frederiksberg")


def items(case: Case, today: date = TODAY) -> dict[str, ChecklistItem]:
    return {i.key: i for i in checklist(case, today)}


def status(case: Case, key: str, today: date = TODAY) -> Status:
    return items(case, today)[key].status


def uncovered(case: Case, *involved: InvolvedParty, spread: Spread = Spread.GROUP_CHAT) -> None:
    case.uncover_facts(
        involved=list(involved),
        what_happened="An image is shared.",
        where="Snapchat",
        spread=spread,
        victim_age=15,
        actor=TEACHER,
    )


def test_a_new_minors_case_asks_to_uncover_assess_involve_and_keep_evidence_at_once() -> None:
    case = a_case(minor=True)
    assert {k: i.status for k, i in items(case).items()} == {
        "uncover": Status.DUE,
        "assess": Status.DUE,
        "involve_parents": Status.DUE,
        "keep_evidence": Status.DUE,
        "close": Status.BLOCKED,
    }
    every = checklist(case, TODAY)
    assert all(i.label_da and i.label_en for i in every)


# 1. What is shown as done must be done.


def test_a_police_notification_waits_for_its_acknowledgement_before_it_is_done() -> None:
    case = an_assessed_case(Level.THREE)
    notification_id = case.notify_police(actor=TEACHER)
    contact = items(case)["police_view"]
    assert contact.status is Status.WAITING
    assert contact.since == case.police_contacts[notification_id].sent.at
    assert contact.why and "not yet acknowledged" in contact.why.en
    case.record_police_acknowledgement(notification_id=notification_id, actor=OFFICER)
    done = items(case)["police_view"]
    assert done.status is Status.DONE and done.done and done.done.actor == OFFICER


def test_a_value_jump_deferral_is_deferred_until_its_date_then_due_again() -> None:
    case = a_case(minor=True)
    by = TODAY + timedelta(days=3)
    case.defer_informing_parents(reason="Risk from a parent.", reassess_by=by, actor=HEAD)
    deferred = items(case)["involve_parents"]
    assert (deferred.status, deferred.until) == (Status.DEFERRED, by)
    assert deferred.why and "værdispringsreglen" in deferred.why.da
    assert "Risk from a parent" not in deferred.why.en, "the reason is not on the checklist"
    again = items(case, by)["involve_parents"]
    assert again.status is Status.DUE and again.why and by.isoformat() in again.why.en
    case.inform_parents(actor=HEAD)
    assert status(case, "involve_parents", by) is Status.DONE


def test_a_refused_takedown_stays_open_and_the_card_follows_datatilsynet() -> None:
    case = an_assessed_case(Level.TWO)
    uncovered(case, spread=Spread.PUBLIC_ONLINE)
    assert status(case, "request_takedown") is Status.DUE
    case.request_takedown(platform="Instagram", actor=TEACHER)
    assert "request_takedown" not in items(case)
    assert status(case, "takedown:Instagram") is Status.WAITING
    case.record_takedown_outcome(
        platform="instagram", outcome=TakedownOutcome.REFUSED, actor=TEACHER
    )
    takedown = items(case)["takedown:Instagram"]
    assert takedown.status is Status.DUE and takedown.why and "Datatilsynet" in takedown.why.en
    assert status(case, "complaint:Instagram") is Status.DUE
    case.complain_to_datatilsynet(platform="Instagram", actor=TEACHER)
    assert status(case, "complaint:Instagram") is Status.WAITING
    assert status(case, "takedown:Instagram") is Status.WAITING
    case.record_datatilsynet_decision(
        platform="Instagram", outcome=ComplaintOutcome.REJECTED, actor=TEACHER
    )
    assert status(case, "complaint:Instagram") is Status.DONE
    rejected = items(case)["takedown:Instagram"]
    assert rejected.status is Status.DUE and rejected.why and "rejected" in rejected.why.en
    case.record_takedown_outcome(
        platform="Instagram", outcome=TakedownOutcome.REMOVED, actor=TEACHER
    )
    assert status(case, "takedown:Instagram") is Status.DONE


def test_each_deletion_request_is_done_only_by_its_own_confirmation() -> None:
    case = an_assessed_case(Level.TWO)
    uncovered(case, InvolvedParty(InvolvedRole.KNOWN_OFFENDER, "classmate", True, True))
    assert status(case, "request_deletion") is Status.DUE
    asked = [case.request_deletion(from_whom=w, actor=HEAD) for w in ("Ali", "Bo", "Cas")]
    case.confirm_deletion(
        request_id=asked[1],
        proof=DeletionProof.WRITTEN_CONFIRMATION,
        shared_with_count=0,
        actor=HEAD,
    )
    shown = [items(case)[f"deletion:{r}"].status for r in asked]
    assert shown == [Status.WAITING, Status.DONE, Status.WAITING]


def test_closing_is_offered_with_the_steps_still_due_and_records_them() -> None:
    case = an_assessed_case(Level.ONE)
    offer = items(case)["close"]
    assert offer.status is Status.RECOMMENDED and offer.why and "Uncover who" in offer.why.en
    close_case(case, outcome=Outcome.RESOLVED, reason="Moved away.", actor=HEAD, today=TODAY)
    assert "uncover" in case.left_open
    closed = items(case)["closed"]
    assert closed.status is Status.DONE and closed.why and "uncover" in closed.why.en


def test_an_evidence_hold_blocks_closing_unless_the_police_took_over() -> None:
    case = an_assessed_case(Level.THREE)
    case.record_evidence_hold(actor=OFFICER)
    blocked = items(case)["close"]
    assert (
        blocked.status is Status.BLOCKED and blocked.why and "hold the evidence" in blocked.why.en
    )
    case.record_police_took_over(actor=HEAD)
    assert status(case, "close") is not Status.BLOCKED


def test_a_closed_case_shows_what_arrived_after_closing_and_what_it_asks() -> None:
    case = an_assessed_case(Level.THREE)
    case.notify_police(actor=HEAD)
    case.record_evidence_hold(actor=OFFICER)
    case.record_police_took_over(actor=HEAD)
    case.file_police_report(
        filed_by=ReportFiler.PARENTS,
        provision=Provision.SHARING_PRIVATE_IMAGES,
        channel=ReportChannel.ONLINE,
        actor=HEAD,
    )
    close_case(
        case, outcome=Outcome.TRANSFERRED_TO_POLICE, reason="Police", actor=HEAD, today=TODAY
    )
    assert status(case, "reopen") is Status.RECOMMENDED
    case.record_evidence_hold_lifted(actor=OFFICER)
    shown = items(case)
    arrival = shown["arrived:0:evidence_released"]
    assert arrival.status is Status.DUE and "reopen" in arrival.label_en
    assert shown["reopen"].status is Status.DUE


def test_reopening_puts_the_steps_its_reason_touches_back_to_due() -> None:
    case = an_assessed_case(Level.TWO)
    uncovered(case, spread=Spread.PUBLIC_ONLINE)
    case.document_evidence(
        kind=EvidenceKind.SCREENSHOT, held_by=EvidenceHolder.VICTIM, captured_at=None, actor=TEACHER
    )
    case.request_takedown(platform="TikTok", actor=TEACHER)
    case.record_takedown_outcome(platform="TikTok", outcome=TakedownOutcome.REMOVED, actor=TEACHER)
    assert status(case, "keep_evidence") is Status.DONE
    close_case(case, outcome=Outcome.RESOLVED, reason="r", actor=HEAD, today=TODAY)
    case.reopen(
        reason="Billedet er dukket op igen.", because=ReopenReason.MATERIAL_RESURFACED, actor=HEAD
    )
    after = items(case)
    assert after["keep_evidence"].status is Status.DUE
    assert after["request_takedown"].status is Status.DUE
    assert after["uncover"].status is Status.DONE
    close_case(case, outcome=Outcome.RESOLVED, reason="r", actor=HEAD, today=TODAY)
    case.reopen(reason="Nye oplysninger.", because=ReopenReason.NEW_FACTS, actor=HEAD)
    assert status(case, "uncover") is Status.DUE and status(case, "assess") is Status.DUE


def test_the_ssp_consultants_advice_ticks_sparring_with_who_and_when() -> None:
    case = an_assessed_case(Level.TWO)
    assert status(case, "ssp_sparring") is Status.RECOMMENDED
    case.record_ssp_advice(actor=CONSULTANT)
    sparring = items(case)["ssp_sparring"]
    assert sparring.status is Status.DONE and sparring.done and sparring.done.actor == CONSULTANT


# 3. All the help the seeds describe, per level and per role.


@pytest.mark.parametrize(
    ("level", "words"),
    [
        (Level.ONE, "En eller få støttende samtaler"),
        (Level.TWO, "Øjeblikkelig målrettet hjælp"),
        (Level.THREE, "jævnlig kontakt over en længere periode"),
        (Level.FOUR, "over en længere periode"),
    ],
)
def test_supportive_talks_are_worded_for_the_level_and_required(level: Level, words: str) -> None:
    talks = items(an_assessed_case(level))["help:supportive_talks"]
    assert words in talks.label_da and talks.status is Status.DUE
    assert talks.responsible is Role.RESSOURCEPERSON


def test_level_3_asks_to_contact_passive_sharers_and_to_weigh_a_report_with_the_police() -> None:
    shown = items(an_assessed_case(Level.THREE))
    assert shown["help:passive_sharers_contacted"].status is Status.DUE
    assert shown["police_view"].status is Status.DUE
    assert "psychologist_and_lawyer" not in shown
    assert (
        items(an_assessed_case(Level.FOUR))["psychologist_and_lawyer"].status is Status.RECOMMENDED
    )


def test_conflict_mediation_only_where_an_offender_is_known_and_weighted_by_level() -> None:
    extortion = an_assessed_case(Level.THREE)
    uncovered(extortion, InvolvedParty(InvolvedRole.UNKNOWN_OFFENDER, "profile abroad"))
    assert "conflict_mediation" not in items(extortion)
    for level, expected in ((Level.TWO, Status.RECOMMENDED), (Level.THREE, Status.DUE)):
        case = an_assessed_case(level)
        uncovered(case, InvolvedParty(InvolvedRole.KNOWN_OFFENDER, "classmate", True, True))
        assert status(case, "conflict_mediation") is expected


def test_an_offender_at_the_same_school_brings_managements_rules_sanctions_and_measures() -> None:
    case = an_assessed_case(Level.TWO)
    uncovered(case, InvolvedParty(InvolvedRole.KNOWN_OFFENDER, "pupil in 9.a", True, True))
    shown = items(case)
    for key in ("help:rules_and_sanctions", "help:same_school_measures"):
        assert shown[key].status is Status.DUE and shown[key].responsible is Role.LEDELSE
    assert shown["help:offender_contact_person"].status is Status.RECOMMENDED
    assert shown["help:ssp_advice_to_offender"].responsible is Role.SSP_KONSULENT


def test_sextortion_brings_its_own_help_and_the_hotlines() -> None:
    case = a_case(minor=True)
    case.offence_category = OffenceCategory.SEXTORTION
    case.inform_parents(actor=HEAD)
    assess(case, Level.THREE)
    shown = items(case)
    assert shown["help:not_giving_in"].status is Status.DUE
    assert shown["help:contact_stopped"].status is Status.DUE
    assert "35 36 55 55" in shown["extortion_hotline"].label_da
    assert "29 27 01 01" in shown["extortion_hotline"].label_da


def test_an_adult_victim_has_no_parents_items() -> None:
    shown = items(an_assessed_case(Level.TWO, minor=False))
    assert not {"involve_parents", "parent_updates_agreed", "parents_updated"} & set(shown)
    assert "involve_chosen" in shown


def test_the_agreed_rhythm_of_updates_with_the_parents_is_kept() -> None:
    case = an_assessed_case(Level.TWO)
    assert status(case, "parent_updates_agreed") is Status.DUE
    case.agree_parent_updates(every_days=7, actor=TEACHER)
    agreed_on = case.pending_events[-1].timestamp.date()
    assert status(case, "parents_updated", agreed_on) is Status.DONE
    assert status(case, "parents_updated", agreed_on + timedelta(days=7)) is Status.DUE


def test_the_class_talk_waits_for_managements_agreement_and_consent() -> None:
    case = an_assessed_case(Level.TWO)
    talk = items(case)["class_talk"]
    assert talk.status is Status.BLOCKED and talk.responsible is Role.KLASSETEAM
    assert status(case, "help:class_talk_agreed") is Status.RECOMMENDED
    case.give_help(item=HelpItem.CLASS_TALK_AGREED, note=None, actor=HEAD)
    still = items(case)["class_talk"]
    assert still.status is Status.BLOCKED and still.why and "consent" in still.why.en


def test_insurance_advice_is_offered_without_a_police_report() -> None:
    case = an_assessed_case(Level.ONE)
    assert not case.police_reports
    assert status(case, "insurance") is Status.RECOMMENDED
