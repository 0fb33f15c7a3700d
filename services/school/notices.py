"""Notices of missed and escalated deadlines: a mail to each address of those told.

A notice says that something needs the person and links to the console; it never holds
case content — no names, no description, only the case's short reference, the kind of
step and its deadline. Its id is derived from the clock's event and the address, so a
page of notifications followed again after a crash makes no second notice. Who has no
address in ``SAMSPIL_ESCALATION_CONTACTS`` is told in the console only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import structlog
from eventsourcing.persistence import Notification

from domain.case import Case
from domain.commands import Wording
from domain.deadlines.clock import DeadlineClock
from domain.deadlines.kinds import DeadlineKind
from domain.references import case_reference
from domain.vocabulary import label
from infra.keyring import KeyDestroyed
from infra.mail import Notice
from services.kit.notices import addresses_of, deadline_notice

if TYPE_CHECKING:
    from services.school.application import SchoolApplication

log = structlog.get_logger(__name__)

TOLD = ("DeadlineClock.DeadlineMissed", "DeadlineClock.DeadlineEscalated")


def notices_from(app: SchoolApplication, page: Sequence[Notification]) -> None:
    """Enqueue the notices of the page's missed and escalated deadlines (idempotent)."""
    for notification in page:
        if not notification.topic.endswith(TOLD):
            continue
        try:
            told: Any = app.mapper.to_domain_event(notification)
        except KeyDestroyed:
            continue  # erased with its case: nobody is told about it any more
        clock = app.get_or_none(told.originator_id)
        if not isinstance(clock, DeadlineClock):
            continue
        for notice, digest in _notices(app, clock, told):
            app.outbox.enqueue(notice, digest=digest)
            log.info("deadline.notice_enqueued", notice_id=str(notice.notice_id))


def _notices(
    app: SchoolApplication, clock: DeadlineClock, told: Any
) -> Iterator[tuple[Notice, bool]]:
    tracked = clock.deadlines.get(told.key)
    case = app.get_or_none(clock.case_id)
    if tracked is None or not isinstance(case, Case):
        return
    contacts, people = app.settings.escalation_contacts, app.people
    escalated = type(told).__name__ == "DeadlineEscalated"
    for recipient in told.told:
        for address in addresses_of(recipient, contacts, people, case.institution):
            yield (
                _notice(app, clock.case_id, tracked.kind, tracked.due, recipient, address, told),
                escalated and recipient.startswith("ledelse@"),  # management: the daily digest
            )


def _notice(
    app: SchoolApplication,
    case_id: UUID,
    kind: DeadlineKind,
    due: datetime,
    recipient: str,
    address: str,
    told: Any,
) -> Notice:
    return deadline_notice(
        caused_by=(told.originator_id, told.originator_version),
        address=address,
        recipient=recipient,
        reference=Wording(f"sag {case_reference(case_id)}", f"case {case_reference(case_id)}"),
        step=label(kind),
        due=due,
        link=_link(app, recipient, case_id),
        at=told.timestamp,
    )


def _link(app: SchoolApplication, recipient: str, case_id: UUID) -> str:
    """Where the person acts: the police inbox, SSP's case file, or the school's case."""
    settings = app.settings
    if recipient.startswith("police_lead@"):
        return f"{settings.console_base_url('police_liaison')}/indbakke"
    if recipient.startswith("ssp@"):
        return f"{settings.console_base_url('ssp')}/oversigt/sager/{case_id}"
    return f"{settings.console_base_url('school')}/sager/{case_id}"
