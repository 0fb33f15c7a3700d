"""No sequence of commands breaks a rule of the handling model.

Hypothesis drives a case through random sequences of every command, with random
arguments, including the facts the police and SSP send. After each command the full
event history is checked against the rules by an oracle written independently of the
aggregate, and every refused command must have recorded nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from domain.actors import Actor, Role
from domain.case import Case
from domain.case_facts import (
    Audience,
    ComplaintOutcome,
    ConsentGiver,
    DeletionProof,
    EvidenceHolder,
    EvidenceKind,
    HelpItem,
    InvolvedParty,
    InvolvedRole,
    Outcome,
    Referral,
    ReopenReason,
    ReportChannel,
    ReportFiler,
    Spread,
    TakedownOutcome,
)
from domain.checklist import close_case
from domain.errors import DomainError
from domain.handling_model import Context, Level, MaterialFeature, Provision, Track, VictimReaction
from tests.builders import HEAD, OFFICER, TEACHER, a_case

SOON = date(2030, 1, 1)
TODAY = date(2026, 12, 1)
CONSULTANT = Actor("ssp-mette", Role.SSP_KONSULENT, "Frederiksberg")

Command = Callable[[Case], object]

platforms = st.sampled_from(["Snapchat", "TikTok", "Instagram"])
reasons = st.sampled_from(["", "  ", "Because the child is at risk at home."])
maybe_reasons = st.one_of(st.none(), reasons)


def _command(name: str, build: Callable[..., Command], **args: st.SearchStrategy[Any]) -> Any:
    return st.fixed_dictionaries(args).map(lambda a: (name, build(**a)))


COMMANDS = st.one_of(
    _command(
        "uncover",
        lambda spread, role: (
            lambda c: c.uncover_facts(
                involved=[InvolvedParty(role, "someone")],
                what_happened="shared",
                where="online",
                spread=spread,
                victim_age=14,
                actor=TEACHER,
            )
        ),
        spread=st.sampled_from(Spread),
        role=st.sampled_from(InvolvedRole),
    ),
    _command(
        "assess",
        lambda material, reaction, level, reason, context, track: (
            lambda c: c.assess(
                material=material,
                reaction=reaction,
                context=context,
                provisions=[Provision.SHARING_PRIVATE_IMAGES],
                track=track,
                level=level,
                reason=reason,
                actor=HEAD,
            )
        ),
        material=st.lists(st.sampled_from(MaterialFeature), unique=True, max_size=3),
        reaction=st.sampled_from(VictimReaction),
        level=st.one_of(st.none(), st.sampled_from(Level)),
        reason=maybe_reasons,
        context=st.sampled_from(Context),
        track=st.sampled_from(Track),
    ),
    st.just(("inform_parents", lambda c: c.inform_parents(actor=HEAD))),
    _command(
        "defer_parents",
        lambda reason: (
            lambda c: c.defer_informing_parents(reason=reason, reassess_by=SOON, actor=HEAD)
        ),
        reason=reasons,
    ),
    st.just(
        ("adult_choice", lambda c: c.record_adult_victim_choice(involved=["sister"], actor=TEACHER))
    ),
    st.just(("notify_police", lambda c: c.notify_police(actor=TEACHER))),
    _command(
        "evidence",
        lambda kind, holder: (
            lambda c: c.document_evidence(
                kind=kind, held_by=holder, captured_at=None, actor=TEACHER
            )
        ),
        kind=st.sampled_from(EvidenceKind),
        holder=st.sampled_from(EvidenceHolder),
    ),
    st.just(
        (
            "logbook",
            lambda c: c.add_logbook_entry(
                who="a", what="b", where="c", when=datetime(2026, 1, 1, tzinfo=UTC), actor=TEACHER
            ),
        )
    ),
    _command(
        "contact_offender",
        lambda because: (
            lambda c: c.contact_known_offender(
                offender_parents_contacted=True, before_parents_because=because, actor=HEAD
            )
        ),
        because=maybe_reasons,
    ),
    _command(
        "request_deletion",
        lambda because: (
            lambda c: c.request_deletion(from_whom="x", before_parents_because=because, actor=HEAD)
        ),
        because=maybe_reasons,
    ),
    _command(
        "confirm_deletion",
        lambda proof: (
            lambda c: c.confirm_deletion(
                request_id=next(iter(c.deletions), uuid4()),
                proof=proof,
                shared_with_count=3,
                actor=HEAD,
            )
        ),
        proof=st.sampled_from(DeletionProof),
    ),
    _command(
        "takedown",
        lambda platform, because: (
            lambda c: c.request_takedown(
                platform=platform, before_parents_because=because, actor=TEACHER
            )
        ),
        platform=platforms,
        because=maybe_reasons,
    ),
    _command(
        "takedown_outcome",
        lambda platform, outcome: (
            lambda c: c.record_takedown_outcome(platform=platform, outcome=outcome, actor=TEACHER)
        ),
        platform=platforms,
        outcome=st.sampled_from(TakedownOutcome),
    ),
    _command(
        "datatilsynet",
        lambda platform: lambda c: c.complain_to_datatilsynet(platform=platform, actor=TEACHER),
        platform=platforms,
    ),
    _command(
        "datatilsynet_decided",
        lambda platform, outcome: (
            lambda c: c.record_datatilsynet_decision(
                platform=platform, outcome=outcome, actor=TEACHER
            )
        ),
        platform=platforms,
        outcome=st.sampled_from([ComplaintOutcome.UPHELD, ComplaintOutcome.REJECTED]),
    ),
    st.just(("hold", lambda c: c.record_evidence_hold(actor=OFFICER))),
    st.just(("lift", lambda c: c.record_evidence_hold_lifted(actor=OFFICER))),
    st.just(("cooperate", lambda c: c.request_cooperation(schools=["Other School"], actor=HEAD))),
    _command(
        "police_report",
        lambda filer, provision: (
            lambda c: c.file_police_report(
                filed_by=filer, provision=provision, channel=ReportChannel.ONLINE, actor=HEAD
            )
        ),
        filer=st.sampled_from(ReportFiler),
        provision=st.sampled_from(Provision),
    ),
    st.just(("took_over", lambda c: c.record_police_took_over(actor=HEAD))),
    _command(
        "underretning",
        lambda reason: lambda c: c.send_underretning(reason=reason, actor=HEAD),
        reason=reasons,
    ),
    st.just(("insurance", lambda c: c.give_insurance_advice(actor=TEACHER))),
    st.just(("sparring", lambda c: c.hold_ssp_sparring(note="n", actor=TEACHER))),
    st.just(("ssp_advice", lambda c: c.record_ssp_advice(actor=CONSULTANT))),
    _command(
        "help",
        lambda item: lambda c: c.give_help(item=item, note=None, actor=HEAD),
        item=st.sampled_from(HelpItem),
    ),
    st.just(("agree_updates", lambda c: c.agree_parent_updates(every_days=7, actor=TEACHER))),
    st.just(("update_parents", lambda c: c.update_parents(actor=TEACHER))),
    _command(
        "refer", lambda to: lambda c: c.refer(to=to, actor=TEACHER), to=st.sampled_from(Referral)
    ),
    st.just(("mediation", lambda c: c.offer_conflict_mediation(actor=HEAD))),
    _command(
        "consent",
        lambda giver, audience: (
            lambda c: c.record_consent(given_by=giver, audience=audience, actor=TEACHER)
        ),
        giver=st.sampled_from(ConsentGiver),
        audience=st.sampled_from(Audience),
    ),
    _command(
        "surroundings",
        lambda audience: lambda c: c.inform_surroundings(audience=audience, actor=HEAD),
        audience=st.sampled_from(Audience),
    ),
    st.just(("press", lambda c: c.handle_press(note="n", actor=HEAD))),
    _command(
        "close",
        lambda outcome, reason: (
            lambda c: close_case(c, outcome=outcome, reason=reason, actor=HEAD, today=TODAY)
        ),
        outcome=st.sampled_from(Outcome),
        reason=maybe_reasons,
    ),
    _command(
        "reopen",
        lambda reason, because: lambda c: c.reopen(reason=reason, because=because, actor=HEAD),
        reason=reasons,
        because=st.sampled_from(ReopenReason),
    ),
)

FROM_ELSEWHERE = {
    "PoliceAcknowledged",
    "EvidenceHoldSet",
    "EvidenceHoldLifted",
    "LinkedToIncident",
    "SspAdviceReceived",
}
"""Facts from the police and SSP: recorded whatever the school's state."""
WITH_THE_FAMILY = {
    "ConsentRecorded",
    "SurroundingsInformed",
    "ConflictMediationOffered",
    "ParentUpdatesAgreed",
    "ParentsUpdated",
    "Closed",
}
"""Rule 4: these wait for a minor's parents (or the value-jump rule)."""
STOP_BEFORE_PARENTS = {"KnownOffenderContacted", "DeletionRequested", "TakedownRequested"}
"""Rule 4: these may come first, with the reason recorded."""


