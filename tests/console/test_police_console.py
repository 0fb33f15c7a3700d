"""The police liaison's console: the district's inbox, which shows a new notification by
itself, its three decisions, and the cluster alerts, all read as the API reads them."""

from __future__ import annotations

import itertools
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from eventsourcing.persistence import Tracking
from fastapi import FastAPI

from contracts.case_events import CaseErasedV2, PoliceNotifiedV2
from contracts.coordination_events import ClusterAlertV1, ClusterAlertV2
from contracts.envelope import ActorV2, IntegrationEvent
from tests.console.conftest import Browser
from tests.messages import envelope

JENS = "forebyggelsesbetjent-jens"  # politi, nordjylland
POSITIONS = itertools.count(1)


@pytest.fixture
def police(console: Any) -> tuple[Any, Browser]:
    return console("police_liaison")  # type: ignore[no-any-return]


def _notify(
    running: Any,
    *,
    district: str = "nordjylland",
    institution: str = "Hjørring Gymnasium og HF",
    municipality: str = "Hjørring",
) -> str:
    """A notification arriving as the school's Kafka message would bring it."""
    position = next(POSITIONS)
    notification_id = uuid.uuid4()
    event = PoliceNotifiedV2(
        **envelope(position, uuid.uuid4()),
        police_notification_id=notification_id,
        police_district=district,
        institution=institution,
        municipality=municipality,
        offence_category="sharing_without_consent",
        victim_is_minor=True,
        case_description="Et nøgenbillede af en elev deles i en Snapchat-gruppe.",
        level=3,
        context="B",
        track="police_case",
        provisions=["§264d"],
        police_report_filed=True,
    )
    app = running.app
    app.save_tracked(Tracking("school", position), *app.on_police_notified(event))
    return str(notification_id)


def _erase_case_of(running: Any, notification_id: str) -> None:
    """The school erased the case: its message reaches the police as any other."""
    app = running.app
    case_id = app.get_or_none(uuid.UUID(notification_id)).case_id
    position = next(POSITIONS)
    erased = CaseErasedV2(
        **{
            **envelope(position, case_id),
            "actor": ActorV2(
                person_id="dpo-karen", role="databeskyttelse", organisation="Hjørring"
            ),
        }
    )
    app.save_tracked(Tracking("school", position), *app.on_case_erased(erased))


def _alert(
    running: Any,
    district: str,
    schools: int,
    *,
    ssp: str | None = None,
    incident: uuid.UUID | None = None,
) -> None:
    """An SSP's alert: version 1, or version 2 when it names the SSP deployment."""
    position = next(POSITIONS)
    common: dict[str, Any] = {
        **envelope(position, uuid.uuid4()),
        "source": "ssp",
        "event_id": IntegrationEvent.make_event_id(ssp or "ssp", position),
    }
    if ssp is not None:
        common |= {"published_by": ssp, "national_incident": incident}
    contract: Any = ClusterAlertV1 if ssp is None else ClusterAlertV2
    event = contract(
        **common,
        cluster_id=uuid.uuid4(),
        police_district=district,
        cases=4,
        cases_in_district=3,
        schools=schools,
        municipalities=2,
        police_districts=1,
        highest_level=3,
        why="a case in the cluster is at level 3 or higher",
    )
    tracking = Tracking(ssp or "ssp", position)
    running.app.save_tracked(tracking, *running.app.on_cluster_alert(event))


def _card(page: str, notification_id: str) -> str:
    found = re.search(rf'<article[^>]*id="meddelelse-{notification_id}".*?</article>', page, re.S)
    assert found, "the notification has its card"
    return found.group(0)


def _act(browser: Browser, notification_id: str, deed: str) -> Any:
    return browser.post(
        f"/indbakke/{notification_id}/{deed}", {"tilbage": "/indbakke"}, page="/indbakke"
    )


