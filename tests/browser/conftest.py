"""The three consoles in Debian's Chromium, headless, over the whole running system.

One system (embedded broker, the three services as processes, the local issuer so the
consoles offer the demonstration sign-in) serves the whole module; each test opens its
own browser contexts, one per professional, as three people at three desks would.
Screenshots of each console are saved under ``test-artefacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from infra.tansu import EmbeddedBroker
from tests.system import System

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).parents[2]
ARTEFACTS = ROOT / "test-artefacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Chromium for one module. Playwright's sync API keeps an event loop running while it
    is started, so it is stopped after each module: the async tests that follow need the
    thread without a running loop."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    directory = tmp_path_factory.mktemp("consoles")
    with EmbeddedBroker(log_file=directory / "broker.log") as broker:
        system = System(directory / "data", broker, local_issuer=True)
        try:
            system.start()
            yield system
        finally:
            system.close()


class Desk:
    """One professional's browser, signed in to one service's console."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.base = base
        self.page: Page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)

    def open(self, path: str) -> Page:
        self.page.goto(f"{self.base}{path}")
        return self.page

    def sign_in(self, name: str) -> Page:
        """Choose the demonstration professional by the name on the button."""
        self.open("/signin")
        self.page.get_by_role("button", name=name).click()
        self.page.wait_for_load_state()
        return self.page

    def screenshot(self, name: str, *, full_page: bool = True) -> None:
        ARTEFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def desk(chromium: Browser, running: System) -> Iterator[object]:
    """``desk(service, person)``: a fresh signed-in browser context."""
    contexts: list[BrowserContext] = []

    def open_desk(service: str, person: str, *, width: int = 1280) -> Desk:
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="da-DK")
        contexts.append(context)
        found = Desk(context, running.url(service))  # type: ignore[arg-type]
        found.sign_in(person)
        return found

    yield open_desk
    for context in contexts:
        context.close()
