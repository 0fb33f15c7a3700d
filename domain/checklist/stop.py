"""Stop krænkelsen: the offender, deletion, the platforms and Datatilsynet, cooperation.

Only what stops the material is done: a removal, a confirmed deletion. A request not
yet answered is waiting; a refusal leaves the step open and points to the complaint,
whose outcome the card then follows.
"""

from __future__ import annotations

from collections.abc import Iterator

from domain.actors import Role
from domain.case import Case
from domain.case_facts import (
    ActionStep,
    ComplaintOutcome,
    EvidenceHold,
    InvolvedRole,
    Spread,
    Takedown,
    TakedownOutcome,
)
from domain.checklist.items import ChecklistItem, Why, item, waiting
from domain.handling_model import Level, Track
from domain.platforms import platform_named

STOP = ActionStep.STOP
MAY_GO_FIRST = Why(
    "Kan komme før forældrene er inddraget, hvis I noterer, hvorfor det ikke kan vente.",
    "May come before the parents are involved if you record why it cannot wait.",
)


def stop(case: Case) -> Iterator[ChecklistItem]:
    if case.level is None:
        return
    first = None if case.parents_involved else MAY_GO_FIRST
    waiting_for_police = case.waiting_for_police
    police_block = (
        Why(
            f"Venter på politiet: {_da(waiting_for_police)}.",
            f"Waiting for the police: {waiting_for_police}.",
        )
        if waiting_for_police
        else None
    )
    if case.level >= Level.THREE:
        yield _police_evidence(case)
    roles = {p.role for p in case.involved}
    if case.offender_known and case.track is not Track.POLICE_CASE:
        yield item(
            "contact_offender",
            STOP,
            (
                "Kontakt krænkeren (og forældrene, hvis mindreårig)",
                "Contact the known offender (and their parents if a minor)",
            ),
            Role.LEDELSE,
            case.offender_contacted,
            why=first,
        )
        if not case.deletions:
            yield item(
                "request_deletion",
                STOP,
                (
                    "Bed om sletning, bevis for sletning og liste over modtagere",
                    "Ask for deletion, proof of it, and who the material was shared with",
                ),
                Role.LEDELSE,
                None,
                blocked=police_block,
                why=first,
            )
    for request in case.deletions.values():
        label = (
            f"Bekræftet sletning hos {request.from_whom}",
            f"Deletion confirmed by {request.from_whom}",
        )
        if request.confirmed is None:
            yield waiting(
                f"deletion:{request.request_id}",
                STOP,
                label,
                Role.LEDELSE,
                request.requested.at,
                Why(
                    "Sletning er bedt om; ikke bekræftet endnu.",
                    "Deletion asked for; not yet confirmed.",
                ),
            )
        else:
            yield item(
                f"deletion:{request.request_id}", STOP, label, Role.LEDELSE, request.confirmed
            )
    shared = case.spread not in (None, Spread.NOT_SHARED)
    if (shared or InvolvedRole.UNKNOWN_OFFENDER in roles) and not case.takedowns:
        yield item(
            "request_takedown",
            STOP,
            (
                "Få materialet fjernet fra hjemmesider og sociale medier",
                "Get the material removed from websites and social media",
            ),
            Role.RESSOURCEPERSON,
            None,
            required=case.level >= Level.TWO,
            blocked=police_block,
            why=first
            or Why(
                "Red Barnets SletDet hjælper: redbarnet.dk/sletdet.",
                "Red Barnet's SletDet helps: redbarnet.dk/sletdet.",
            ),
        )
    for takedown in case.takedowns.values():
        yield _takedown(takedown)
        if takedown.outcome is TakedownOutcome.REFUSED:
            yield _complaint(takedown)
    if (shared and case.spread in (Spread.SCHOOL_WIDE, Spread.PUBLIC_ONLINE)) or case.incident:
        yield item(
            "cooperate",
            STOP,
            (
                "Bed SSP om samarbejde med andre skoler",
                "Ask SSP for cooperation with other schools",
            ),
            Role.LEDELSE,
            case.cooperation,
            required=False,
            why=Why(
                f"SSP har koblet sagen til samme materiale på {case.incident.schools} skoler.",
                f"SSP linked the case to the same material at {case.incident.schools} schools.",
            )
            if case.incident
            else None,
        )


def _da(reason: str) -> str:
    return {
        "the police have an evidence hold in place": "politiet har sat bevissikring i gang",
        "the police have not yet made an evidence decision": "politiet har endnu ikke besluttet "
        "bevissikringen",
    }.get(reason, reason)