def test_the_inbox_shows_the_districts_notifications_in_danish_newest_first(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    first = _notify(running, institution="Hjørring Gymnasium og HF")
    elsewhere = _notify(
        running, district="oestjylland", institution="Aarhus Katedralskole", municipality="Aarhus"
    )
    newest = _notify(running, institution="Frederikshavn Gymnasium", municipality="Frederikshavn")
    browser.sign_in(JENS)
    page = browser.page("/indbakke")
    assert "Indbakke · Nordjyllands Politi" in page
    assert "Aarhus Katedralskole" not in page and elsewhere not in page
    assert page.index(newest) < page.index(first), "newest first"
    card = _card(page, first)
    case_id = running.app.get_or_none(uuid.UUID(first)).case_id
    assert f"SAG-{case_id.hex[:8].upper()}" in card, "the case as the school names it"
    for shown in (
        "Hjørring Gymnasium og HF, Hjørring",
        "Billed- eller videodeling uden samtykke, den krænkede er under 18",
        "Niveau 3:",
        "Kontekst B: trusler",
        "Politisag",
        "Straffelovens § 264 d",
        "Politianmeldt</dt>\n    <dd>Ja",
        "Ikke kvitteret",
        "Afventer politiets afgørelse",
        "Kvittér for orienteringen",
        "Sæt bevissikring",
        "Frigiv materialet til sletning",
    ):
        assert shown in card, shown
    assert 'data-live="on"' in page and 'id="live-region"' in page, "the page updates itself"


def test_acknowledging_shows_who_did_it_and_takes_the_button_away(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    notification_id = _notify(running)
    browser.sign_in(JENS)
    done = _act(browser, notification_id, "kvitter")
    assert done.status_code == 303
    assert done.headers["location"] == f"/indbakke#meddelelse-{notification_id}"
    page = browser.page("/indbakke")
    assert "Der er kvitteret for orienteringen. Skolen ser det på sagen." in page
    card = _card(page, notification_id)
    assert "Kvitteret af forebyggelsesbetjent-jens (SSP-politi)" in card
    assert f"/indbakke/{notification_id}/kvitter" not in card, "no second acknowledgement"

    again = _act(browser, notification_id, "kvitter")  # a form sent twice
    assert again.status_code == 303
    card = _card(browser.page("/indbakke"), notification_id)
    assert "Politiet har allerede kvitteret for orienteringen" in card, "refused beside it"


def test_evidence_is_held_then_released_and_each_offers_the_other(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    notification_id = _notify(running)
    browser.sign_in(JENS)
    assert _act(browser, notification_id, "bevissikring").status_code == 303
    page = browser.page("/indbakke")
    assert "Bevissikring er registreret." in page
    card = _card(page, notification_id)
    assert 'data-evidence="held"' in card and "Bevissikring: intet må slettes" in card
    assert "/bevissikring" not in card and f"/indbakke/{notification_id}/frigiv" in card

    assert _act(browser, notification_id, "frigiv").status_code == 303
    page = browser.page("/indbakke")
    assert "Materialet er frigivet til sletning." in page
    card = _card(page, notification_id)
    assert "Politiet har afgjort, hvordan materialet må slettes" in card
    assert "/frigiv" not in card and f"/indbakke/{notification_id}/bevissikring" in card
    assert running.app.get_or_none(uuid.UUID(notification_id)).evidence_decision == "release"


def test_acting_on_a_notification_whose_case_was_erased_meanwhile_says_so(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    notification_id = _notify(running)
    browser.sign_in(JENS)
    csrf = browser.csrf("/indbakke")  # the page is open, with the card on it
    _erase_case_of(running, notification_id)
    answer = browser.http.post(
        f"/indbakke/{notification_id}/kvitter",
        data={"csrf": csrf, "tilbage": "/indbakke"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = browser.page("/indbakke")
    assert "Sagen blev slettet den" in page
    assert notification_id not in page, "the card is gone from the inbox"


def test_a_notification_opens_on_its_own_page_and_acts_there(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    notification_id = _notify(running)
    browser.sign_in(JENS)
    assert f'href="/indbakke/{notification_id}"' in browser.page("/indbakke")
    page = browser.page(f"/indbakke/{notification_id}")
    assert "Orientering · Nordjyllands Politi" in page and "Hjørring Gymnasium og HF" in page
    done = browser.post(
        f"/indbakke/{notification_id}/kvitter",
        {"tilbage": f"/indbakke/{notification_id}"},
        page=f"/indbakke/{notification_id}",
    )
    assert done.headers["location"] == f"/indbakke/{notification_id}"
    assert "Kvitteret af forebyggelsesbetjent-jens" in browser.page(f"/indbakke/{notification_id}")


def test_another_districts_notification_is_not_found_and_cannot_be_acted_on(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    elsewhere = _notify(running, district="oestjylland", institution="Aarhus Katedralskole")
    browser.sign_in(JENS)
    assert "Ikke fundet" in browser.page(f"/indbakke/{elsewhere}", expect=404)
    assert "Ikke fundet" in browser.page(f"/indbakke/{uuid.uuid4()}", expect=404)
    for deed in ("kvitter", "bevissikring", "frigiv"):
        refused = _act(browser, elsewhere, deed)
        assert refused.status_code == 404 and "Ikke fundet" in refused.text
    notification = running.app.get_or_none(uuid.UUID(elsewhere))
    assert notification.acknowledged_by is None and notification.evidence_decision is None


def test_no_session_asks_for_sign_in_and_a_form_without_its_token_is_refused(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    notification_id = _notify(running)
    for path in ("/indbakke", "/klynger", f"/indbakke/{notification_id}"):
        answer = browser.http.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin"
    browser.sign_in(JENS)
    forged = browser.http.post(
        f"/indbakke/{notification_id}/kvitter", data={"tilbage": "/indbakke"}
    )
    assert forged.status_code == 403
    assert "Formularen kunne ikke godkendes" in forged.text
    assert running.app.get_or_none(uuid.UUID(notification_id)).acknowledged_by is None
    assert "Ikke kvitteret" in _card(browser.page("/indbakke"), notification_id)


def test_every_page_view_is_recorded_as_the_apis_reads_are(police: tuple[Any, Browser]) -> None:
    running, browser = police
    notification_id = _notify(running)
    browser.sign_in(JENS)

    def reads(subject: str, action: str) -> list[Any]:
        log = running.app.access_log(subject)
        return [e for e in log if getattr(e, "action", None) == action]

    for subject, action, path in (
        ("district:nordjylland", "read inbox", "/indbakke"),
        (f"police-notification:{notification_id}", "read", f"/indbakke/{notification_id}"),
        ("cluster-alerts:nordjylland", "read cluster alerts", "/klynger"),
    ):
        before = len(reads(subject, action))
        browser.page(path)
        (*_, last) = reads(subject, action)
        assert len(reads(subject, action)) == before + 1, path
        assert last.actor.person_id == JENS and last.allowed is True


def test_the_cluster_alerts_of_the_district_only(police: tuple[Any, Browser]) -> None:
    running, browser = police
    _alert(running, "nordjylland", schools=3)
    _alert(running, "fyn", schools=7)
    browser.sign_in(JENS)
    page = browser.page("/klynger")
    assert "Klyngeadvarsler · Nordjyllands Politi" in page
    assert "en sag i klyngen er på niveau 3 eller højere" in page
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)
    assert len(rows) == 1, "only the district's own alert"
    cells = re.findall(r"<td>([^<]*)</td>", rows[0])
    assert cells[2:7] == ["4", "3", "3", "2", "1"], "cases, in district, schools, ..."
    assert "Niveau 3:" in rows[0] and "KLYNGE-" in rows[0], "named as SSP names it"


def test_an_incident_several_ssps_alert_of_is_one_row_naming_them(
    police: tuple[Any, Browser],
) -> None:
    running, browser = police
    incident = uuid.uuid4()
    _alert(running, "nordjylland", schools=3, ssp="ssp.hjoerring", incident=incident)
    _alert(running, "nordjylland", schools=3, ssp="ssp.frederikshavn", incident=incident)
    browser.sign_in(JENS)
    page = browser.page("/klynger")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S)
    assert len(rows) == 1, "one incident, one alert"
    assert "ssp.hjoerring, ssp.frederikshavn" in rows[0]


def test_every_page_has_the_navigation_and_no_file_input(police: tuple[Any, Browser]) -> None:
    running, browser = police
    notification_id = _notify(running)
    browser.sign_in(JENS)
    for path in ("/indbakke", "/klynger", f"/indbakke/{notification_id}"):
        page = browser.page(path)
        assert '<a href="/indbakke"' in page and '<a href="/klynger"' in page
        assert ">Indbakke</a>" in page and ">Klyngeadvarsler</a>" in page
        assert 'type="file"' not in page
    assert 'href="/indbakke" aria-current="page"' in browser.page("/indbakke")


@contextmanager
def _serving(http: FastAPI) -> Iterator[str]:
    """The service on a real loopback port, so a server-sent event stream can be read."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(http, lifespan="off", log_level="warning", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_new_notification_reaches_an_open_inbox_without_a_reload(
    police: tuple[Any, Browser],
) -> None:
    running, _ = police
    with _serving(running.http) as base, httpx.Client(base_url=base, timeout=10) as browser:
        browser.post("/signin/demonstration", data={"person": JENS})
        assert "Ingen orienteringer fra skolerne." in browser.get("/indbakke").text
        with browser.stream("GET", "/live") as events:
            assert events.headers["content-type"].startswith("text/event-stream")
            lines = events.iter_lines()
            assert next(lines).startswith("retry:"), "the page is listening"
            notification_id = _notify(running)
            told = next(line for line in lines if line.startswith("event:"))
            assert told == "event: changed", "only that something changed, never what"
        refetched = browser.get("/indbakke", headers={"X-Samspil-Live": "1"}).text
        assert notification_id in _card(refetched, notification_id)
