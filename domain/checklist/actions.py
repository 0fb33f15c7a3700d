"""Which of the school's commands record each item of the card.

A professional looks at an item ("Få materialet fjernet") and needs the actions that
do it next to it: here the request, the platform's answer, the complaint to
Datatilsynet and its decision. The console shows, beside each item, the forms of these
commands that the person's role may use. An item done by others (the police's evidence
decision) has none.
"""

from __future__ import annotations

from domain.case_facts import HelpItem
from domain.commands import SchoolCommand as C

HELP_PREFIX = "help:"

ACTIONS: dict[str, tuple[C, ...]] = {
    # Vurder
    "uncover": (C.FACTS,),
    "assess": (C.ASSESSMENT,),
    "involve_parents": (C.PARENTS_INFORMED, C.PARENTS_NOT_YET_INFORMED),
    "involve_chosen": (C.ADULT_VICTIM_INVOLVEMENT,),
    "police_view": (C.POLICE_NOTIFICATIONS,),
    # Dokumenter
    "keep_evidence": (C.EVIDENCE, C.FINGERPRINTS),
    "logbook": (C.LOGBOOK,),
    # Stop krænkelsen
    "contact_offender": (C.OFFENDER_CONTACTS,),
    "request_deletion": (C.DELETION_REQUESTS, C.DELETION_CONFIRMATIONS),
    "request_takedown": (
        C.TAKEDOWN_REQUESTS,
        C.TAKEDOWN_OUTCOMES,
        C.DATATILSYNET_COMPLAINTS,
        C.DATATILSYNET_DECISIONS,
    ),
    "cooperate": (C.COOPERATION_REQUESTS,),
    # Anmeld
    "police_report": (C.POLICE_REPORTS, C.POLICE_TAKEOVER),
    "police_evidence": (),
    "underretning": (C.UNDERRETNINGER,),
    "insurance": (C.INSURANCE_ADVICE,),
    # Behandl
    "ssp_sparring": (C.SSP_SPARRING,),
    "parent_updates_agreed": (C.PARENT_UPDATES_AGREEMENT,),
    "parents_updated": (C.PARENT_UPDATES,),
    "referral": (C.REFERRALS,),
    "conflict_mediation": (C.CONFLICT_MEDIATION,),
    "surroundings": (C.CONSENTS, C.SURROUNDINGS_INFORMED),
    "press": (C.PRESS,),
    "class_talk": (C.HELP,),
    "psychologist_and_lawyer": (C.HELP, C.REFERRALS),
    "extortion_hotline": (C.HELP,),
    # The case itself
    "close": (C.CLOSE,),
    "closed": (C.REOPEN,),
    "reopen": (C.REOPEN,),
}


REPEATABLE: frozenset[C] = frozenset(
    {
        C.EVIDENCE,
        C.FINGERPRINTS,
        C.LOGBOOK,
        C.DELETION_REQUESTS,
        C.TAKEDOWN_REQUESTS,
        C.COOPERATION_REQUESTS,
        C.PARENT_UPDATES,
        C.REFERRALS,
        C.SURROUNDINGS_INFORMED,
    }
)
"""Deeds a case may need again after its item is done: another logbook entry, another
platform, another update of the parents. Any other item done is done."""


PER_INSTANCE: dict[str, tuple[tuple[C, str], ...]] = {
    "takedown": ((C.TAKEDOWN_OUTCOMES, "platform"), (C.TAKEDOWN_REQUESTS, "")),
    "complaint": ((C.DATATILSYNET_COMPLAINTS, "platform"), (C.DATATILSYNET_DECISIONS, "platform")),
    "deletion": ((C.DELETION_CONFIRMATIONS, "request_id"), (C.DELETION_REQUESTS, "")),
}
"""Items of one platform's takedown, one complaint or one deletion request
(``takedown:Snapchat``): the commands that record them, and the field the item decides
(empty: the command concerns another instance, such as asking one more platform)."""


def actions_for(key: str) -> tuple[C, ...]:
    """The commands that record the item ``key``."""
    if key.startswith(HELP_PREFIX):
        return (C.HELP,)
    kind, _, instance = key.partition(":")
    if instance and kind in PER_INSTANCE:
        return tuple(command for command, _ in PER_INSTANCE[kind])
    return ACTIONS.get(key, ())


def preset(key: str, command: C) -> dict[str, str]:
    """What the item already decides for the command's form, so it is not asked: the
    help a catalogue item stands for, the platform of a takedown, the deletion request."""
    if key.startswith(HELP_PREFIX) and command is C.HELP:
        return {"item": HelpItem(key.removeprefix(HELP_PREFIX)).value}
    kind, _, instance = key.partition(":")
    for known, field in PER_INSTANCE.get(kind, ()):
        if known is command and field:
            return {field: instance}
    return {}