def _police_evidence(case: Case) -> ChecklistItem:
    label = (
        "Politiet beslutter bevissikring og sletning",
        "The police decide how material is deleted, so evidence is kept",
    )
    if case.evidence_hold is EvidenceHold.RELEASED:
        return item("police_evidence", STOP, label, Role.POLITI, case.evidence_decision)
    if case.evidence_hold is EvidenceHold.HELD and case.evidence_decision:
        return waiting(
            "police_evidence",
            STOP,
            label,
            Role.POLITI,
            case.evidence_decision.at,
            Why(
                "Politiet har sat bevissikring i gang.",
                "The police have an evidence hold in place.",
            ),
        )
    if case.police_contacts:
        sent = min(c.sent.at for c in case.police_contacts.values())
        return waiting(
            "police_evidence",
            STOP,
            label,
            Role.POLITI,
            sent,
            Why("Venter på politiets beslutning.", "Waiting for the police's decision."),
        )
    return item(
        "police_evidence",
        STOP,
        label,
        Role.POLITI,
        None,
        blocked=Why(
            "Giv først politiets ressourceperson besked.",
            "Notify the police resource person first.",
        ),
    )


def _takedown(takedown: Takedown) -> ChecklistItem:
    name = takedown.platform
    key = f"takedown:{name}"
    label = (f"Få materialet fjernet fra {name}", f"Get the material removed from {name}")
    route = platform_named(name).report
    how = Why(route.da, route.en) if route else Why("", "")
    if takedown.outcome is TakedownOutcome.REMOVED:
        return item(key, STOP, label, Role.RESSOURCEPERSON, takedown.answered)
    if takedown.outcome is TakedownOutcome.PENDING:
        return waiting(
            key,
            STOP,
            label,
            Role.RESSOURCEPERSON,
            takedown.requested.at,
            Why(
                f"Venter på svar fra {name}. {how.da}".strip(),
                f"Waiting for {name}'s answer. {how.en}".strip(),
            ),
        )
    complaint = takedown.complaint
    if complaint is None:
        why = Why(
            f"{name} afviste: klag til Datatilsynet.", f"{name} refused: complain to Datatilsynet."
        )
    elif complaint.outcome is ComplaintOutcome.PENDING:
        return waiting(
            key,
            STOP,
            label,
            Role.RESSOURCEPERSON,
            complaint.filed.at,
            Why(
                f"{name} afviste; venter på Datatilsynet.",
                f"{name} refused; waiting for Datatilsynet.",
            ),
        )
    elif complaint.outcome is ComplaintOutcome.UPHELD:
        why = Why(
            f"Datatilsynet gav klagen medhold: {name} skal fjerne materialet. Noter fjernelsen.",
            f"Datatilsynet upheld the complaint: {name} must remove it. Record the removal.",
        )
    else:
        why = Why(
            "Datatilsynet afviste klagen: søg hjælp hos politiet eller Red Barnets SletDet.",
            "Datatilsynet rejected the complaint: ask the police or Red Barnet's SletDet for help.",
        )
    return item(key, STOP, label, Role.RESSOURCEPERSON, None, why=why)


def _complaint(takedown: Takedown) -> ChecklistItem:
    name = takedown.platform
    key = f"complaint:{name}"
    label = (
        f"Klag til Datatilsynet over {name}s afvisning",
        f"Complain to Datatilsynet about {name}'s refusal",
    )
    complaint = takedown.complaint
    if complaint is None:
        return item(
            key,
            STOP,
            label,
            Role.RESSOURCEPERSON,
            None,
            why=Why("datatilsynet.dk", "datatilsynet.dk"),
        )
    if complaint.outcome is ComplaintOutcome.PENDING:
        return waiting(
            key,
            STOP,
            label,
            Role.RESSOURCEPERSON,
            complaint.filed.at,
            Why(
                "Klagen er sendt; venter på Datatilsynets afgørelse.",
                "Filed; waiting for Datatilsynet's decision.",
            ),
        )
    upheld = complaint.outcome is ComplaintOutcome.UPHELD
    return item(
        key,
        STOP,
        label,
        Role.RESSOURCEPERSON,
        complaint.decided,
        why=Why("Datatilsynet gav medhold.", "Upheld by Datatilsynet.")
        if upheld
        else Why("Datatilsynet afviste klagen.", "Rejected by Datatilsynet."),
    )
