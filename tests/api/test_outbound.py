"""What the school puts on Kafka: sealed events only, the erasure notice included."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from contracts.registry import parse_event, parse_sealed
from contracts.sealed import case_transport_key, notices_transport_key
from infra.case_systems import sign_receipt
from infra.keyring import KeyDestroyed
from infra.sealing import unseal
from infra.settings import ServiceName
from services.kit.scheduler import Scheduler
from services.school.deadlines import TIMED
from services.school.outbound import case_event_translator
from tests.api.conftest import Built
from tests.case_systems import case_systems
from tests.identities import DPO, SCHOOL_STAFF
from tests.system import a_report


def test_every_published_event_is_sealed_and_a_dpo_erasure_is_announced(
    service: Callable[[ServiceName], Built],
) -> None:
    school, http = service("school")
    report = a_report(description="Sofie (13) was sent a fake profile's threats.")
    case_id = UUID(http.post("/cases", json=report, headers=SCHOOL_STAFF).json()["case_id"])
    http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)
    translate = case_event_translator(school.app)
    before = [translate(n) for n in school.app.recorder.select_notifications(0, 100)]
    sealed_before = [parse_sealed(m.value) for m in before if m is not None]
    assert [s.event_type for s in sealed_before] == ["CaseReported", "ParentsInformed"]
    assert {s.key_id for s in sealed_before} == {case_transport_key(case_id)}
    in_clear = [m.key.encode() + m.value + str(m.headers).encode() for m in before if m]
    assert not [m for m in in_clear if b"Frederiksberg Skole" in m or b"Sofie" in m]
    transport = school.app.data_keys.key(case_transport_key(case_id), create=False)
    opened = [unseal(s, transport) for s in sealed_before]
    assert b"Frederiksberg Skole" in opened[0], "sealed, not left out"
    assert not [o for o in opened if b"Sofie" in o], "the description stays at the school"

    erased = http.post(f"/cases/{case_id}/erasure", json={"reason": "retention"}, headers=DPO)
    assert erased.status_code == 200, erased.text
    after = []
    for notification in school.app.recorder.select_notifications(0, 100):
        with contextlib.suppress(KeyDestroyed):  # as the relay does: erased content stays unsent
            after.append(translate(notification))
    published = [parse_sealed(m.value) for m in after if m is not None]
    assert [s.event_type for s in published] == ["CaseErased"], "the case's own events are gone"
    notice = published[0]
    key = school.app.data_keys.key(notices_transport_key("school"), create=False)
    announced = parse_event(unseal(notice, key))
    assert (announced.case_id, announced.actor.role.value) == (case_id, "databeskyttelse")


def test_a_missed_deadline_and_its_late_meeting_cross_to_ssp_but_one_met_in_time_does_not(
    service: Callable[..., Built],
) -> None:
    school, http = service("school")
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    on_time = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    http.post(f"/cases/{on_time}/parents-informed", headers=SCHOOL_STAFF)
    later = datetime.now(UTC) + timedelta(days=10)
    Scheduler(school.app, TIMED, now=lambda: later).run_due()
    http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)  # late, after all
    translate = case_event_translator(school.app)
    sent = [translate(n) for n in school.app.recorder.select_notifications(0, 200)]
    events = [parse_sealed(m.value) for m in sent if m is not None]
    deadlines = [(e.event_type, e.case_id) for e in events if "Deadline" in e.event_type]
    assert deadlines == [("DeadlineMissed", case_id), ("OverdueDeadlineMet", case_id)]
    transport = school.app.data_keys.key(case_transport_key(case_id), create=False)
    missed = parse_event(
        unseal(next(e for e in events if e.event_type == "DeadlineMissed"), transport)
    )
    assert missed.kind == "parents_informed" and missed.actor is None


def test_a_kind_version_1_does_not_know_crosses_as_version_2_and_a_system_is_no_actor(
    service: Callable[..., Built], tmp_path: Path
) -> None:
    """The authority's missing receipt reaches SSP as DeadlineMissed v2; recorded late by
    the case system, it is cleared by OverdueDeadlineMet v2 naming no professional. The
    parents' deadline of the same case still crosses as version 1."""
    registered, private = case_systems(tmp_path / "case-systems", "Frederiksberg")
    school, http = service("school", case_system_keys=registered)
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    http.post(
        f"/cases/{case_id}/underretninger", json={"reason": "Forældrene"}, headers=SCHOOL_STAFF
    )
    later = datetime.now(UTC) + timedelta(days=20)
    Scheduler(school.app, TIMED, now=lambda: later).run_due()
    receipt = sign_receipt(private["Frederiksberg"], municipality="Frederiksberg", case_id=case_id)
    assert http.post("/integrations/underretning-receipts", json={"receipt": receipt}).is_success
    translate = case_event_translator(school.app)
    sent = [translate(n) for n in school.app.recorder.select_notifications(0, 200)]
    transport = school.app.data_keys.key(case_transport_key(case_id), create=False)
    crossed = [
        parse_event(unseal(e, transport))
        for e in (parse_sealed(m.value) for m in sent if m is not None)
        if "Deadline" in e.event_type
    ]
    seen = {(e.event_type, e.schema_version, e.kind.value) for e in crossed}
    assert ("DeadlineMissed", 1, "parents_informed") in seen
    assert ("DeadlineMissed", 2, "underretning_received") in seen
    assert ("OverdueDeadlineMet", 2, "underretning_received") in seen
    (met,) = [e for e in crossed if e.event_type == "OverdueDeadlineMet"]
    assert met.actor is None
