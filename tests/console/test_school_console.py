"""The school's console: staff list, report and work a case without ids or tokens, each
role seeing only what it may press, with every view recorded like an API read."""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.actors import Actor, Role
from services.kit.scheduler import Scheduler
from services.school.deadlines import TIMED
from tests.console.conftest import Browser

HANNE = "skoleleder-hanne"  # ledelse, Hjørring Gymnasium og HF
IDA = "klasselaerer-ida"  # klasseteam, same school

REPORT = {
    "municipality": "Hjørring",
    "offence_category": "sharing_without_consent",
    "victim_is_minor": "true",
    "description": "Et nøgenbillede af en elev deles i en Snapchat-gruppe.",
}


@pytest.fixture
def school(console: Any) -> tuple[Any, Browser]:
    return console("school")  # type: ignore[no-any-return]


def _report(browser: Browser) -> str:
    answer = browser.post("/sager", REPORT, page="/sager/ny")
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/sager/([0-9a-f-]{36})", answer.headers["location"])
    assert found, answer.headers["location"]
    return found.group(1)


def test_signing_in_as_a_demonstration_professional_opens_mine_sager(
    school: tuple[Any, Browser],
) -> None:
    _, browser = school
    signin = browser.page("/signin")
    assert "Hanne, ledelse, Hjørring Gymnasium og HF" in signin
    browser.sign_in(HANNE)
    cases = browser.page("/sager")
    assert "Mine sager" in cases and "Ingen åbne sager." in cases
    assert "skoleleder-hanne · ledelse · Hjørring Gymnasium og HF" in cases


def test_a_reported_case_is_listed_with_what_is_due_and_opens_on_its_card(
    school: tuple[Any, Browser],
) -> None:
    _, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)
    page = browser.page(f"/sager/{case_id}")
    assert "Sagen er oprettet." in page
    assert "1. Vurder krænkelsen" in page, "the card's steps, numbered in order"
    assert "Hjørring" in page and "Nordjyllands Politi" in page
    listed = browser.page("/sager")
    assert f'href="/sager/{case_id}"' in listed
    assert case_id not in re.sub(r'href="[^"]*"', "", listed), "only the link holds the id"


def test_recording_a_step_ticks_it_with_who_and_when(school: tuple[Any, Browser]) -> None:
    _, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)
    done = browser.post(f"/sager/{case_id}/handling/parents-informed", {}, page=f"/sager/{case_id}")
    assert done.status_code == 303
    page = browser.page(f"/sager/{case_id}")
    assert "Det er registreret." in page
    assert re.search(r"gjort af\s+skoleleder-hanne", page), "done, by whom"


def test_a_refusal_is_shown_in_danish_beside_the_action(school: tuple[Any, Browser]) -> None:
    _, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)
    refused = browser.post(
        f"/sager/{case_id}/handling/close", {"outcome": "resolved"}, page=f"/sager/{case_id}"
    )
    assert refused.status_code == 303
    page = browser.page(f"/sager/{case_id}")
    assert "forældrene" in page and "venter" in page
    assert '<details class="samspil-action" open>' in page, "the refused form is open"


def test_the_class_team_sees_only_its_own_buttons(school: tuple[Any, Browser]) -> None:
    _, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)
    browser.http.cookies.clear()
    browser.sign_in(IDA)
    page = browser.page(f"/sager/{case_id}")
    assert "/handling/close" not in page and "/handling/police-notifications" not in page
    refused = browser.post(
        f"/sager/{case_id}/handling/close", {"outcome": "resolved"}, page=f"/sager/{case_id}"
    )
    assert refused.status_code == 303
    assert "Som en del af klasseteamet kan du ikke" in browser.page(f"/sager/{case_id}")


def test_a_case_of_another_school_is_not_found(school: tuple[Any, Browser]) -> None:
    running, browser = school
    elsewhere = running.app.report_case(
        institution="Gentofte Skole",
        municipality="Gentofte",
        police_district="nordsjaelland",
        offence_category="grooming",
        victim_is_minor=True,
        description="En voksen skriver med en elev.",
        actor=Actor("skoleleder-kim", Role.LEDELSE, "Gentofte Skole"),
    )
    browser.sign_in(HANNE)
    assert "Ikke fundet" in browser.page(f"/sager/{elsewhere.id}", expect=404)
    assert "Ikke fundet" in browser.page("/sager/00000000-0000-4000-8000-000000000000", 404)


def test_every_page_view_is_recorded_in_the_access_log(school: tuple[Any, Browser]) -> None:
    running, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)

    def reads() -> list[Any]:
        log = running.app.access_log(f"case:{case_id}")
        return [e for e in log if getattr(e, "action", None) == "read"]

    before = len(reads())
    browser.page(f"/sager/{case_id}")
    (*_, last) = reads()
    assert len(reads()) == before + 1
    assert last.actor.person_id == HANNE and last.allowed is True


