"""The school's commands on a case, once: what each takes and what it does.

The API's routes and the console's forms are both made from this table, so a command
is run one way only, and the name that routes it, that ``domain/access.py`` permits and
that a form posts is the same ``SchoolCommand`` member: a typo is a type error. A
command answers with what it returned (a new id), not through a side channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from domain.actors import Actor
from domain.case import Case
from domain.checklist import close_case
from domain.commands import SchoolCommand
from domain.commands import SchoolCommand as C
from services.school import requests as r

Run = Callable[[Case, Any, Actor, date], object]
"""Runs the command on the case: (case, the request body or None, who, today)."""


@dataclass(frozen=True)
class CaseCommand:
    """One command of the action card, as the API routes it and the console posts it."""

    command: SchoolCommand
    summary: str
    body: type[BaseModel] | None
    run: Run


def _fields(body: BaseModel) -> dict[str, Any]:
    return body.model_dump()


CASE_COMMANDS: tuple[CaseCommand, ...] = (
    # Vurder
    CaseCommand(
        C.FACTS,
        "Vurder · afdæk: record the uncovered facts",
        r.UncoverFacts,
        lambda case, b, actor, _: case.uncover_facts(
            involved=[p.to_domain() for p in b.involved],
            **b.model_dump(exclude={"involved"}),
            actor=actor,
        ),
    ),
    CaseCommand(
        C.ASSESSMENT,
        "Vurder: level, context A/B, provisions, track",
        r.Assess,
        lambda case, b, actor, _: case.assess(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.PARENTS_INFORMED,
        "Vurder · involver: parents informed",
        None,
        lambda case, _, actor, __: case.inform_parents(actor=actor),
    ),
    CaseCommand(
        C.PARENTS_NOT_YET_INFORMED,
        "Vurder · involver: parents deliberately not yet informed (værdispringsreglen), "
        "reassessed by a date",
        r.DeferInformingParents,
        lambda case, b, actor, _: case.defer_informing_parents(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.ADULT_VICTIM_INVOLVEMENT,
        "Vurder · involver: whom the adult victim chose to involve",
        r.AdultVictimChoice,
        lambda case, b, actor, _: case.record_adult_victim_choice(involved=b.involved, actor=actor),
    ),
    CaseCommand(
        C.POLICE_NOTIFICATIONS,
        "Notify the district's police liaison",
        None,
        lambda case, _, actor, __: case.notify_police(actor=actor),
    ),
    # Dokumenter
    CaseCommand(
        C.EVIDENCE,
        "Dokumenter: evidence exists and who holds it",
        r.DocumentEvidence,
        lambda case, b, actor, _: case.document_evidence(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.LOGBOOK,
        "Dokumenter: a logbook entry",
        r.LogbookEntry,
        lambda case, b, actor, _: case.add_logbook_entry(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.FINGERPRINTS,
        "Dokumenter: fingerprints of the material (hashes only, never the material)",
        r.RecordFingerprints,
        lambda case, b, actor, _: case.record_fingerprints(
            fingerprints=[f.to_domain() for f in b.fingerprints], actor=actor
        ),
    ),
    # Stop krænkelsen
    CaseCommand(
        C.OFFENDER_CONTACTS,
        "Stop: the known offender was contacted",
        r.OffenderContact,
        lambda case, b, actor, _: case.contact_known_offender(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.DELETION_REQUESTS,
        "Stop: deletion requested (each request is confirmed on its own)",
        r.DeletionRequest,
        lambda case, b, actor, _: case.request_deletion(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.DELETION_CONFIRMATIONS,
        "Stop: one deletion confirmed",
        r.DeletionConfirmation,
        lambda case, b, actor, _: case.confirm_deletion(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.TAKEDOWN_REQUESTS,
        "Stop: takedown requested at a platform",
        r.TakedownRequest,
        lambda case, b, actor, _: case.request_takedown(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.TAKEDOWN_OUTCOMES,
        "Stop: a platform's answer",
        r.TakedownResult,
        lambda case, b, actor, _: case.record_takedown_outcome(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.DATATILSYNET_COMPLAINTS,
        "Stop: complaint to Datatilsynet after a platform refused",
        r.Platform,
        lambda case, b, actor, _: case.complain_to_datatilsynet(platform=b.platform, actor=actor),
    ),
    CaseCommand(
        C.DATATILSYNET_DECISIONS,
        "Stop: Datatilsynet upheld or rejected the complaint",
        r.ComplaintDecision,
        lambda case, b, actor, _: case.record_datatilsynet_decision(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.COOPERATION_REQUESTS,
        "Stop · samarbejd: other schools, through SSP",
        r.Cooperation,
        lambda case, b, actor, _: case.request_cooperation(schools=b.schools, actor=actor),
    ),
    # Anmeld
    CaseCommand(
        C.POLICE_REPORTS,
        "Anmeld: a police report was filed",
        r.PoliceReport,
        lambda case, b, actor, _: case.file_police_report(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.POLICE_TAKEOVER,
        "Anmeld: the police took over",
        None,
        lambda case, _, actor, __: case.record_police_took_over(actor=actor),
    ),
    CaseCommand(
        C.UNDERRETNINGER,
        "Anmeld: underretning to the authority",
        r.Reason,
        lambda case, b, actor, _: case.send_underretning(reason=b.reason, actor=actor),
    ),
    CaseCommand(
        C.INSURANCE_ADVICE,
        "Anmeld: insurance advice given",
        None,
        lambda case, _, actor, __: case.give_insurance_advice(actor=actor),
    ),
    # Behandl
    CaseCommand(
        C.SSP_SPARRING,
        "Behandl: sparring with the SSP consultant",
        r.Note,
        lambda case, b, actor, _: case.hold_ssp_sparring(note=b.note, actor=actor),
    ),
    CaseCommand(
        C.HELP,
        "Behandl: help given to those concerned (talks, normalising, a friend …)",
        r.GiveHelp,
        lambda case, b, actor, _: case.give_help(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.PARENT_UPDATES_AGREEMENT,
        "Behandl: how often school and home update each other",
        r.ParentUpdates,
        lambda case, b, actor, _: case.agree_parent_updates(every_days=b.every_days, actor=actor),
    ),
    CaseCommand(
        C.PARENT_UPDATES,
        "Behandl: the parents were updated",
        None,
        lambda case, _, actor, __: case.update_parents(actor=actor),
    ),
    CaseCommand(
        C.REFERRALS,
        "Behandl: referral to further help",
        r.Referring,
        lambda case, b, actor, _: case.refer(to=b.to, actor=actor),
    ),
    CaseCommand(
        C.CONFLICT_MEDIATION,
        "Behandl: conflict mediation offered",
        None,
        lambda case, _, actor, __: case.offer_conflict_mediation(actor=actor),
    ),
    CaseCommand(
        C.CONSENTS,
        "Behandl: consent to tell the surroundings",
        r.Consent,
        lambda case, b, actor, _: case.record_consent(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.SURROUNDINGS_INFORMED,
        "Behandl: class/school/parents told",
        r.Surroundings,
        lambda case, b, actor, _: case.inform_surroundings(audience=b.audience, actor=actor),
    ),
    CaseCommand(
        C.PRESS,
        "Behandl: press handled",
        r.Note,
        lambda case, b, actor, _: case.handle_press(note=b.note, actor=actor),
    ),
    CaseCommand(
        C.CLOSE,
        "Close the case with an outcome (steps still due are named, with why)",
        r.Close,
        lambda case, b, actor, today: close_case(
            case, outcome=b.outcome, reason=b.reason, actor=actor, today=today
        ),
    ),
    CaseCommand(
        C.ASSIGNMENTS,
        "Assign a checklist item to a named colleague (reminded of its deadline)",
        r.Assign,
        lambda case, b, actor, _: case.assign(**_fields(b), actor=actor),
    ),
    CaseCommand(
        C.REOPEN,
        "Reopen a closed case, with a reason",
        r.Reopen,
        lambda case, b, actor, _: case.reopen(**_fields(b), actor=actor),
    ),
)

BY_COMMAND: dict[SchoolCommand, CaseCommand] = {c.command: c for c in CASE_COMMANDS}
