"""A durable outbox for notification mails, in the service's own store.

A notice is kept until the mail server has accepted it; a failure is retried with
back-off and nothing is ever dropped. Delivery is **at-least-once with a stable
Message-ID**: a row is marked ``sending`` (with the time) before the mail is handed to
SMTP and ``sent`` after the server accepted it. A process killed in between leaves the
row ``sending``; on start-up (``recover_interrupted``), or once the row has been
``sending`` longer than ``sending_timeout``, the mail is sent again under the same
Message-ID, so a copy is recognisable as the same message, and never sent not at all.
SMTP offers nothing stronger: the server's acceptance and our record of it cannot be
one transaction.

Times are stored as UTC text (``YYYY-MM-DDTHH:MM:SS.ffffffZ``), which sorts as it reads,
on SQLite and PostgreSQL alike. One deliverer per store is assumed (the service's own).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import structlog

from infra.logging import error_fields
from infra.mail import (
    Mailer,
    MailNotSent,
    Notice,
    digest_mail,
    digest_message_id,
    notice_mail,
    notice_message_id,
)
from infra.settings import Settings
from infra.store_sql import StoreSql

log = structlog.get_logger(__name__)

_TABLE = "{schema}samspil_mail_outbox"
_COLUMNS = "notice_id, recipient, person_id, payload, due_day, state, attempts, message_id"
_DUE = (
    "((state = 'pending' AND next_attempt_at <= {p}) OR (state = 'sending' AND sending_at <= {p}))"
)
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a time without a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(stamp: str | None) -> datetime | None:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f%z") if stamp else None


@dataclass(frozen=True)
class DeliveryReport:
    """What one round of delivery did, counted in notices and in mails."""

    sent: int = 0
    failed: int = 0
    mails_sent: int = 0
    mails_failed: int = 0


@dataclass(frozen=True)
class OutboxEntry:
    """Where one notice is: ``pending``, ``sending`` or ``sent``."""

    notice_id: UUID
    state: str
    digest_day: date | None
    attempts: int
    next_attempt_at: datetime
    message_id: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class _Row:
    notice: Notice
    digest: bool
    state: str
    attempts: int
    message_id: str | None


class MailOutbox:
    """Notices waiting for the mail server, each sent at once or in a daily digest.

    ``digest_hour`` is the local hour (in ``zone``) of each person's daily digest;
    ``None`` sends digests at the next delivery, still one mail per person.
    """

    def __init__(
        self,
        store_sql: StoreSql,
        *,
        digest_hour: int | None = 7,
        zone: ZoneInfo = DANISH_TIME,
        retry_first: timedelta = timedelta(seconds=30),
        retry_cap: timedelta = timedelta(hours=1),
        sending_timeout: timedelta = timedelta(minutes=10),
    ) -> None:
        if digest_hour is not None and not 0 <= digest_hour <= 23:
            raise ValueError("digest_hour is not an hour of the day (0-23)")
        self._sql = store_sql
        self._digest_hour = digest_hour
        self._zone = zone
        self._retry_first = retry_first
        self._retry_cap = retry_cap
        self._sending_timeout = sending_timeout
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_TABLE} (notice_id TEXT PRIMARY KEY, "
            "recipient TEXT NOT NULL, person_id TEXT NOT NULL, payload TEXT NOT NULL, "
            "created_at TEXT NOT NULL, due_day TEXT, state TEXT NOT NULL, "
            "attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, sending_at TEXT, "
            "message_id TEXT, sent_at TEXT)"
        )
        self._sql.execute(
            "CREATE INDEX IF NOT EXISTS samspil_mail_outbox_due "
            f"ON {_TABLE} (state, next_attempt_at)"
        )
        self._sql.execute(
            f"CREATE INDEX IF NOT EXISTS samspil_mail_outbox_person ON {_TABLE} (person_id)"
        )

    def digest_due_at(self, created_at: datetime) -> datetime:
        """The first digest hour at or after ``created_at`` (the moment itself if at once)."""
        if self._digest_hour is None:
            return created_at
        local = created_at.astimezone(self._zone)
        due = datetime.combine(local.date(), time(self._digest_hour), tzinfo=self._zone)
        if due < local:
            due = datetime.combine(
                local.date() + timedelta(days=1), time(self._digest_hour), tzinfo=self._zone
            )
        return due

    def enqueue(self, notice: Notice, *, digest: bool) -> None:
        """Keep ``notice`` until it is sent; the same notice again changes nothing.

        ``digest`` makes it wait for the person's daily digest instead of going at once.
        """
        due = self.digest_due_at(notice.created_at) if digest else notice.created_at
        due_day = due.astimezone(self._zone).date().isoformat() if digest else None
        payload = {
            "subject_da": notice.subject_da,
            "subject_en": notice.subject_en,
            "body_da": notice.body_da,
            "body_en": notice.body_en,
            "link": notice.link,
            "created_at": notice.created_at.isoformat(),
        }
        self._sql.execute(
            f"INSERT INTO {_TABLE} (notice_id, recipient, person_id, payload, created_at, "
            "due_day, state, attempts, next_attempt_at) "
            "VALUES ({p}, {p}, {p}, {p}, {p}, {p}, 'pending', 0, {p}) "
            "ON CONFLICT (notice_id) DO NOTHING",
            (
                str(notice.notice_id),
                notice.recipient,
                notice.person_id,
                json.dumps(payload, ensure_ascii=False),
                _stamp(notice.created_at),
                due_day,
                _stamp(due),
            ),
        )

    def recover_interrupted(self, now: datetime) -> int:
        """At start-up: every ``sending`` row was cut off; make it due again at once.

        It keeps its Message-ID, so the mail sent again is the same message.
        """
        rows = self._sql.fetchall(f"SELECT notice_id FROM {_TABLE} WHERE state = 'sending'")
        if rows:
            self._sql.execute(
                f"UPDATE {_TABLE} SET state = 'pending', next_attempt_at = {{p}}, "
                "sending_at = NULL WHERE state = 'sending'",
                (_stamp(now),),
            )
            log.warning("mail.recovered", notices=[str(r[0]) for r in rows])
        return len(rows)

    def deliver_due(self, now: datetime, mailer: Mailer) -> DeliveryReport:
        """Send every notice that is due: each immediate one alone, digests one per person."""
        stale = _stamp(now - self._sending_timeout)
        rows = [
            self._row(r)
            for r in self._sql.fetchall(
                f"SELECT {_COLUMNS} FROM {_TABLE} WHERE {_DUE} ORDER BY created_at, notice_id",
                (_stamp(now), stale),
            )
        ]
        sent = failed = mails_sent = mails_failed = 0
        for message_id, group in self._grouped(rows).items():
            claimed = [row for row in group if self._claim(row, message_id, now, stale)]
            if not claimed:
                continue
            if self._deliver(claimed, message_id, now, mailer):
                sent, mails_sent = sent + len(claimed), mails_sent + 1
            else:
                failed, mails_failed = failed + len(claimed), mails_failed + 1
        return DeliveryReport(sent, failed, mails_sent, mails_failed)

    def pending(self, person_id: str) -> list[Notice]:
        """The person's notices not yet accepted by the mail server, oldest first."""
        rows = self._sql.fetchall(
            f"SELECT {_COLUMNS} FROM {_TABLE} WHERE person_id = {{p}} AND state <> 'sent' "
            "ORDER BY created_at, notice_id",
            (person_id,),
        )
        return [self._row(r).notice for r in rows]

    def entry(self, notice_id: UUID) -> OutboxEntry | None:
        row = self._sql.fetchone(
            "SELECT state, due_day, attempts, next_attempt_at, message_id, sent_at "
            f"FROM {_TABLE} WHERE notice_id = {{p}}",
            (str(notice_id),),
        )
        if row is None:
            return None
        state, due_day, attempts, next_attempt_at, message_id, sent_at = row
        next_at = _moment(str(next_attempt_at))
        assert next_at is not None
        return OutboxEntry(
            notice_id,
            str(state),
            date.fromisoformat(str(due_day)) if due_day else None,
            int(attempts),
            next_at,
            str(message_id) if message_id else None,
            _moment(str(sent_at) if sent_at else None),
        )

    # --- one mail --------------------------------------------------------------------------

    def _grouped(self, rows: Sequence[_Row]) -> dict[str, list[_Row]]:
        """Rows by the Message-ID of the mail that carries them.

        A row sent before keeps its Message-ID, so a mail tried again is the same message;
        a new digest groups the person's due notices.
        """
        groups: dict[str, list[_Row]] = {}
        fresh_digests: dict[tuple[str, str], list[_Row]] = {}
        for row in rows:
            if row.message_id:
                groups.setdefault(row.message_id, []).append(row)
            elif row.digest:
                key = (row.notice.person_id, row.notice.recipient)
                fresh_digests.setdefault(key, []).append(row)
            else:
                groups[notice_message_id(row.notice.notice_id)] = [row]
        for digest in fresh_digests.values():
            groups[digest_message_id([r.notice.notice_id for r in digest])] = digest
        return groups

    def _claim(self, row: _Row, message_id: str, now: datetime, stale: str) -> bool:
        """Mark the row ``sending`` before SMTP sees it; False if it is no longer due."""
        claimed = self._sql.write_returning(
            f"UPDATE {_TABLE} SET state = 'sending', sending_at = {{p}}, message_id = {{p}} "
            f"WHERE notice_id = {{p}} AND {_DUE} RETURNING notice_id",
            (_stamp(now), message_id, str(row.notice.notice_id), _stamp(now), stale),
        )
        return claimed is not None

    def _deliver(self, rows: list[_Row], message_id: str, now: datetime, mailer: Mailer) -> bool:
        notices = [row.notice for row in rows]
        if any(row.digest for row in rows):
            message = digest_mail(notices, sender=mailer.sender, message_id=message_id)
        else:
            message = notice_mail(notices[0], sender=mailer.sender, message_id=message_id)
        ids = [str(n.notice_id) for n in notices]
        try:
            mailer.send(message)
        except (MailNotSent, OSError) as error:
            self._sql.executemany(
                f"UPDATE {_TABLE} SET state = 'pending', attempts = attempts + 1, "
                "next_attempt_at = {p}, sending_at = NULL "
                "WHERE notice_id = {p} AND state = 'sending'",
                [
                    (_stamp(now + self._backoff(r.attempts + 1)), str(r.notice.notice_id))
                    for r in rows
                ],
            )
            cause = error.__cause__ or error
            log.warning(
                "mail.retrying",
                message_id=message_id,
                notices=ids,
                attempts=max(row.attempts for row in rows) + 1,
                **error_fields(cause),
            )
            return False
        self._sql.executemany(
            f"UPDATE {_TABLE} SET state = 'sent', sent_at = {{p}}, sending_at = NULL "
            "WHERE notice_id = {p} AND state = 'sending'",
            [(_stamp(now), i) for i in ids],
        )
        log.info("mail.sent", message_id=message_id, notices=ids)
        return True

    def _backoff(self, attempts: int) -> timedelta:
        """Doubling from ``retry_first``, never longer than ``retry_cap``."""
        if attempts > 30:
            return self._retry_cap
        return min(self._retry_first * (1 << (attempts - 1)), self._retry_cap)

    def _row(self, row: tuple[object, ...]) -> _Row:
        notice_id, recipient, person_id, payload, due_day, state, attempts, message_id = row
        texts = json.loads(str(payload))
        notice = Notice(
            notice_id=UUID(str(notice_id)),
            recipient=str(recipient),
            person_id=str(person_id),
            subject_da=texts["subject_da"],
            subject_en=texts["subject_en"],
            body_da=texts["body_da"],
            body_en=texts["body_en"],
            link=texts["link"],
            created_at=datetime.fromisoformat(texts["created_at"]),
        )
        return _Row(
            notice,
            due_day is not None,
            str(state),
            int(str(attempts)),
            str(message_id) if message_id else None,
        )


def outbox_from(store_sql: StoreSql, settings: Settings) -> MailOutbox:
    """The service's outbox, with the digest hour its settings name."""
    hour = settings.mail_digest_hour
    return MailOutbox(store_sql, digest_hour=None if hour == "now" else hour)