def test_no_session_asks_for_sign_in_and_a_form_without_its_token_is_refused(
    school: tuple[Any, Browser],
) -> None:
    _, browser = school
    answer = browser.http.get("/sager", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"
    browser.sign_in(HANNE)
    forged = browser.http.post("/sager", data=REPORT, follow_redirects=False)
    assert forged.status_code == 403
    wrong = browser.http.post("/sager", data={**REPORT, "csrf": "x" * 43})
    assert wrong.status_code == 403
    assert "Ingen åbne sager." in browser.page("/sager"), "nothing was reported"


def test_pages_carry_a_strict_policy_and_a_cookie_the_page_cannot_read(
    school: tuple[Any, Browser],
) -> None:
    _, browser = school
    answer = browser.http.post(
        "/signin/demonstration", data={"person": HANNE}, follow_redirects=False
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = browser.http.get("/sager")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["cache-control"] == "no-store"
    assert "<title>Samspil · Skole</title>" in page.text


def test_no_page_has_a_file_input(school: tuple[Any, Browser]) -> None:
    _, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)
    for path in ("/sager", "/sager/ny", f"/sager/{case_id}"):
        assert 'type="file"' not in browser.page(path)


def test_material_typed_or_pasted_into_a_form_is_refused_on_a_page_and_not_kept(
    school: tuple[Any, Browser],
) -> None:
    running, browser = school
    browser.sign_in(HANNE)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(300)).decode()
    token = browser.csrf("/sager/ny")
    before = running.app.recorder.max_notification_id() or 0
    answer = browser.http.post(
        "/sager",
        data={"csrf": token, **REPORT, "description": f"se billedet {png}"},
        headers={"Accept": "text/html,application/xhtml+xml"},
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "Ikke modtaget" in answer.text and png not in answer.text
    assert (running.app.recorder.max_notification_id() or 0) == before


def test_after_the_idle_time_the_console_signs_out(console: Any) -> None:
    _, browser = console("school", console_idle_minutes=0.001)  # 60 ms
    browser.sign_in(HANNE)
    time.sleep(0.2)
    answer = browser.http.get("/sager", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"
    assert "ikke har været aktiv" in browser.page("/signin")


def test_an_item_assigned_to_a_named_colleague_is_first_on_their_list(
    school: tuple[Any, Browser],
) -> None:
    _, browser = school
    browser.sign_in(HANNE)
    case_id = _report(browser)
    before = browser.page("/mig")
    assert "Involver forældrene" in before, "management is responsible until it is assigned"
    assigned = browser.post(
        f"/sager/{case_id}/handling/assignments",
        {"item": "involve_parents", "person_id": "studievejleder-mette"},
        page=f"/sager/{case_id}",
    )
    assert assigned.status_code == 303
    page = browser.page(f"/sager/{case_id}")
    assert re.search(r"tildelt\s+<strong>studievejleder-mette</strong>", page)
    assert "Involver forældrene" not in browser.page("/mig"), "now it is Mette's"
    browser.http.cookies.clear()
    browser.sign_in("studievejleder-mette")
    mine = browser.page("/mig")
    assert "Involver forældrene" in mine and "tildelt dig" in mine
    assert re.search(r'id="needs-count"[^>]*>\(\d+\)', mine), "the count in the menu"


def test_a_reminder_reaches_the_assigned_colleague_at_the_address_they_signed_in_with(
    school: tuple[Any, Browser],
) -> None:
    running, browser = school
    browser.sign_in("studievejleder-mette")  # the console learns Mette's address
    browser.http.cookies.clear()
    browser.sign_in(HANNE)
    case_id = _report(browser)
    browser.post(
        f"/sager/{case_id}/handling/assignments",
        {"item": "involve_parents", "person_id": "studievejleder-mette"},
        page=f"/sager/{case_id}",
    )
    later = datetime.now(UTC) + timedelta(days=10)
    Scheduler(running.app, TIMED, now=lambda: later).run_due()
    (notice,) = running.app.outbox.pending("person:studievejleder-mette")
    assert notice.recipient == "studievejleder-mette@demo.samspil.example"
    assert notice.link.endswith(f"/sager/{case_id}")
    assert "Snapchat" not in notice.body_da + notice.body_en, "no case content"


def test_a_reminder_never_mails_someone_of_another_school(school: tuple[Any, Browser]) -> None:
    """Assigned by mistake to a person of another school, the case is not made known
    to them: nothing is mailed outside the case's own institution."""
    running, browser = school
    running.app.people.remember(
        Actor("skoleleder-kim", Role.LEDELSE, "Gentofte Skole"), "kim@gentofte.example"
    )
    browser.sign_in(HANNE)
    case_id = _report(browser)
    browser.post(
        f"/sager/{case_id}/handling/assignments",
        {"item": "involve_parents", "person_id": "skoleleder-kim"},
        page=f"/sager/{case_id}",
    )
    later = datetime.now(UTC) + timedelta(days=10)
    Scheduler(running.app, TIMED, now=lambda: later).run_due()
    assert running.app.outbox.pending("person:skoleleder-kim") == []
