"""The mail outbox delivers to a real SMTP server once, survives failures and a kill -9
(sent again under the same Message-ID, never lost), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import structlog

from infra.event_store import open_recorder
from infra.mail import FOOTER, notice_mail
from infra.mail_outbox import MailOutbox
from infra.settings import Settings
from infra.store_sql import StoreSql
from tests.mail_server import CASE, MONDAY_9, UTC, SmtpServer, notice

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


# --- the service's store, SQLite and PostgreSQL ------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path)
    return Settings(
        data_dir=tmp_path,
        database_url=request.getfixturevalue("postgres_url"),
        database_schema_prefix=request.getfixturevalue("postgres_schema_prefix"),
    )


@pytest.fixture
def open_sql(settings: Settings) -> Iterator[Callable[[], StoreSql]]:
    """Opens the school's store afresh, as a restarted process would."""
    recorders: list[Any] = []

    def opened() -> StoreSql:
        recorders.append(open_recorder(settings, "school"))
        return StoreSql(recorders[-1])

    yield opened
    for recorder in recorders:
        recorder.datastore.close()


@pytest.fixture
def outbox(open_sql: Callable[[], StoreSql]) -> MailOutbox:
    return MailOutbox(open_sql())


# --- one notice --------------------------------------------------------------------------------


def test_a_notice_arrives_once_with_its_link_and_no_case_content(
    outbox: MailOutbox, smtp: SmtpServer
) -> None:
    first = notice(1)
    outbox.enqueue(first, digest=False)

    report = outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=5), smtp.mailer())
    again = outbox.deliver_due(MONDAY_9 + dt.timedelta(hours=5), smtp.mailer())

    assert (report.sent, report.mails_sent, report.failed) == (1, 1, 0)
    assert (again.sent, again.failed) == (0, 0)
    [mail] = smtp.inbox.messages
    assert mail["To"] == "hanne@skole.dk"
    text = mail.get_content()
    assert first.link in text
    assert text.index(first.body_da) < text.index(first.body_en)  # Danish first
    assert FOOTER in text
    raw = mail.as_string() + text
    for planted in (CASE["child"], CASE["other_party"], CASE["description"], "Freja", "Holm"):
        assert planted not in raw
    assert mail.get_content_type() == "text/plain"
    assert outbox.pending("hanne") == []


def test_the_message_id_is_the_notices_own(outbox: MailOutbox, smtp: SmtpServer) -> None:
    first = notice(1)
    outbox.enqueue(first, digest=False)
    outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=5), smtp.mailer())

    assert smtp.inbox.message_ids() == [f"<{first.notice_id}@samspil>"]
    built_twice = [notice_mail(first, sender="s@kommune.dk").as_bytes() for _ in range(2)]
    assert built_twice[0] == built_twice[1]


def test_a_notice_enqueued_twice_is_sent_once(outbox: MailOutbox, smtp: SmtpServer) -> None:
    outbox.enqueue(notice(1), digest=False)
    outbox.enqueue(notice(1), digest=False)
    outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=5), smtp.mailer())
    outbox.enqueue(notice(1), digest=False)  # the event seen again after it was sent
    outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=6), smtp.mailer())

    assert len(smtp.inbox.messages) == 1


# --- the daily digest --------------------------------------------------------------------------


def test_a_busy_leader_gets_one_digest_mail_at_seven_listing_each_notice(
    outbox: MailOutbox, smtp: SmtpServer
) -> None:
    hers = [notice(n) for n in (1, 2, 3)]
    for each in hers:
        outbox.enqueue(each, digest=True)
    outbox.enqueue(notice(4, person="ole", recipient="ole@ssp.dk"), digest=True)
    tuesday_before_seven = dt.datetime(2026, 3, 3, 5, 59, tzinfo=UTC)  # 06:59 in Copenhagen

    early = outbox.deliver_due(tuesday_before_seven, smtp.mailer())
    assert (early.sent, smtp.inbox.messages) == (0, [])
    assert len(outbox.pending("hanne")) == 3

    at_seven = outbox.deliver_due(tuesday_before_seven + dt.timedelta(minutes=1), smtp.mailer())

    assert (at_seven.sent, at_seven.mails_sent) == (4, 2)
    [digest] = [m for m in smtp.inbox.messages if m["To"] == "hanne@skole.dk"]
    text = digest.get_content()
    assert "3 ting venter på dig / 3 things need you" in str(digest["Subject"])
    for each in hers:
        assert each.link in text
        assert each.subject_da in text and each.subject_en in text
    assert hers[0].body_da not in text and hers[0].body_en not in text  # subjects and links only
    assert FOOTER in text
    assert outbox.pending("hanne") == []
    entry = outbox.entry(hers[0].notice_id)
    assert entry is not None and entry.digest_day == dt.date(2026, 3, 3)


