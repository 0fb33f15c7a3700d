"""A police notification not acknowledged in time is escalated once, by mail, over the
real broker and a real SMTP server on loopback — also when the school is killed while
the mail is being sent; acknowledged in time, nobody is mailed.

The services see the time a week ahead (``SAMSPIL_CLOCK_OFFSET_HOURS``), so a
notification sent now is already past its two working days.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from domain.deadlines.clock import DeadlineClock
from infra.event_store import store_env
from services.school.application import SchoolApplication
from tests.mail_server import Inbox, SmtpServer
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e

CONTACTS = {
    "police_lead@koebenhavn": ["ssp-leder@politi.example"],
    "ssp@Frederiksberg": ["ssp@frederiksberg.example"],
}
ADDRESSES = sorted(a for addresses in CONTACTS.values() for a in addresses)
A_WEEK_AHEAD = str(24 * 7)


class SlowFirstInbox(Inbox):
    """Holds the first mail without answering, long enough to kill the sender then."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if not self.held:
            self.held.append(envelope.content)
            await asyncio.sleep(60)
            return "451 4.3.0 Too late"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def _configure(system: System, smtp: SmtpServer, ahead: str) -> None:
    system.env.update(
        {
            "SAMSPIL_SMTP_HOST": "127.0.0.1",
            "SAMSPIL_SMTP_PORT": str(smtp.port),
            "SAMSPIL_SMTP_STARTTLS": "false",
            "SAMSPIL_MAIL_DIGEST_HOUR": "now",
            "SAMSPIL_ESCALATION_CONTACTS": json.dumps(CONTACTS),
            "SAMSPIL_CLOCK_OFFSET_HOURS": ahead,
        }
    )


def _notify(system: System) -> tuple[str, str]:
    case_id = system.report_case()
    system.school(case_id, "parents-informed")
    return case_id, system.notify_police(case_id)


def _told(system: System, case_id: str) -> list[Any]:
    """The school's record of whom a missed deadline was told (read from its store)."""
    app = SchoolApplication(store_env(system.settings, "school"), system.settings)
    try:
        history = app.history(DeadlineClock.create_id(UUID(case_id)))
        return [e for e in history if type(e).__name__ in ("DeadlineMissed", "DeadlineEscalated")]
    finally:
        app.close()


def _police_key(told: list[Any]) -> list[Any]:
    return [e for e in told if e.key.startswith("police_acknowledged:")]


def test_an_unacknowledged_notification_is_escalated_once_by_mail(
    sqlite_system: System, smtp: SmtpServer
) -> None:
    _configure(sqlite_system, smtp, A_WEEK_AHEAD)
    sqlite_system.start()
    case_id, _ = _notify(sqlite_system)
    wait_until("the escalation mails", lambda: len(smtp.inbox.messages) >= len(ADDRESSES))
    time.sleep(3)  # the scheduler keeps running: nothing more is sent
    assert sorted(str(m["To"]) for m in smtp.inbox.messages) == ADDRESSES
    for mail in smtp.inbox.messages:
        text = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        assert "unknown profile" not in text and "Pupil" not in text, "no case content"
        assert (case_id[:8].upper() in text and "/indbakke" in text) or "/oversigt" in text
    sqlite_system.stop()
    (missed,) = _police_key(_told(sqlite_system, case_id))
    assert sorted(missed.told) == ["police_lead@koebenhavn", "ssp@Frederiksberg"]


def test_a_kill_while_the_mail_is_sent_still_tells_each_once(sqlite_system: System) -> None:
    server = SmtpServer()
    server.inbox = SlowFirstInbox()
    server.start()
    try:
        _configure(sqlite_system, server, A_WEEK_AHEAD)
        sqlite_system.start()
        case_id, _ = _notify(sqlite_system)
        inbox = server.inbox
        assert isinstance(inbox, SlowFirstInbox)
        wait_until("the first mail in the server's hands", lambda: inbox.held)
        sqlite_system.kill("school")  # kill -9 while the server has not answered
        sqlite_system.start("school")
        wait_until(
            "every address mailed",
            lambda: sorted(str(m["To"]) for m in inbox.messages) == ADDRESSES,
        )
        time.sleep(3)
        assert len(set(inbox.message_ids())) == len(inbox.message_ids()) == len(ADDRESSES)
        sqlite_system.stop()
        assert len(_police_key(_told(sqlite_system, case_id))) == 1
    finally:
        server.stop()


def test_acknowledged_in_time_nobody_is_mailed(sqlite_system: System, smtp: SmtpServer) -> None:
    _configure(sqlite_system, smtp, "0")
    sqlite_system.start()
    case_id, notification_id = _notify(sqlite_system)
    sqlite_system.acknowledge(notification_id)
    wait_until(
        "the acknowledgement on the school's case",
        lambda: all(
            n["acknowledged"]
            for n in sqlite_system.http.get(
                f"{sqlite_system.url('school')}/cases/{case_id}",
                headers=sqlite_system.staff_of(case_id),
            ).json()["police_notifications"]
        ),
    )
    sqlite_system.stop("school")
    sqlite_system.env["SAMSPIL_CLOCK_OFFSET_HOURS"] = A_WEEK_AHEAD  # a week later
    sqlite_system.start("school")
    time.sleep(4)
    assert [str(m["To"]) for m in smtp.inbox.messages] == []
    sqlite_system.stop()
    assert _police_key(_told(sqlite_system, case_id)) == []
