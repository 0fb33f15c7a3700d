"""Notification mails: a notice that something needs a person, never what the case is.

A mail may be read by anyone who sees the person's inbox, forwarded, or kept by the
municipality's mail system for years, so it carries no case content: the caller writes
a short text (which case, never who or what happened) and a link to the console, where
the person signs in to see the rest. Every mail is plain text, Danish first, then
English, with a footer saying that Samspil never sends case content by mail.

Each mail's ``Message-ID`` is derived from the notice (or, for a digest, from the
notices it lists), so a mail sent again after a crash is the same message and a receiver
can recognise the copy. Sending is in ``infra.mail_outbox``.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Protocol
from uuid import UUID

import structlog

from infra.settings import Settings

log = structlog.get_logger(__name__)

MAX_TEXT = 500
"""Longest subject or body: a notice is a line or two, never a case's story."""

FOOTER = (
    "Samspil sender aldrig oplysninger fra sager med mail. "
    "Samspil never sends case content by mail."
)
_DIGEST_NAMESPACE = UUID("5b3f7f0e-2c55-4c41-9a0e-6a1f3e7d2b90")
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+")
_LINK = re.compile(r"https?://\S+")


class MailNotSent(Exception):
    """The mail server did not accept a mail; the outbox keeps it and tries again."""


@dataclass(frozen=True)
class Notice:
    """Something needs a person. The texts are the caller's and must hold no case content.

    ``notice_id`` is derived by the caller from the event that caused the notice, so the
    same event never makes two notices.
    """

    notice_id: UUID
    recipient: str
    person_id: str
    subject_da: str
    subject_en: str
    body_da: str
    body_en: str
    link: str
    created_at: datetime

    def __post_init__(self) -> None:
        # Messages name the field, never its value: the value may be what must not leak.
        if not _ADDRESS.fullmatch(self.recipient):
            raise ValueError("Notice.recipient is not one e-mail address")
        if not self.person_id:
            raise ValueError("Notice.person_id is empty")
        for name in ("subject_da", "subject_en", "body_da", "body_en"):
            text: str = getattr(self, name)
            if not text.strip():
                raise ValueError(f"Notice.{name} is empty")
            if len(text) > MAX_TEXT:
                raise ValueError(f"Notice.{name} is longer than {MAX_TEXT} characters")
        for name in ("subject_da", "subject_en"):
            if "\n" in getattr(self, name) or "\r" in getattr(self, name):
                raise ValueError(f"Notice.{name} is more than one line")
        if len(self.link) > MAX_TEXT or not _LINK.fullmatch(self.link):
            raise ValueError("Notice.link is not an http(s) address")
        if self.created_at.tzinfo is None:
            raise ValueError("Notice.created_at has no time zone")


def notice_message_id(notice_id: UUID) -> str:
    return f"<{notice_id}@samspil>"


def digest_message_id(notice_ids: Sequence[UUID]) -> str:
    """The same notices always make the same digest message."""
    joined = ",".join(sorted(str(n) for n in notice_ids))
    return f"<digest-{uuid.uuid5(_DIGEST_NAMESPACE, joined)}@samspil>"


def _message(
    *, sender: str, recipient: str, subject: str, text: str, message_id: str, date: datetime
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(date)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(f"{text}\n-- \n{FOOTER}\n")
    return message


def notice_mail(notice: Notice, *, sender: str, message_id: str | None = None) -> EmailMessage:
    """One notice as its own mail."""
    text = (
        f"{notice.body_da}\n\nÅbn Samspil: {notice.link}\n\n"
        f"{notice.body_en}\n\nOpen Samspil: {notice.link}\n"
    )
    return _message(
        sender=sender,
        recipient=notice.recipient,
        subject=f"{notice.subject_da} / {notice.subject_en}",
        text=text,
        message_id=message_id or notice_message_id(notice.notice_id),
        date=notice.created_at,
    )


def digest_mail(
    notices: Sequence[Notice], *, sender: str, message_id: str | None = None
) -> EmailMessage:
    """One mail for a person's day: each notice's subject and link, not its body."""
    if not notices:
        raise ValueError("a digest lists at least one notice")
    ordered = sorted(notices, key=lambda n: (n.created_at, str(n.notice_id)))
    count = len(ordered)
    danish = "".join(f"- {n.subject_da}\n  {n.link}\n" for n in ordered)
    english = "".join(f"- {n.subject_en}\n  {n.link}\n" for n in ordered)
    things = "thing needs" if count == 1 else "things need"
    text = f"Dette venter på dig i Samspil:\n\n{danish}\nThis needs you in Samspil:\n\n{english}"
    return _message(
        sender=sender,
        recipient=ordered[-1].recipient,
        subject=f"Samspil: {count} ting venter på dig / {count} {things} you",
        text=text,
        message_id=message_id or digest_message_id([n.notice_id for n in ordered]),
        date=ordered[-1].created_at,
    )


class Mailer(Protocol):
    """Hands a mail on. Returns once the mail is accepted; raises ``MailNotSent`` if not."""

    sender: str

    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    """A real SMTP server (the municipality's), over STARTTLS unless told otherwise.

    With ``starttls`` a server that does not offer it gets nothing: the mail would
    otherwise cross the network in the clear. ``tls_context`` is for a private CA; by
    default the server's certificate is checked against the system's.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: str = "",
        starttls: bool = True,
        timeout: float = 30.0,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self._username = username
        self._password = password
        self._starttls = starttls
        self._timeout = timeout
        self._tls_context = tls_context

    def send(self, message: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self._timeout) as smtp:
                if self._starttls:
                    smtp.starttls(context=self._tls_context or ssl.create_default_context())
                if self._username:
                    smtp.login(self._username, self._password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            # The server's reply may quote the recipient: say only what kind of failure.
            raise MailNotSent(type(error).__name__) from error


class FolderMailer:
    """The embedded default: each mail becomes ``MESSAGE-ID.eml`` in a folder.

    A file is named by its Message-ID, so writing the same mail twice leaves one file.
    """

    def __init__(self, directory: Path, sender: str = "samspil@localhost") -> None:
        self.directory = directory
        self.sender = sender
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        log.info("mail.folder", directory=str(directory))

    def path_of(self, message_id: str) -> Path:
        name = re.sub(r"[^A-Za-z0-9@._-]", "_", message_id.strip().strip("<>"))
        return self.directory / f"{name}.eml"

    def send(self, message: EmailMessage) -> None:
        target = self.path_of(str(message["Message-ID"]))
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(message.as_bytes())
                file.flush()
                os.fsync(file.fileno())
            os.replace(partial, target)
        except OSError as error:
            raise MailNotSent(type(error).__name__) from error


def mailer_from(settings: Settings) -> Mailer:
    """The SMTP server when one is configured, else the folder under the data directory."""
    if settings.smtp_host:
        return SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_sender,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )
    return FolderMailer(settings.data_dir / "mail", sender=settings.smtp_sender)
