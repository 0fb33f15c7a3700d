"""What the school's API shows of a case: the case, its checklist and its history.

Inside the school each role sees what its tasks need (``domain.access``): the class team
does not see the value-jump reason, the facts about the people involved or the logbook,
neither in the case nor in its history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from domain.access import CaseDetail, hidden_fields, sees_detail
from domain.actors import Actor
from domain.case import Case
from domain.case_facts import (
    ActionStep,
    ComplaintOutcome,
    Deed,
    EvidenceHold,
    Outcome,
    TakedownOutcome,
)
from domain.checklist import ChecklistItem, Status, checklist
from domain.deadlines.clock import DeadlineClock, Standing, Tracked
from domain.deadlines.kinds import DeadlineKind
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Provision, Track
from domain.offences import OffenceCategory
from domain.references import case_reference
from services.kit.views import ActorView, HistoryEntry

HIDDEN = "(vises ikke for din rolle / not shown for your role)"


class DeedView(BaseModel):
    """Who did it, and when."""

    by: ActorView
    at: datetime

    @classmethod
    def of(cls, deed: Deed | None) -> DeedView | None:
        return cls(by=ActorView.of(deed.actor), at=deed.at) if deed else None


class ChecklistItemView(BaseModel):
    key: str
    step: str
    label_da: str
    label_en: str
    responsible: str
    status: str
    why: str | None
    """In English; ``why_da`` in Danish."""
    why_da: str | None
    done: DeedView | None
    since: datetime | None
    """Waiting since."""
    until: date | None
    """Deferred until."""
    assigned_to: str | None = None
    """The named colleague the item is assigned to (they are reminded of its deadline)."""

    @classmethod
    def of(cls, item: ChecklistItem, assigned_to: str | None = None) -> ChecklistItemView:
        return cls(
            key=item.key,
            step=item.step.value,
            label_da=item.label_da,
            label_en=item.label_en,
            responsible=item.responsible.value,
            status=item.status.value,
            why=item.why.en if item.why else None,
            why_da=item.why.da if item.why else None,
            done=DeedView.of(item.done),
            since=item.since,
            until=item.until,
            assigned_to=assigned_to,
        )


class PoliceNotificationView(BaseModel):
    notification_id: UUID
    sent: DeedView
    acknowledged: bool
    acknowledged_by: ActorView | None


class DeletionRequestView(BaseModel):
    request_id: UUID
    from_whom: str
    requested: DeedView
    confirmed: DeedView | None


class TakedownView(BaseModel):
    platform: str
    outcome: TakedownOutcome
    requested: DeedView
    complaint: ComplaintOutcome | None


class LinkedIncidentView(BaseModel):
    cluster_id: UUID
    schools: int
    municipalities: int


class CaseView(BaseModel):
    case_id: UUID
    institution: str
    municipality: str
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool
    description: str
    reported_at: datetime
    reported_by: ActorView
    level: Level | None
    context: Context | None
    track: Track | None
    provisions: list[Provision]
    parents_informed: bool
    parents_not_yet_informed_because: str | None
    """The value-jump reason, for management and the resource person only."""
    parents_reassessed_by: date | None
    waiting_for_police: str | None
    evidence_hold: EvidenceHold
    takedowns: list[TakedownView]
    deletion_requests: list[DeletionRequestView]
    police_notifications: list[PoliceNotificationView]
    police_reports: int
    fingerprints: list[str]
    linked_incident: LinkedIncidentView | None
    """SSP found the same material in other schools' cases (how many, never which)."""
    closed: bool
    outcome: Outcome | None
    deadlines: list[DeadlineView] = []
    """Every deadline the case has had, open, met or lifted, and whether it was missed."""
    checklist: list[ChecklistItemView]
    history: list[HistoryEntry]


class DeadlineView(BaseModel):
    """A deadline of the case: when it falls due, whether it was met, and whether it was
    missed (and its chain told)."""

    key: str
    kind: DeadlineKind
    item: str
    """The checklist item it belongs to."""
    due: datetime
    responsible: str
    standing: Standing
    missed: bool

    @classmethod
    def of(cls, key: str, tracked: Tracked) -> DeadlineView:
        return cls(
            key=key,
            kind=tracked.kind,
            item=tracked.item,
            due=tracked.due,
            responsible=tracked.responsible.value,
            standing=tracked.standing,
            missed=tracked.told > 0,
        )


class DueItem(BaseModel):
    label_da: str
    label_en: str
    responsible: str


