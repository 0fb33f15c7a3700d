"""SSP's console: the consultant's municipality overview, the case file with its
coordination and sharing, the incident clusters with why each link was made, the
statistics with their chart and CSV, and the action plan's yearly evaluation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking

from contracts.case_events import CaseReportedV1, FingerprintV1, MaterialFingerprintedV1
from contracts.envelope import ActorV1
from contracts.matching_events import DistrictCasesV1, NationalMatchV1
from domain.actors import Actor, Role
from domain.fingerprints import FingerprintKind
from services.ssp.national_matching import on_national_match
from tests.console.conftest import Browser
from tests.messages import envelope, reported

LARS = "ssp-konsulent-lars"  # ssp_konsulent, Hjørring
GYMNASIUM = "Hjørring Gymnasium og HF"
VIDEO_MD5 = "9e107d9d372bb6826bd81d3542a419d6"
PDQ = "f0e1d2c3b4a5968778695a4b3c2d1e0f" * 2
PDQ_NEAR = f"{int(PDQ, 16) ^ 0b1011_0000_1111:064x}"  # 7 bits apart


class School:
    """Feeds SSP the schools' events in order, as its Kafka consumer would."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.position = 0

    def _apply(self, handle: Callable[[], list[Aggregate]]) -> None:
        self.position += 1
        self.app.save_tracked(Tracking("school", self.position), *handle())

    def report(
        self,
        municipality: str = "Hjørring",
        institution: str = GYMNASIUM,
        district: str = "nordjylland",
    ) -> str:
        case_id = uuid.uuid4()
        event: CaseReportedV1 = reported(self.position + 1, case_id, municipality).model_copy(
            update={"institution": institution, "police_district": district}
        )
        self._apply(lambda: self.app.on_case_reported(event))
        return str(case_id)

    def fingerprint(self, case_id: str, **hashes: str) -> None:
        event = MaterialFingerprintedV1(
            **envelope(self.position + 1, uuid.UUID(case_id)),
            fingerprints=[
                FingerprintV1(kind=FingerprintKind(k), value=v) for k, v in hashes.items()
            ],
        )
        self._apply(lambda: self.app.on_material_fingerprinted(event))


@pytest.fixture
def ssp(console: Any) -> tuple[School, Browser]:
    running, browser = console("ssp")
    browser.sign_in(LARS)
    return School(running.app), browser


def _reference(case_id: str) -> str:
    return f"SAG-{uuid.UUID(case_id).hex[:8].upper()}"