def check_history(events: list[Any], minor: bool) -> None:
    """The oracle: each rule, read off the event history alone."""
    level: Level | None = None
    released = involved = closed = held = took_over = class_talk_agreed = False
    reports = 0
    outcomes: dict[str, TakedownOutcome] = {}
    complaints: set[str] = set()
    consents: dict[Audience, set[ConsentGiver]] = {}
    for e in events:
        name = type(e).__name__
        if closed:  # rule 8
            assert name in {"Reopened"} | FROM_ELSEWHERE, f"{name} recorded on a closed case"
        if minor and not involved:  # rule 4
            assert name not in WITH_THE_FAMILY, f"{name} before the parents were involved"
            if name == "Referred":
                assert not Referral(e.to).needs_parents
            if name in STOP_BEFORE_PARENTS:
                assert e.before_parents_because and e.before_parents_because.strip()
        if name in ("TakedownRequested", "DeletionRequested"):  # rule 2
            assert level is not None
            assert level < Level.THREE or released, f"{name} at level {level} before police release"
        if name == "Closed":
            assert level is not Level.FOUR or reports > 0  # rule 3
            assert not held or took_over, "closed under an evidence hold"
            assert not e.left_open or (e.reason and e.reason.strip()), "left open without why"
        if name == "PoliceReportFiled" and e.filed_by == ReportFiler.SCHOOL:  # rule 5
            assert e.provision in (Provision.INDECENCY, Provision.CHILD_SEXUAL_ABUSE_MATERIAL)
        if name == "DatatilsynetComplaintFiled":  # rule 6
            assert outcomes.get(e.platform) == TakedownOutcome.REFUSED
        if name == "DatatilsynetDecided":
            assert e.platform in complaints
        if name == "SurroundingsInformed":  # rule 7
            needed = {ConsentGiver.VICTIM} | ({ConsentGiver.PARENTS} if minor else set())
            assert needed <= consents.get(e.audience, set())
            assert e.audience != Audience.CLASS or class_talk_agreed
        if name in ("ParentsNotYetInformed", "Reopened", "UnderretningSent"):
            assert e.reason.strip()
        if name == "Assessed" and e.level != e.suggested_level:
            assert e.reason and e.reason.strip()
        # Advance the oracle's state.
        if name == "Assessed":
            level = Level(e.level)
        elif name in ("ParentsInformed", "ParentsNotYetInformed"):
            involved = True
        elif name == "EvidenceHoldSet":
            released, held = False, True
        elif name == "EvidenceHoldLifted":
            released, held = True, False
        elif name == "PoliceTookOver":
            took_over = True
        elif name == "PoliceReportFiled":
            reports += 1
        elif name == "TakedownOutcomeRecorded":
            outcomes[e.platform] = TakedownOutcome(e.outcome)
        elif name == "DatatilsynetComplaintFiled":
            complaints.add(e.platform)
        elif name == "ConsentRecorded":
            consents.setdefault(Audience(e.audience), set()).add(ConsentGiver(e.given_by))
        elif name == "HelpGiven" and e.item == HelpItem.CLASS_TALK_AGREED:
            class_talk_agreed = True
        elif name == "Closed":
            closed = True
        elif name == "Reopened":
            closed = False
            if e.because in (ReopenReason.MATERIAL_RESURFACED, ReopenReason.NEW_OFFENCE):
                outcomes, complaints = {}, set()


class CaseRules(RuleBasedStateMachine):
    case: Case
    minor: bool

    @initialize(minor=st.booleans())
    def report(self, minor: bool) -> None:
        self.minor = minor
        self.case = a_case(minor=minor)

    @rule(command=COMMANDS)
    def act(self, command: tuple[str, Command]) -> None:
        _, run = command
        version, pending = self.case.version, len(self.case.pending_events)
        try:
            run(self.case)
        except DomainError:
            assert (self.case.version, len(self.case.pending_events)) == (version, pending)

    @invariant()
    def history_keeps_every_rule(self) -> None:
        if hasattr(self, "case"):
            check_history(self.case.pending_events, self.minor)


CaseRules.TestCase.settings = settings(
    max_examples=300,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_no_sequence_of_commands_breaks_a_rule = CaseRules.TestCase
