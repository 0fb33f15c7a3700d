"""What a professional expects of every console: no serious accessibility violation
(axe-core, from the npm registry), usable on a tablet and with the keyboard."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Desk
from tests.browser.test_a_case_across_three_consoles import JENS, LARS
from tests.browser.test_school_console_in_browser import HANNE, report_case, serious_violations
from tests.system import System

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

OpenDesk = Callable[..., Desk]

PAGES = {
    "police_liaison": (JENS, ["/indbakke", "/klynger"]),
    "ssp": (LARS, ["/oversigt", "/klynger", "/statistik", "/handleplan"]),
}


@pytest.mark.parametrize("service", sorted(PAGES))
def test_the_pages_pass_the_accessibility_check(
    service: str, chromium: Any, running: System, desk: OpenDesk
) -> None:
    report_case(desk("school", HANNE))  # something on the pages to check
    person, paths = PAGES[service]
    checker = chromium.new_context(bypass_csp=True, locale="da-DK")
    try:
        page = checker.new_page()
        base = running.url(service)  # type: ignore[arg-type]
        page.goto(f"{base}/signin")
        page.get_by_role("button", name=person).click()
        found = {}
        for path in paths:
            page.goto(f"{base}{path}")
            found[path] = serious_violations(page)
        assert all(not v for v in found.values()), json.dumps(found, indent=1)
    finally:
        checker.close()


def test_the_case_page_fits_a_tablet(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE, width=768)
    case_page = report_case(hanne)
    page = hanne.open(case_page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px wider than a tablet's screen"
    hanne.screenshot("school-case-tablet", full_page=False)


def test_the_keyboard_reaches_the_content_and_records_a_step(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    page = hanne.open(report_case(hanne))
    page.keyboard.press("Tab")
    expect(page.locator("a.skipnav")).to_be_focused()
    summary = page.locator('form[action$="/handling/parents-informed"]').locator("xpath=..")
    summary.locator("summary").focus()
    page.keyboard.press("Enter")
    button = page.locator('form[action$="/handling/parents-informed"] button')
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Det er registreret.")).to_be_visible()
