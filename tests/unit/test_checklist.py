"""At each moment the checklist tells a professional what is done, due, or blocked and why."""

from __future__ import annotations

from domain.case import Case
from domain.case_facts import (
    EvidenceHolder,
    EvidenceKind,
    InvolvedParty,
    InvolvedRole,
    Outcome,
    ReportChannel,
    ReportFiler,
    Spread,
    TakedownOutcome,
)
from domain.checklist import Status, checklist
from domain.handling_model import Level, Provision
from tests.builders import HEAD, OFFICER, TEACHER, a_case, an_assessed_case, assess


def statuses(case: Case) -> dict[str, Status]:
    return {item.key: item.status for item in checklist(case)}


def item(case: Case, key: str) -> tuple[Status, str | None]:
    (found,) = [i for i in checklist(case) if i.key == key]
    return found.status, found.why


def test_a_new_minors_case_asks_to_uncover_assess_and_involve_the_parents() -> None:
    case = a_case(minor=True)
    assert statuses(case) == {
        "uncover": Status.DUE,
        "assess": Status.DUE,
        "involve_parents": Status.DUE,
        "keep_evidence": Status.BLOCKED,
    }
    _, why = item(case, "keep_evidence")
    assert why and "parents of the minor are not yet informed" in why
    every = checklist(case)
    assert all(i.label_da and i.label_en for i in every)
    assert {i.responsible.value for i in every} == {"ressourceperson", "ledelse"}


def test_the_value_jump_counts_as_involving_and_says_so() -> None:
    case = a_case(minor=True)
    case.defer_informing_parents(reason="Risk from a parent.", actor=HEAD)
    assert item(case, "involve_parents") == (
        Status.DONE,
        "Deferred under værdispringsreglen (Forvaltningsloven §28).",
    )
    assert item(case, "keep_evidence")[0] is Status.DUE


def test_level_3_waits_for_the_police_before_removal_and_then_moves_on() -> None:
    case = an_assessed_case(Level.THREE)
    case.uncover_facts(
        involved=[InvolvedParty(InvolvedRole.UNKNOWN_OFFENDER, "unknown Instagram profile")],
        what_happened="Nude image with face posted publicly.",
        where="Instagram",
        spread=Spread.PUBLIC_ONLINE,
        victim_age=15,
        actor=TEACHER,
    )
    assert item(case, "police_view")[0] is Status.DUE
    assert item(case, "police_evidence") == (
        Status.DUE,
        "the police have not yet made an evidence decision",
    )
    status, why = item(case, "request_takedown")
    assert status is Status.BLOCKED and why and why.startswith("Waiting for the police")
    assert item(case, "police_report")[0] is Status.RECOMMENDED
    assert item(case, "cooperate")[0] is Status.RECOMMENDED

    case.notify_police(actor=TEACHER)
    case.record_evidence_hold_lifted(actor=OFFICER)
    assert item(case, "police_view")[0] is Status.DONE
    assert item(case, "police_evidence")[0] is Status.DONE
    assert item(case, "request_takedown")[0] is Status.DUE
    case.request_takedown(platform="Instagram", actor=TEACHER)
    case.record_takedown_outcome(
        platform="Instagram", outcome=TakedownOutcome.REFUSED, actor=TEACHER
    )
    assert item(case, "request_takedown")[0] is Status.DONE
    assert item(case, "complain_datatilsynet:Instagram")[0] is Status.DUE


def test_level_4_requires_a_report_before_closing_and_refers_to_help() -> None:
    case = an_assessed_case(Level.FOUR)
    assert item(case, "police_report") == (Status.DUE, "Required at level 4.")
    assert item(case, "referral")[0] is Status.DUE
    assert item(case, "close") == (Status.BLOCKED, "At level 4 a police report is required first.")
    case.file_police_report(
        filed_by=ReportFiler.PARENTS,
        provision=Provision.SHARING_PRIVATE_IMAGES,
        channel=ReportChannel.STATION,
        actor=HEAD,
    )
    assert item(case, "police_report")[0] is Status.DONE
    assert item(case, "insurance")[0] is Status.RECOMMENDED
    assert item(case, "close") == (Status.BLOCKED, "Steps are still due.")


def test_level_1_asks_little_beyond_assessing_and_supporting() -> None:
    case = an_assessed_case(Level.ONE)
    case.document_evidence(
        kind=EvidenceKind.MESSAGE, held_by=EvidenceHolder.VICTIM, captured_at=None, actor=TEACHER
    )
    due = {k for k, s in statuses(case).items() if s is Status.DUE}
    assert due == {"uncover"}
    assert item(case, "close") == (Status.BLOCKED, "Steps are still due.")
    case.uncover_facts(
        involved=[],
        what_happened="Bikini photo shown to two friends.",
        where="school yard",
        spread=Spread.NOT_SHARED,
        victim_age=13,
        actor=TEACHER,
    )
    assert item(case, "close")[0] is Status.RECOMMENDED
    assert "police_report" not in statuses(case)
    assert "police_evidence" not in statuses(case)


def test_the_surroundings_item_says_whose_consent_is_missing() -> None:
    case = an_assessed_case(Level.TWO)
    status, why = item(case, "surroundings")
    assert (
        status is Status.BLOCKED
        and why == "Needs the recorded consent of the victim and the parents."
    )


def test_a_closed_case_only_offers_reopening() -> None:
    case = a_case(minor=False)
    assess(case, Level.ONE)
    case.close(outcome=Outcome.RESOLVED, reason=None, actor=HEAD)
    assert [i.key for i in checklist(case)] == ["reopen"]
