"""A real SMTP server on loopback for the mail tests, and notices as a caller builds them."""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from infra.mail import Notice, SmtpMailer

UTC = dt.UTC
MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen

# What the case holds; none of it may ever be in a mail.
CASE = {
    "case_id": "4f7c2a10-0000-4000-8000-000000000001",
    "child": "Freja Kristensen",
    "other_party": "Mads Holm",
    "description": "Nøgenbillede delt i klassens Snapchat-gruppe efter trusler",
}


def notice(n: int, *, person: str = "hanne", recipient: str = "hanne@skole.dk") -> Notice:
    """A notice as a caller builds it: from the event's id and the case's number only."""
    case_number = CASE["case_id"][:8]
    return Notice(
        notice_id=uuid.uuid5(uuid.NAMESPACE_URL, f"event-{n}"),
        recipient=recipient,
        person_id=person,
        subject_da=f"Sag {case_number}: en opgave venter ({n})",
        subject_en=f"Case {case_number}: a task is waiting ({n})",
        body_da="En sag i Samspil venter på dig. Log ind for at se den.",
        body_en="A case in Samspil needs you. Sign in to see it.",
        link=f"https://samspil.example.dk/cases/{CASE['case_id']}?n={n}",
        created_at=MONDAY_9 + dt.timedelta(minutes=n),
    )


# --- a real SMTP server on loopback ------------------------------------------------------------


class Inbox:
    """An SMTP server's handler: keeps what it accepts, or refuses while told to."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusing = False

    async def handle_DATA(  # noqa: N802 (aiosmtpd's name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        if self.refusing:
            return "451 4.3.0 Try again later"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.messages]


class SmtpServer:
    def __init__(self, **options: Any) -> None:
        self.inbox = Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._options = options
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, **self._options
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def mailer(self, **options: Any) -> SmtpMailer:
        options.setdefault("starttls", False)
        options.setdefault("timeout", 5)
        return SmtpMailer("127.0.0.1", self.port, "samspil@kommune.dk", **options)
