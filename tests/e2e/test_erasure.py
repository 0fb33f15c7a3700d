"""Erasing a case destroys its keys in every service; the audit chain still verifies."""

from __future__ import annotations

import uuid

import pytest

from infra.event_store import store_env
from infra.keyring import DataKeys, KeyDestroyed
from infra.store_sql import StoreSql
from services.audit_cli import open_store
from services.school.application import SchoolApplication
from tests.identities import SCHOOL_STAFF
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def test_an_erased_case_is_gone_everywhere_and_the_chain_still_verifies(
    system: System, store: str
) -> None:
    system.start()
    marker = uuid.uuid4().hex[:10]
    erased = system.report_case(description=f"Beskrivelse {marker}")
    kept = system.report_case(description="Another case, to keep")
    notification_id = system.notify_police(erased)
    system.notify_police(kept)
    wait_until("both in the police inbox", lambda: len(system.police_inbox()) == 2)
    system.acknowledge(notification_id)
    wait_until("both at SSP", lambda: len(system.ssp_overview()) == 2)

    url = f"{system.url('school')}/cases/{erased}/erasure"
    done = system.http.post(url, json={"reason": "GDPR art. 17 request"}, headers=SCHOOL_STAFF)
    assert done.status_code == 200, done.text

    gone = system.http.get(f"{system.url('school')}/cases/{erased}", headers=SCHOOL_STAFF)
    assert gone.status_code == 410
    assert gone.json()["reason"] == "GDPR art. 17 request"
    again = system.http.post(url, json={"reason": "again"}, headers=SCHOOL_STAFF)
    assert again.status_code == 410, "erasing twice changes nothing"
    unknown = system.http.post(
        f"{system.url('school')}/cases/{uuid.uuid4()}/erasure",
        json={"reason": "x"},
        headers=SCHOOL_STAFF,
    )
    assert unknown.status_code == 404

    wait_until("SSP to drop it", lambda: [c["case_id"] for c in system.ssp_overview()] == [kept])
    wait_until(
        "the police to drop it",
        lambda: [n["case_id"] for n in system.police_inbox()] == [kept],
    )
    assert system.school_case(kept)["description"] == "Another case, to keep"
    system.stop()

    for service in ("school", "ssp", "police_liaison"):
        recorder, _ = open_store(system.settings, service)
        keys = DataKeys([bytes(32)])
        keys.bind(StoreSql(recorder))
        assert keys.is_destroyed(f"case:{erased}"), f"{service} still holds the case's key"
        assert not keys.is_destroyed(f"case:{kept}")
        verified = system.samspil("audit", "verify", "--service", service)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        raw = b"".join(bytes(n.state) for n in recorder.select_notifications(0, 100_000))
        if store == "sqlite":
            raw += (system.settings.service_dir(service) / "events.sqlite").read_bytes()
        assert marker.encode() not in raw

    school = SchoolApplication(store_env(system.settings, "school"), system.settings)
    with pytest.raises(KeyDestroyed):
        school.data_keys.key(f"case:{erased}", create=False)
    history = school.history(uuid.UUID(erased))
    assert history and all(type(e).__name__ == "ErasedRecord" for e in history)
    assert school.get_case(uuid.UUID(kept)).description == "Another case, to keep"
    school.close()
