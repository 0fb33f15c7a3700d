"""SSP's yearly evaluation of the municipality's action plan (seed 004), over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from domain.access_log import AccessLog
from domain.action_plan import ActionPlan, EvaluationQuestion
from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF, SSP_CONSULTANT, bearer

PLAN = "/municipalities/Frederiksberg/action-plan"
GENTOFTE_SSP = bearer("ssp-ole", "ssp_konsulent", "Gentofte")


def evaluation(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        q.value: {"yes": True, "note": f"Gennemgået i SSP-netværket ({q.value})"}
        for q in EvaluationQuestion
    }
    body["new_actors"] = {"yes": False}
    body.update(overrides)
    return body


def this_year() -> int:
    return datetime.now(ZoneInfo("Europe/Copenhagen")).year


def stored_plan(running: Any) -> ActionPlan | None:
    found: ActionPlan | None = running.app.get_or_none(ActionPlan.create_id("Frederiksberg"))
    return found


def test_the_evaluation_is_due_then_done_by_the_consultant_and_due_again_next_year(
    service: Callable[[ServiceName], Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    running, http = service("ssp")
    before = http.get(PLAN, headers=SSP_CONSULTANT)
    assert before.status_code == 200, before.text
    item = before.json()["evaluation"]
    assert (item["label_da"], item["label_en"]) == (
        "Årlig evaluering af handleplanen",
        "Yearly evaluation of the action plan",
    )
    assert (item["responsible"], item["status"], item["done"]) == ("ssp_konsulent", "due", None)
    assert (item["year"], item["due_by"]) == (this_year(), f"{this_year()}-12-31")
    questions = before.json()["questions"]
    assert [q["question"] for q in questions] == [q.value for q in EvaluationQuestion]
    assert questions[1]["question_da"] == "Er der oplyst de rette nøglepersoner?"

    made = http.post(f"{PLAN}/evaluations", json=evaluation(), headers=SSP_CONSULTANT)
    assert made.status_code == 200, made.text
    done = http.get(PLAN, headers=SSP_CONSULTANT).json()
    assert done["evaluation"]["status"] == "done"
    assert done["evaluation"]["done"]["by"]["person_id"] == "ssp-konsulent-eva"
    (recorded,) = done["evaluations"]
    assert done["evaluation"]["done"]["at"] == recorded["at"]
    assert recorded["year"] == this_year()
    answers = {a["question"]: (a["yes"], a["note"]) for a in recorded["answers"]}
    assert answers["new_actors"] == (False, "")
    assert answers["right_key_persons"][0] is True

    monkeypatch.setattr(running.app.action_plans, "today", lambda: date(this_year() + 1, 1, 1))
    next_year = http.get(PLAN, headers=SSP_CONSULTANT).json()
    assert (next_year["evaluation"]["status"], next_year["evaluation"]["done"]) == ("due", None)
    assert next_year["evaluation"]["year"] == this_year() + 1
    assert [e["year"] for e in next_year["evaluations"]] == [this_year()], "last year's stays"


def test_only_the_municipalitys_own_ssp_consultant_sees_or_evaluates_its_plan(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    assert http.post(f"{PLAN}/evaluations", json=evaluation(), headers=SSP_CONSULTANT).is_success
    plan = stored_plan(running)
    assert plan is not None
    version = plan.version

    for outsider in (GENTOFTE_SSP, SCHOOL_STAFF, bearer("betjent", "politi", "koebenhavn")):
        read = http.get(PLAN, headers=outsider)
        made = http.post(f"{PLAN}/evaluations", json=evaluation(), headers=outsider)
        assert (read.status_code, made.status_code) == (404, 404)
        assert read.json() == made.json(), "as for any record outside their organisation"
        assert read.json()["detail_da"] and read.json()["detail_en"]
    atlantis = bearer("ssp-x", "ssp_konsulent", "Atlantis")
    unknown = http.get("/municipalities/Atlantis/action-plan", headers=atlantis)
    assert unknown.status_code == 404, "Denmark has no such municipality"

    after = stored_plan(running)
    assert after is not None and after.version == version, "the refusals changed nothing"
    accesses = running.app.access_log("action-plan:frederiksberg")[1:]  # after it started
    refused = [(e.actor.person_id, e.action) for e in accesses if not e.allowed]
    assert ("ssp-ole", "read action plan") in refused, "every refusal is recorded"
    assert ("ssp-ole", "evaluate action plan") in refused


def test_an_incomplete_or_unknown_answer_is_refused_naming_the_field(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    stored = running.app.recorder.max_notification_id()
    incomplete = evaluation()
    del incomplete["right_web_addresses"]
    for body, field in (
        (incomplete, "right_web_addresses"),
        (evaluation(gossip={"yes": True}), "gossip"),
        (evaluation(new_actors={"yes": "maybe"}), "new_actors"),
        (evaluation(new_actors={"yes": True, "note": "x" * 2001}), "note"),
    ):
        refused = http.post(f"{PLAN}/evaluations", json=body, headers=SSP_CONSULTANT)
        assert refused.status_code == 422, refused.text
        assert field in refused.text
    assert running.app.recorder.max_notification_id() == stored, "nothing was recorded"
    assert stored_plan(running) is None
    assert running.app.get_or_none(AccessLog.create_id("action-plan:frederiksberg")) is None
