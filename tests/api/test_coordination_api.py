"""SSP coordinates a case within the municipality and, shared, across municipalities."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from eventsourcing.persistence import Tracking

from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import bearer
from tests.messages import reported

AARHUS = bearer("ssp-mette", "ssp_konsulent", "Aarhus")
ODENSE = bearer("ssp-ole", "ssp_konsulent", "Odense")


def test_every_coordination_step_is_recorded_with_who_took_it_across_municipalities(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    case_id = uuid.uuid4()
    running.app.save_tracked(
        Tracking("school", 1), *running.app.on_case_reported(reported(1, case_id, "Aarhus"))
    )
    step = {"step": "school_contacted", "counterpart": "Skolen", "note": "meeting on Monday"}
    first = http.post(f"/cases/{case_id}/coordination-steps", json=step, headers=AARHUS)
    assert first.status_code == 200, first.text
    assert http.get(f"/cases/{case_id}", headers=ODENSE).status_code == 404

    shared = http.post(
        f"/cases/{case_id}/shared-municipalities", json={"municipality": "Odense"}, headers=AARHUS
    )
    assert shared.json()["shared_with"] == ["Odense"]
    overview = http.get("/municipalities/Odense/overview", headers=ODENSE).json()
    assert [c["case_id"] for c in overview["cases"]] == [str(case_id)]
    handover = {"step": "ssp_team_contacted", "counterpart": "SSP Aarhus", "note": ""}
    second = http.post(f"/cases/{case_id}/coordination-steps", json=handover, headers=ODENSE)
    assert second.status_code == 200, second.text

    steps = http.get(f"/cases/{case_id}", headers=AARHUS).json()["coordination"]
    assert [(s["step"], s["by"]["person_id"]) for s in steps] == [
        ("school_contacted", "ssp-mette"),
        ("ssp_team_contacted", "ssp-ole"),
    ]
    version = running.app.repository.get(case_id).version
    bad = http.post(
        f"/cases/{case_id}/coordination-steps", json={**step, "step": "gossip"}, headers=AARHUS
    )
    assert bad.status_code == 422 and "step" in bad.text
    not_theirs = http.post(f"/cases/{uuid.uuid4()}/coordination-steps", json=step, headers=ODENSE)
    assert not_theirs.status_code == 404
    steps_after = http.get(f"/cases/{case_id}", headers=AARHUS).json()["coordination"]
    assert len(steps_after) == 2, "a refused step records nothing"
    assert running.app.repository.get(case_id).version == version, "the file is unchanged"
