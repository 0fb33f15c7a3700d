"""Retention erases exactly the closed cases whose period has run out, and only when asked."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from fastapi.testclient import TestClient

from infra.settings import Settings
from services.kit.service import build
from services.run.blueprints import BLUEPRINTS
from services.school.application import RETENTION
from tests.identities import DPO, PUBLIC_KEY_FILE, SCHOOL_STAFF
from tests.system import a_report


def test_retention_erases_exactly_the_cases_that_are_due(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        kafka_bootstrap="127.0.0.1:9",
        auth_public_key_file=PUBLIC_KEY_FILE,
        retention_years={"resolved": 0, "transferred_to_police": 10},
    )
    running = build(BLUEPRINTS["school"], settings)
    http = TestClient(running.http)

    def case(outcome: str | None) -> str:
        case_id = str(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
        if outcome:
            assessed = {
                "material": [],
                "reaction": "no_special_need",
                "context": "A",
                "track": "pedagogical",
            }
            http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)
            http.post(f"/cases/{case_id}/assessment", json=assessed, headers=SCHOOL_STAFF)
            closed = http.post(
                f"/cases/{case_id}/close",
                json={"outcome": outcome, "reason": "Handled in talks."},
                headers=SCHOOL_STAFF,
            )
            assert closed.status_code == 200, closed.text
        return case_id

    due = case("resolved")
    kept_longer = case("transferred_to_police")
    not_in_policy = case("no_further_action")
    still_open = case(None)
    reopened = case("resolved")
    http.post(f"/cases/{reopened}/reopen", json={"reason": "new images"}, headers=SCHOOL_STAFF)

    assert http.post("/audit/retention", headers=SCHOOL_STAFF).status_code == 403
    (refusal,) = running.app.access_log(RETENTION)[1:]
    assert (refusal.action, refusal.allowed) == ("run retention", False), "the refusal is recorded"
    dry = http.post("/audit/retention", params={"dry_run": "true"}, headers=DPO).json()
    assert dry == {"dry_run": True, "cases": [due]}
    assert http.get(f"/cases/{due}", headers=SCHOOL_STAFF).status_code == 200, (
        "dry run erases nothing"
    )

    run = http.post("/audit/retention", params={"dry_run": "false"}, headers=DPO).json()
    assert run["cases"] == [due]
    gone = http.get(f"/cases/{due}", headers=SCHOOL_STAFF)
    assert gone.status_code == 410 and gone.json()["reason"].startswith("retention")
    for kept in (kept_longer, not_in_policy, still_open, reopened):
        assert http.get(f"/cases/{kept}", headers=SCHOOL_STAFF).status_code == 200
    again = http.post("/audit/retention", params={"dry_run": "false"}, headers=DPO).json()
    assert again["cases"] == []
    assert running.app.erasure(UUID(due)) is not None
    running.app.close()