class CaseSummary(BaseModel):
    """One line of "Mine sager": where the case stands and what it needs now, from whom."""

    case_id: UUID
    reference: str
    """A short reference for people to speak of the case by (not a secret, not content)."""
    offence_category: OffenceCategory
    victim_is_minor: bool
    level: Level | None
    step: ActionStep | None
    """The first step of the card with something due; None when nothing is."""
    due: list[DueItem]
    reported_at: datetime
    last_activity: datetime
    linked_incident: LinkedIncidentView | None
    closed: bool
    outcome: Outcome | None


def case_summary(case: Case, today: date) -> CaseSummary:
    due = [i for i in checklist(case, today) if i.status is Status.DUE]
    return CaseSummary(
        case_id=case.id,
        reference=reference(case.id),
        offence_category=case.offence_category,
        victim_is_minor=case.victim_is_minor,
        level=case.level,
        step=due[0].step if due else None,
        due=[
            DueItem(label_da=i.label_da, label_en=i.label_en, responsible=i.responsible.value)
            for i in due
        ],
        reported_at=case.created_on,
        last_activity=case.modified_on,
        linked_incident=LinkedIncidentView(**vars(case.incident)) if case.incident else None,
        closed=case.is_closed,
        outcome=case.outcome,
    )


def reference(case_id: UUID) -> str:
    return case_reference(case_id)


def _sent(deed: Deed) -> DeedView:
    view = DeedView.of(deed)
    assert view is not None
    return view


def case_view(
    case: Case,
    history: list[Any],
    viewer: Actor,
    today: date,
    clock: DeadlineClock | None = None,
) -> CaseView:
    people = sees_detail(viewer, CaseDetail.PEOPLE)
    reason = sees_detail(viewer, CaseDetail.VALUE_JUMP_REASON)
    return CaseView(
        case_id=case.id,
        institution=case.institution,
        municipality=case.municipality,
        police_district=case.police_district,
        offence_category=case.offence_category,
        victim_is_minor=case.victim_is_minor,
        description=case.description,
        reported_at=case.created_on,
        reported_by=ActorView.of(case.reported.actor),
        level=case.level,
        context=case.context,
        track=case.track,
        provisions=case.provisions,
        parents_informed=case.parents_informed is not None,
        parents_not_yet_informed_because=case.value_jump_reason if reason else None,
        parents_reassessed_by=case.deferral.reassess_by if case.deferral else None,
        waiting_for_police=case.waiting_for_police,
        evidence_hold=case.evidence_hold,
        takedowns=[
            TakedownView(
                platform=t.platform,
                outcome=t.outcome,
                requested=_sent(t.requested),
                complaint=t.complaint.outcome if t.complaint else None,
            )
            for t in case.takedowns.values()
        ],
        deletion_requests=[
            DeletionRequestView(
                request_id=r.request_id,
                from_whom=r.from_whom if people else HIDDEN,
                requested=_sent(r.requested),
                confirmed=DeedView.of(r.confirmed),
            )
            for r in case.deletions.values()
        ],
        police_notifications=[
            PoliceNotificationView(
                notification_id=c.notification_id,
                sent=_sent(c.sent),
                acknowledged=c.acknowledged is not None,
                acknowledged_by=ActorView.of(c.acknowledged.actor) if c.acknowledged else None,
            )
            for c in case.police_contacts.values()
        ],
        police_reports=len(case.police_reports),
        fingerprints=[str(f) for f in case.fingerprints],
        linked_incident=LinkedIncidentView(**vars(case.incident)) if case.incident else None,
        closed=case.is_closed,
        outcome=case.outcome,
        deadlines=[DeadlineView.of(k, t) for k, t in (clock.deadlines.items() if clock else ())],
        checklist=[
            ChecklistItemView.of(
                i if people else _without_people(i), getattr(case, "assignments", {}).get(i.key)
            )
            for i in checklist(case, today)
        ],
        history=[_entry(e, viewer) for e in history],
    )


def _without_people(item: ChecklistItem) -> ChecklistItem:
    """A deletion item names the person asked; the class team sees that one was asked."""
    if not item.key.startswith("deletion:"):
        return item
    return ChecklistItem(
        item.key,
        item.step,
        "Bekræftet sletning",
        "Deletion confirmed",
        item.responsible,
        item.status,
        item.why,
        item.done,
        item.since,
        item.until,
    )


def _entry(event: Any, viewer: Actor) -> HistoryEntry:
    entry = HistoryEntry.of(event)
    hidden = hidden_fields(viewer, type(event))
    if not hidden:
        return entry
    details = {k: (HIDDEN if k in hidden else v) for k, v in entry.details.items()}
    return entry.model_copy(update={"details": details})