def test_a_notice_after_seven_waits_for_tomorrows_digest(outbox: MailOutbox) -> None:
    assert outbox.digest_due_at(MONDAY_9) == dt.datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
    summer = dt.datetime(2026, 7, 1, 4, 30, tzinfo=UTC)  # 06:30 in Copenhagen (CEST)
    assert outbox.digest_due_at(summer) == dt.datetime(2026, 7, 1, 5, 0, tzinfo=UTC)


def test_digests_at_once_still_make_one_mail_per_person(
    open_sql: Callable[[], StoreSql], smtp: SmtpServer
) -> None:
    outbox = MailOutbox(open_sql(), digest_hour=None)
    for n in (1, 2, 3):
        outbox.enqueue(notice(n), digest=True)
    outbox.enqueue(notice(9), digest=False)

    report = outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=10), smtp.mailer())

    assert (report.sent, report.mails_sent) == (4, 2)
    assert len(smtp.inbox.messages) == 2


# --- failures ----------------------------------------------------------------------------------


def test_while_the_server_is_down_nothing_is_lost_and_it_is_delivered_once_it_is_back(
    outbox: MailOutbox, smtp: SmtpServer
) -> None:
    first = notice(1)
    outbox.enqueue(first, digest=False)
    smtp.stop()
    now = MONDAY_9 + dt.timedelta(minutes=5)

    down = outbox.deliver_due(now, smtp.mailer())
    assert (down.sent, down.failed, down.mails_failed) == (0, 1, 1)
    entry = outbox.entry(first.notice_id)
    assert entry is not None
    assert (entry.state, entry.attempts) == ("pending", 1)
    assert entry.next_attempt_at == now + dt.timedelta(seconds=30)
    assert outbox.pending("hanne") == [first]

    for attempt in range(2, 12):  # backs off, doubling, to at most an hour; never dropped
        now = (entry.next_attempt_at if entry else now) + dt.timedelta(seconds=1)
        assert outbox.deliver_due(now, smtp.mailer()).failed == 1
        entry = outbox.entry(first.notice_id)
        assert entry is not None and entry.attempts == attempt
        assert entry.next_attempt_at - now <= dt.timedelta(hours=1)
    assert entry.next_attempt_at - now == dt.timedelta(hours=1)

    smtp.start()
    too_soon = outbox.deliver_due(now + dt.timedelta(minutes=1), smtp.mailer())
    assert (too_soon.sent, too_soon.failed, smtp.inbox.messages) == (0, 0, [])
    back = outbox.deliver_due(now + dt.timedelta(hours=1), smtp.mailer())
    outbox.deliver_due(now + dt.timedelta(hours=3), smtp.mailer())

    assert back.sent == 1
    assert smtp.inbox.message_ids() == [f"<{first.notice_id}@samspil>"]


def test_a_server_refusing_for_now_gets_the_digest_again_later(
    outbox: MailOutbox, smtp: SmtpServer
) -> None:
    for n in (1, 2, 3):
        outbox.enqueue(notice(n), digest=True)
    seven = dt.datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
    smtp.inbox.refusing = True

    assert outbox.deliver_due(seven, smtp.mailer()).failed == 3
    tomorrows = dataclasses.replace(notice(4), created_at=seven + dt.timedelta(seconds=30))
    outbox.enqueue(tomorrows, digest=True)  # not merged into the digest tried again
    smtp.inbox.refusing = False
    later = outbox.deliver_due(seven + dt.timedelta(minutes=1), smtp.mailer())

    assert (later.sent, later.mails_sent) == (3, 1)
    [digest] = smtp.inbox.messages
    assert all(notice(n).link in digest.get_content() for n in (1, 2, 3))
    assert outbox.pending("hanne") == [tomorrows]


