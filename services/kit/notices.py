"""A notice that a deadline passed: the same words from every service.

It says that something needs the person and links to the console; it never holds case
content — only a short reference, the kind of step and the day it was due. Its id is
derived from the event that recorded the deadline as missed and the address, so the
same event never makes two notices.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.actors import Role
from domain.commands import Wording
from domain.deadlines.calendar import DANISH_TIME
from infra.mail import Notice
from infra.people import People


def addresses_of(
    recipient: str, contacts: Mapping[str, list[str]], people: People, organisation: str
) -> list[str]:
    """Where a notice for ``recipient`` goes: the configured contacts for it, and the
    addresses of the professionals it names — the person (``person:ID``, only if they work
    at ``organisation``, whose matter the notice is), or everyone in
    the role at the organisation (``ledelse@Hjørring Gymnasium og HF``, ``ssp@Hjørring``
    for the municipality's SSP consultants) as they last signed in to the console."""
    found = list(contacts.get(recipient, []))
    if recipient.startswith("person:"):
        email = people.email_of(recipient.removeprefix("person:"), organisation)
        found += [email] if email else []
    else:
        role, _, organisation = recipient.partition("@")
        role = ROLE_OF_RECIPIENT.get(role, role)
        if role in {r.value for r in Role} and organisation:
            found += people.emails_of(role, organisation)
    return list(dict.fromkeys(found))


ROLE_OF_RECIPIENT = {"ssp": Role.SSP_KONSULENT.value}
"""A recipient named by its agency rather than its role: SSP is its consultants."""


def deadline_notice(
    *,
    caused_by: tuple[UUID, int],
    address: str,
    recipient: str,
    reference: Wording,
    step: Wording,
    due: datetime,
    link: str,
    at: datetime,
) -> Notice:
    """``caused_by``: the recording event's aggregate id and version; ``reference``: what
    it is about, without content ("sag SAG-1A2B3C4D", "handleplanen for Hjørring")."""
    day = (due - timedelta(microseconds=1)).astimezone(DANISH_TIME).strftime("%d.%m.%Y")
    originator, version = caused_by
    return Notice(
        notice_id=uuid5(NAMESPACE_URL, f"samspil:notice:{originator}:{version}:{address}"),
        recipient=address,
        person_id=recipient,
        subject_da=f"Samspil: en frist er overskredet ({reference.da})",
        subject_en=f"Samspil: a deadline has passed ({reference.en})",
        body_da=f"En frist i {reference.da} er overskredet: {step.da}. Fristen udløb ved "
        f"udgangen af {day}.",
        body_en=f"A deadline in {reference.en} has passed: {step.en}. It was due by the end "
        f"of {day}.",
        link=link,
        created_at=at,
    )
