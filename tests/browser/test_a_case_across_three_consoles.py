"""A level-3 case from report to close across the three consoles, in Chromium.

The school reports and works the case, the police inbox shows the notification without
a reload, the police acknowledge and release the material, the school asks the platform
to take it down and records the removal, SSP sees the case in its overview, and the
school closes it — all by pointing and typing, no id or token typed anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Desk
from tests.browser.test_school_console_in_browser import HANNE, report_case

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

JENS = "Jens, forebyggelsesbetjent, Nordjyllands Politi"
LARS = "Lars, SSP-konsulent, Hjørring Kommune"

OpenDesk = Callable[..., Desk]


def record(page: Page, command: str, fill: Callable[[Page], None] | None = None) -> None:
    """Open a command's form beside its item, fill it in, record it, see it recorded."""
    form = page.locator(f'form[action$="/handling/{command}"]').first
    form.locator("xpath=..").locator("summary").click()
    if fill is not None:
        fill(page)
    form.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("Det er registreret.")).to_be_visible()


def in_form(page: Page, command: str) -> Page:
    return page.locator(f'form[action$="/handling/{command}"]').first  # type: ignore[return-value]


def test_a_level_3_case_from_report_to_close(desk: OpenDesk) -> None:
    hanne = desk("school", HANNE)
    jens = desk("police_liaison", JENS)
    expect(jens.page.get_by_role("heading", name=re.compile("Indbakke"))).to_be_visible()
    case_page = report_case(hanne, "Et nøgenbillede af en elev i 2.g deles af hendes ekskæreste.")
    page = hanne.page
    reference = page.locator("h1").inner_text().removeprefix("Sag ").strip()

    record(page, "parents-informed")

    def facts(p: Page) -> None:
        form = in_form(p, "facts")
        form.locator('select[name="involved.0.role"]').select_option("known_offender")
        form.locator('input[name="involved.0.description"]').fill("tidligere kæreste, 3.g")
        form.locator('textarea[name="what_happened"], input[name="what_happened"]').fill(
            "Et nøgenbillede med hendes ansigt er delt i en gruppechat."
        )
        form.locator('input[name="where"]').fill("Snapchat")
        form.locator('select[name="spread"]').select_option("group_chat")

    record(page, "facts", facts)

    def assessment(p: Page) -> None:
        form = in_form(p, "assessment")
        form.locator('input[name="material"][value="naked_body"]').check()
        form.locator('input[name="material"][value="face_visible"]').check()
        form.locator('select[name="reaction"]').select_option("out_of_control")
        form.locator('select[name="context"]').select_option("B")
        form.locator('input[name="provisions"][value="§264d"]').check()
        form.locator('select[name="track"]').select_option("pedagogical")

    record(page, "assessment", assessment)
    expect(page.locator(".samspil-facts")).to_contain_text("3, kontekst B")

    # The police inbox was open all along: the notification arrives without a reload.
    record(page, "police-notifications")
    card = jens.page.locator("article.police-notification", has_text=reference)
    expect(card).to_be_visible()
    expect(card).to_contain_text("Hjørring Gymnasium og HF")
    jens.screenshot("police-inbox")
    card.get_by_role("button", name="Kvittér for orienteringen").click()
    card = jens.page.locator("article.police-notification", has_text=reference)
    expect(card).to_contain_text("Kvitteret af forebyggelsesbetjent-jens")
    card.get_by_role("button", name="Frigiv materialet til sletning").click()
    expect(jens.page.locator("article.police-notification", has_text=reference)).to_have_attribute(
        "data-evidence", re.compile("release")
    )

    # The school's page follows: acknowledged, the material released, the takedown open.
    hanne.open(case_page)
    expect(page.locator(".samspil-facts")).to_contain_text("kvitteret af forebyggelsesbetjent-jens")
    record(
        page,
        "takedown-requests",
        lambda p: (
            in_form(p, "takedown-requests").locator('input[name="platform"]').fill("Snapchat")
        ),
    )

    def removed(p: Page) -> None:
        form = in_form(p, "takedown-outcomes")
        form.locator('select[name="outcome"]').select_option("removed")

    record(page, "takedown-outcomes", removed)
    expect(page.locator("#punkt-takedown-Snapchat")).to_have_attribute("data-status", "done")
    hanne.screenshot("school-case-level-3")
    hanne.screenshot("school-case-first-screen", full_page=False)

    lars = desk("ssp", LARS)
    expect(lars.page.get_by_role("link", name=reference)).to_be_visible()
    lars.screenshot("ssp-overview")

    def close(p: Page) -> None:
        form = in_form(p, "close")
        form.locator('select[name="outcome"]').select_option("resolved")
        reason = form.locator('textarea[name="reason"], input[name="reason"]')
        reason.fill("Materialet er fjernet; den krænkede følges af studievejlederen.")

    record(page, "close", close)
    expect(page.get_by_text("Sagen er afsluttet.")).to_be_visible()
    hanne.open("/sager?lukkede=true")
    expect(page.locator(f'a[href="{case_page}"]')).to_be_visible()