def test_logs_carry_ids_never_the_recipient_or_the_text(
    outbox: MailOutbox, smtp: SmtpServer
) -> None:
    first = notice(1)
    outbox.enqueue(first, digest=False)
    with structlog.testing.capture_logs() as logs:
        smtp.inbox.refusing = True
        outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=5), smtp.mailer())
        smtp.inbox.refusing = False
        outbox.deliver_due(MONDAY_9 + dt.timedelta(hours=1), smtp.mailer())

    assert [line["event"] for line in logs] == ["mail.retrying", "mail.sent"]
    written = repr(logs)
    assert str(first.notice_id) in written
    for text in (first.recipient, "hanne@", first.subject_da, first.body_da, first.link):
        assert text not in written


# --- a kill -9 between handing the mail to SMTP and recording it -------------------------------

_CHILD = """
import os, signal, sys
from datetime import datetime
from infra.event_store import open_recorder
from infra.mail import SmtpMailer
from infra.mail_outbox import MailOutbox
from infra.settings import Settings
from infra.store_sql import StoreSql

class Killed(SmtpMailer):
    def send(self, message):
        if sys.argv[2] == "after":
            super().send(message)  # the server accepted it ...
        os.kill(os.getpid(), signal.SIGKILL)  # ... and the process died before recording it

outbox = MailOutbox(StoreSql(open_recorder(Settings(), "school")))
mailer = Killed("127.0.0.1", int(sys.argv[1]), "samspil@kommune.dk", starttls=False, timeout=5)
outbox.deliver_due(datetime.fromisoformat(sys.argv[3]), mailer)
"""


@pytest.mark.parametrize("killed", ["before", "after"])
def test_a_kill_between_sending_and_recording_sends_again_under_the_same_message_id(
    killed: str,
    settings: Settings,
    open_sql: Callable[[], StoreSql],
    smtp: SmtpServer,
) -> None:
    first = notice(1)
    MailOutbox(open_sql()).enqueue(first, digest=False)
    now = MONDAY_9 + dt.timedelta(minutes=5)
    env = {
        **os.environ,
        "SAMSPIL_DATA_DIR": str(settings.data_dir),
        "SAMSPIL_DATABASE_URL": settings.database_url,
        "SAMSPIL_DATABASE_SCHEMA_PREFIX": settings.database_schema_prefix,
    }
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(smtp.port), killed, now.isoformat()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    assert len(smtp.inbox.messages) == (1 if killed == "after" else 0)

    restarted = MailOutbox(open_sql())
    entry = restarted.entry(first.notice_id)
    assert entry is not None and entry.state == "sending"
    assert restarted.recover_interrupted(now + dt.timedelta(minutes=1)) == 1
    report = restarted.deliver_due(now + dt.timedelta(minutes=1), smtp.mailer())
    restarted.deliver_due(now + dt.timedelta(hours=2), smtp.mailer())

    assert report.sent == 1
    ids = smtp.inbox.message_ids()
    assert ids == [f"<{first.notice_id}@samspil>"] * len(ids)  # a copy is the same message
    assert len(set(ids)) == 1 and len(ids) == (2 if killed == "after" else 1)


class _Died(BaseException):
    """Stands in for the process dying inside the SMTP conversation."""


def test_a_mail_left_sending_too_long_is_sent_again_without_a_restart(
    outbox: MailOutbox, smtp: SmtpServer
) -> None:
    for n in (1, 2):
        outbox.enqueue(notice(n), digest=True)
    seven = dt.datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
    real = smtp.mailer()

    class Hangs:
        sender = real.sender

        def send(self, message: EmailMessage) -> None:
            real.send(message)
            raise _Died

    with pytest.raises(_Died):
        outbox.deliver_due(seven, Hangs())
    tomorrows = dataclasses.replace(notice(3), created_at=seven + dt.timedelta(seconds=30))
    outbox.enqueue(tomorrows, digest=True)  # due tomorrow: not in today's digest
    assert outbox.deliver_due(seven + dt.timedelta(minutes=5), real).sent == 0
    assert outbox.deliver_due(seven + dt.timedelta(minutes=11), real).sent == 2

    first, second = smtp.inbox.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first.get_content() == second.get_content()