def _text(page: str) -> str:
    """The page as read: tags gone, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_overview_shows_hjoerrings_cases_newest_first_and_updates_itself(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    first = school.report()
    elsewhere = school.report("Aarhus", "Skolen", "oestjylland")
    second = school.report(institution="Hjørring Private Realskole")
    page = browser.page("/oversigt")
    assert "Oversigt" in page and "Skolernes sager i Hjørring" in page
    assert 'data-live="on"' in page, "a new school case appears without a reload"
    assert page.index(_reference(second)) < page.index(_reference(first)), "newest first"
    assert GYMNASIUM in page and "Nordjyllands Politi" in page
    assert "Grooming (manipulation af et barn med et seksuelt formål)" in page
    assert "grooming" not in _text(page), "enum codes are shown in words"
    assert elsewhere not in page and _reference(elsewhere) not in page
    third = school.report()
    assert _reference(third) in browser.page("/oversigt"), "what the live refetch shows"


def test_recording_a_coordination_step_shows_it_on_the_case_file(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    case_id = school.report()
    case_page = f"/oversigt/sager/{case_id}"
    page = browser.page(case_page)
    assert "Intet samarbejde registreret endnu." in page
    assert '<label class="form-label" for="trin-step">Hvad er gjort?' in page
    done = browser.post(
        f"{case_page}/samarbejde",
        {"step": "meeting_held", "counterpart": GYMNASIUM, "note": "Møde med ledelsen fredag"},
        page=case_page,
    )
    assert done.status_code == 303 and done.headers["location"] == case_page
    page = browser.page(case_page)
    assert "Samarbejdet er registreret." in page
    assert "Møde er afholdt" in page and "Møde med ledelsen fredag" in page
    assert re.search(r"ssp-konsulent-lars \(SSP-konsulent, Hjørring\)", page), "by whom"


def test_a_step_the_model_refuses_is_explained_beside_the_form_and_nothing_is_recorded(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    case_id = school.report()
    case_page = f"/oversigt/sager/{case_id}"
    refused = browser.post(
        f"{case_page}/samarbejde", {"step": "gossip", "counterpart": ""}, page=case_page
    )
    assert refused.status_code == 303
    page = browser.page(case_page)
    assert 'class="alert alert-error alert-inline"' in page
    assert "Intet samarbejde registreret endnu." in page


def test_sharing_with_another_municipality_puts_the_case_in_its_overview(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    case_id = school.report()
    case_page = f"/oversigt/sager/{case_id}"
    page = browser.page(case_page)
    offered = re.findall(r'<option value="([^"]+)"', page.split('action="/oversigt/sager')[-1])
    assert "Frederikshavn" in offered and "Aarhus" in offered
    assert "Hjørring" not in offered, "the case's own municipality sees it already"
    assert len([m for m in offered if m]) == 97
    shared = browser.post(f"{case_page}/deling", {"municipality": "Frederikshavn"}, page=case_page)
    assert shared.status_code == 303
    page = browser.page(case_page)
    assert "Sagen er delt med SSP i Frederikshavn." in page
    assert "SSP i Frederikshavn" in _text(page).split("Delt med")[-1]
    assert '<option value="Frederikshavn">' not in page, "shared once is enough"


def test_a_case_shared_by_another_municipality_appears_and_opens(
    console: Any,
) -> None:
    running, browser = console("ssp")
    school = School(running.app)
    theirs = school.report("Frederikshavn", "Frederikshavn Gymnasium", "nordjylland")
    running.app.share_as(
        Actor("ssp-ole", Role.SSP_KONSULENT, "Frederikshavn"), uuid.UUID(theirs), "Hjørring"
    )
    browser.sign_in(LARS)
    page = browser.page("/oversigt")
    assert _reference(theirs) in page and "Delt med jer af en anden kommune" in page
    assert "Frederikshavn Gymnasium, Frederikshavn" in browser.page(f"/oversigt/sager/{theirs}")


def test_a_cluster_shows_each_link_with_why_and_takes_confirm_and_dismiss(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    first = school.report()
    second = school.report(institution="Hjørring Private Realskole")
    third = school.report("Aarhus", "Skolen", "oestjylland")
    school.fingerprint(first, pdq=PDQ, md5=VIDEO_MD5)
    school.fingerprint(second, pdq=PDQ_NEAR)
    school.fingerprint(third, md5=VIDEO_MD5)

    listed = browser.page("/klynger")
    (cluster_id,) = set(re.findall(r'href="/klynger/([0-9a-f-]{36})"', listed))
    assert "Hjørring Gymnasium og HF, Hjørring Private Realskole, Skolen" in listed
    assert "Aarhus, Hjørring" in listed
    page = browser.page(f"/klynger/{cluster_id}")
    text = _text(page)
    assert "billederne har næsten samme fingeraftryk (PDQ): 7 bit til forskel" in text
    assert "den samme video (ens MD5-fingeraftryk)" in text
    assert text.count("Foreslået – afventer afgørelse") == 2
    assert f'href="/oversigt/sager/{first}"' in page, "a Hjørring case opens"
    assert f'href="/oversigt/sager/{third}"' not in page, "Aarhus's case is named, not opened"
    links = re.findall(r"/forbindelser/([0-9a-f-]{36})/bekraeft", page)
    assert len(links) == 2

    confirmed = browser.post(
        f"/klynger/{cluster_id}/forbindelser/{links[0]}/bekraeft", {}, page=f"/klynger/{cluster_id}"
    )
    assert confirmed.status_code == 303
    page = browser.page(f"/klynger/{cluster_id}")
    assert "Forbindelsen er bekræftet." in page
    assert re.search(r"Bekræftet · af ssp-konsulent-lars", _text(page))

    empty = browser.post(
        f"/klynger/{cluster_id}/forbindelser/{links[1]}/afvis", {}, page=f"/klynger/{cluster_id}"
    )
    assert empty.status_code == 303
    page = browser.page(f"/klynger/{cluster_id}")
    assert f'id="link-{links[1]}"' in page
    assert "alert-inline" in page.split(f'id="link-{links[1]}"')[1], "refused beside it"
    assert '<details class="samspil-action" open>' in page

    dismissed = browser.post(
        f"/klynger/{cluster_id}/forbindelser/{links[1]}/afvis",
        {"reason": "To forskellige videoer med samme titel"},
        page=f"/klynger/{cluster_id}",
    )
    assert dismissed.status_code == 303
    page = browser.page(f"/klynger/{cluster_id}")
    assert "Forbindelsen er afvist." in page
    assert "Afvist fordi: To forskellige videoer med samme titel" in _text(page)
    assert "/bekraeft" not in page, "both links are decided"

    again = browser.post(
        f"/klynger/{cluster_id}/forbindelser/{links[0]}/bekraeft", {}, page=f"/klynger/{cluster_id}"
    )
    assert again.status_code == 303
    assert "Forbindelsen er allerede bekræftet" in browser.page(f"/klynger/{cluster_id}")


def test_statistics_show_the_chart_and_table_without_small_counts_and_give_the_csv(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    for _ in range(6):
        school.report()
    school.report("Aarhus", "Skolen", "oestjylland")
    page = browser.page("/statistik?efter=municipality")
    assert "<svg" in page and 'role="img"' in page
    assert "style=" not in page and "<style" not in page, "nothing the policy would block"
    text = _text(page)
    assert "Hjørring" in text and "Sager i alt" in text
    assert "færre end 5 sager" in text, "Aarhus's single case is not shown as a number"
    assert "<5" not in page
    assert "Et antal mellem 1 og 4 vises aldrig, så ingen elev kan genkendes." in page
    assert 'href="/statistik.csv?efter=municipality"' in page

    answer = browser.http.get("/statistik.csv?efter=municipality")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    lines = answer.text.splitlines()
    assert lines[0] == "group,quarter,measure,value,suppressed,suppressed_da,suppressed_en"
    assert any(line.startswith("Hjørring,") and ",cases,6," in line for line in lines)
    (aarhus,) = [line for line in lines if line.startswith("Aarhus,") and ",cases," in line]
    assert aarhus.endswith(",cases,,fewer_than_5_cases,færre end 5 sager,fewer than 5 cases")
    by_district = browser.page("/statistik")
    assert "Nordjyllands Politi" in by_district


def test_the_yearly_evaluation_of_the_action_plan_is_recorded_from_its_form(
    ssp: tuple[School, Browser],
) -> None:
    _, browser = ssp
    page = browser.page("/handleplan")
    assert "Årlig evaluering af handleplanen" in page and "Handleplanen er ikke evalueret" in page
    assert "Er der oplyst de rette nøglepersoner?" in page
    answers = {
        "in_line_with_policies.yes": "true",
        "right_key_persons.yes": "true",
        "right_web_addresses.yes": "true",
        "experience_to_incorporate.yes": "true",
        "new_actors.note": "Ingen nye aktører i år",
    }
    done = browser.post("/handleplan/evalueringer", answers, page="/handleplan")
    assert done.status_code == 303
    page = _text(browser.page("/handleplan"))
    assert "Evalueringen er registreret." in page
    assert "Er der kommet nye relevante aktører på området? Nej: Ingen nye aktører i år" in page
    assert "evalueret for" in page and "af ssp-konsulent-lars" in page


def test_another_municipalitys_case_and_cluster_are_not_found(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    theirs = school.report("Aarhus", "Skolen", "oestjylland")
    assert "Ikke fundet" in browser.page(f"/oversigt/sager/{theirs}", expect=404)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert "Ikke fundet" in browser.page(f"/oversigt/sager/{unknown}", expect=404)
    assert "Ikke fundet" in browser.page(f"/klynger/{unknown}", expect=404)
    step = browser.post(
        f"/oversigt/sager/{theirs}/samarbejde",
        {"step": "meeting_held", "counterpart": "Skolen"},
        page="/oversigt",
    )
    assert step.status_code == 404 and "Ikke fundet" in step.text


def test_no_session_asks_for_sign_in_and_a_form_without_its_token_is_refused(
    console: Any,
) -> None:
    running, browser = console("ssp")
    case_id = School(running.app).report()
    for path in ("/oversigt", "/klynger", "/statistik", "/statistik.csv", "/handleplan"):
        answer = browser.http.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin", path
    browser.sign_in(LARS)
    step = {"step": "meeting_held", "counterpart": GYMNASIUM}
    forged = browser.http.post(f"/oversigt/sager/{case_id}/samarbejde", data=step)
    assert forged.status_code == 403
    assert "Formularen kunne ikke godkendes" in forged.text
    assert "Intet samarbejde registreret endnu." in browser.page(f"/oversigt/sager/{case_id}")


def test_no_page_has_a_file_input_or_case_content_in_its_title(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    case_id = school.report()
    for path in (
        "/oversigt",
        f"/oversigt/sager/{case_id}",
        "/klynger",
        "/statistik",
        "/handleplan",
    ):
        page = browser.page(path)
        assert 'type="file"' not in page
        assert "<title>Samspil · SSP</title>" in page


def test_the_pages_speak_english_when_chosen(ssp: tuple[School, Browser]) -> None:
    school, browser = ssp
    first = school.report()
    second = school.report("Aarhus", "Skolen", "oestjylland")
    school.fingerprint(first, md5=VIDEO_MD5)
    school.fingerprint(second, md5=VIDEO_MD5)
    browser.post("/sprog", {"sprog": "en", "tilbage": "/oversigt"}, page="/oversigt")
    assert "Grooming" in browser.page("/oversigt") and "Overview" in browser.page("/oversigt")
    (cluster_id,) = set(re.findall(r'href="/klynger/([0-9a-f-]{36})"', browser.page("/klynger")))
    assert "identical video MD5" in browser.page(f"/klynger/{cluster_id}")
    assert "What was done" in browser.page(f"/oversigt/sager/{first}")
    assert "Cases per municipality and quarter" in browser.page("/statistik?efter=municipality")
    assert "Yearly evaluation of the action plan" in browser.page("/handleplan")


def test_a_cluster_matched_nationally_shows_how_far_it_reaches_not_the_other_cases(
    ssp: tuple[School, Browser],
) -> None:
    school, browser = ssp
    first = school.report()
    second = school.report(institution="Hjørring Private Realskole")
    news = NationalMatchV1(
        event_id=uuid.uuid4(),
        source="matching",
        source_position=1,
        case_id=uuid.UUID(first),
        occurred_at=datetime.now(UTC),
        actor=ActorV1(person_id="samspil-matching", role="ssp_konsulent", organisation="SSP"),
        incident_id=uuid.uuid4(),
        cases=[uuid.UUID(first), uuid.UUID(second)],
        cases_total=3,
        schools=3,
        municipalities=["Hjørring", "Skive"],
        police_districts=[
            DistrictCasesV1(police_district="midt-og-vestjylland", cases=1),
            DistrictCasesV1(police_district="nordjylland", cases=2),
        ],
        highest_level=None,
        serious=False,
    )
    school.app.save_tracked(Tracking("match.national", 1), *on_national_match(school.app, news))
    listed = browser.page("/klynger")
    (cluster_id,) = set(re.findall(r'href="/klynger/([0-9a-f-]{36})"', listed))
    text = _text(browser.page(f"/klynger/{cluster_id}"))
    assert "Samme materiale i andre kommuner" in text
    assert "Sager i alt 3" in text and "Kommuner Hjørring, Skive" in text
    assert "Midt- og Vestjyllands Politi (1), Nordjyllands Politi (2)" in text
    assert "det samme materiale er i en anden kommunes sag (national sammenkædning)" in text
    assert "Skive Skole" not in text and "Resen" not in text
