"""The school's console in Chromium: report and work a case by pointing and typing,
each role seeing only its own buttons, refusals in Danish, no files, no forged forms."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE, Desk
from tests.system import System

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

HANNE = "Hanne, ledelse, Hjørring Gymnasium og HF"
IDA = "Ida, klasseteam, Hjørring Gymnasium og HF"

OpenDesk = Callable[..., Desk]


def report_case(
    desk: Desk, description: str = "Et nøgenbillede af en elev deles i en Snapchat-gruppe."
) -> str:
    """Ny sag, filled in as a person would; answers the case's page address."""
    page = desk.open("/sager/ny")
    page.select_option('select[name="municipality"]', "Hjørring")
    page.select_option('select[name="offence_category"]', "sharing_without_consent")
    page.check('input[name="victim_is_minor"]')
    page.fill('textarea[name="description"]', description)
    page.get_by_role("button", name="Opret sagen").click()
    expect(page.get_by_text("Sagen er oprettet.")).to_be_visible()
    return re.sub(r"^https?://[^/]+", "", page.url)


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core (from the npm registry) on the page: violations of impact serious or
    critical. The page's policy forbids injected scripts, so the check runs in a
    context that bypasses it."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_a_case_is_reported_and_worked_without_typing_an_id(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    case_page = report_case(hanne)
    page = hanne.page
    expect(page.get_by_role("heading", name=re.compile("Vurder krænkelsen"))).to_be_visible()
    page.get_by_text("Registrere, at forældrene er informeret").first.click()
    page.locator('form[action$="/handling/parents-informed"] button').click()
    expect(page.get_by_text("Det er registreret.")).to_be_visible()
    expect(page.locator("#punkt-involve_parents")).to_contain_text("skoleleder-hanne")
    hanne.open("/sager")
    assert page.locator(f'a[href="{case_page}"]').count() == 1
    assert page.title() == "Samspil · Skole", "no case content in the history's titles"
    hanne.screenshot("school-cases")
    hanne.open(case_page)
    hanne.screenshot("school-case")


def test_each_role_sees_only_its_own_buttons(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    case_page = report_case(hanne)
    assert hanne.page.locator('form[action$="/handling/close"]').count() == 1
    ida = desk("school", IDA)
    ida.open(case_page)
    expect(ida.page.get_by_role("heading", name=re.compile("Vurder krænkelsen"))).to_be_visible()
    assert ida.page.locator('form[action$="/handling/close"]').count() == 0
    assert ida.page.locator('form[action$="/handling/police-notifications"]').count() == 0


def test_a_refusal_is_shown_in_danish_beside_the_action(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    hanne.open(report_case(hanne))
    page = hanne.page
    close = page.locator('form[action$="/handling/close"]')
    page.locator("#punkt-close summary").first.click()
    close.locator('select[name="outcome"]').select_option("resolved")
    close.locator("button").click()
    refusal = page.locator('form[action$="/handling/close"] .alert-error')
    expect(refusal).to_contain_text("forældrene")
    expect(refusal).to_contain_text("venter")


def test_a_case_of_another_school_is_not_found(desk: OpenDesk, running: System) -> None:
    assert running.issuer is not None
    token = running.issuer.token(
        running.settings, person="skoleleder-kim", role="ledelse", organisation="Gentofte Skole"
    )
    elsewhere = httpx.post(
        f"{running.url('school')}/cases",
        json={
            "institution": "Gentofte Skole",
            "municipality": "Gentofte",
            "offence_category": "grooming",
            "victim_is_minor": True,
            "description": "En voksen skriver med en elev.",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert elsewhere.status_code == 201, elsewhere.text
    hanne = desk("school", HANNE)
    hanne.open(f"/sager/{elsewhere.json()['case_id']}")
    expect(hanne.page.get_by_role("heading", name="Ikke fundet")).to_be_visible()
    expect(hanne.page.get_by_text("En voksen skriver")).to_have_count(0)


def test_a_forged_form_and_a_missing_session_are_refused(
    desk: OpenDesk, chromium: Any, running: System
) -> None:
    hanne = desk("school", HANNE)
    hanne.open("/sager")
    forged = hanne.page.evaluate(
        """async () => (await fetch('/sager', {method: 'POST',
             headers: {'Content-Type': 'application/x-www-form-urlencoded'},
             body: 'municipality=Hj%C3%B8rring&offence_category=grooming&description=x'})).status"""
    )
    assert forged == 403
    stranger = chromium.new_context(locale="da-DK")
    try:
        page = stranger.new_page()
        page.goto(f"{running.url('school')}/sager")
        expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
    finally:
        stranger.close()


def test_a_file_dropped_or_pasted_is_refused_in_the_browser(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    page = hanne.open("/sager/ny")
    for kind in ("drop", "paste"):
        page.evaluate(
            """kind => {
                 const data = new DataTransfer();
                 data.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'x.png',
                                         {type: 'image/png'}));
                 const field = document.querySelector('textarea[name="description"]');
                 const how = {bubbles: true, cancelable: true};
                 const event = kind === 'drop'
                   ? new DragEvent('drop', {...how, dataTransfer: data})
                   : new ClipboardEvent('paste', {...how, clipboardData: data});
                 field.dispatchEvent(event);
               }""",
            kind,
        )
        expect(page.locator("#file-refused")).to_contain_text("Samspil gemmer aldrig billeder")
    assert page.locator('input[type="file"]').count() == 0
    assert page.input_value('textarea[name="description"]') == ""


def test_escape_blanks_the_screen_at_once(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    page = hanne.open("/sager")
    page.keyboard.press("Escape")
    expect(page.locator("#page")).to_be_hidden()
    page.get_by_role("button", name="Vis igen").click()
    expect(page.locator("#page")).to_be_visible()


def test_the_school_pages_pass_the_accessibility_check(
    desk: OpenDesk, chromium: Any, running: System
) -> None:
    hanne = desk("school", HANNE)
    case_page = report_case(hanne)
    checker = chromium.new_context(bypass_csp=True, locale="da-DK")
    try:
        page = checker.new_page()
        base = running.url("school")
        page.goto(f"{base}/signin")
        found = {"/signin": serious_violations(page)}
        page.get_by_role("button", name=HANNE).click()
        for path in ("/sager", "/sager/ny", case_page):
            page.goto(f"{base}{path}")
            found[path] = serious_violations(page)
        assert all(not v for v in found.values()), json.dumps(found, indent=1)
    finally:
        checker.close()
