"""Erasing a case destroys its keys in every service; the audit chain still verifies."""

from __future__ import annotations

import uuid

import pytest

from contracts.sealed import case_transport_key
from infra.encryption import service_keks
from infra.event_store import store_env
from infra.keyring import DataKeys, KeyDestroyed
from infra.settings import ServiceName, Settings
from infra.store_sql import StoreSql
from services.cli.audit import open_store
from services.school.application import SchoolApplication
from tests.identities import DPO
from tests.system import System, wait_until
from tests.what_is_kept import (
    all_held_keys,
    every_message,
    held_keys,
    opened,
    pg_dump,
    readable_store_content,
)

DPO_TOKEN = DPO["Authorization"].removeprefix("Bearer ")

pytestmark = pytest.mark.e2e


def data_keys(settings: Settings, service: ServiceName) -> DataKeys:
    """The service's keyring, read from its store as it was left."""
    recorder, _ = open_store(settings, service)
    keys = DataKeys(service_keks(settings, service))
    keys.bind(StoreSql(recorder))
    return keys


def test_an_erased_case_is_gone_everywhere_and_the_chain_still_verifies(
    system: System, store: str
) -> None:
    system.start()
    marker = uuid.uuid4().hex[:10]
    institution, pupil = f"Skolen ved {marker}", f"Mads Nielsen-{marker}"
    description = f"{pupil} (14) is pressed for more images by an unknown profile."
    erased = system.report_case(institution=institution, description=description)
    kept_marker = uuid.uuid4().hex[:10]
    kept = system.report_case(description=f"Another case, to keep {kept_marker}")
    notification_id = system.notify_police(erased)
    system.notify_police(kept)
    wait_until("both in the police inbox", lambda: len(system.police_inbox()) == 2)
    system.acknowledge(notification_id)
    wait_until("both at SSP", lambda: len(system.ssp_overview()) == 2)
    wait_until(
        "the acknowledgement at the school",
        lambda: system.http.get(
            f"{system.url('school')}/cases/{erased}", headers=system.staff_of(erased)
        ).json()["police_notifications"][0]["acknowledged"],
    )

    erase = ["erase", erased, "--reason", "GDPR art. 17 request", "--token", DPO_TOKEN]
    done = system.samspil(*erase)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Case {erased} erased" in done.stdout

    gone = system.http.get(
        f"{system.url('school')}/cases/{erased}", headers=system.staff_of(erased)
    )
    assert gone.status_code == 410
    assert gone.json()["reason"] == "GDPR art. 17 request"
    again = system.samspil(*erase)
    assert again.returncode == 1 and "was erased on" in again.stdout, (
        "erasing twice changes nothing"
    )
    unknown = system.samspil("erase", str(uuid.uuid4()), "--reason", "x", "--token", DPO_TOKEN)
    assert unknown.returncode == 1 and "not found" in unknown.stdout

    wait_until("SSP to drop it", lambda: [c["case_id"] for c in system.ssp_overview()] == [kept])
    wait_until(
        "the police to drop it",
        lambda: [n["case_id"] for n in system.police_inbox()] == [kept],
    )
    assert system.school_case(kept)["description"] == f"Another case, to keep {kept_marker}"
    system.stop()

    secrets = [marker.encode(), institution.encode(), pupil.encode(), description.encode()]

    # The topics: nothing in clear, and no key left anywhere opens the case's messages.
    messages = every_message(system.settings.kafka_bootstrap)
    keys = all_held_keys(system.settings)
    assert not [m.topic for m in messages if any(s in m.raw for s in secrets)]
    of_erased = [m for m in messages if m.sealed and m.sealed.key_id == case_transport_key(erased)]
    assert len(of_erased) >= 3, "the report, the police notification and the acknowledgement"
    assert not [m.sealed for m in of_erased if opened(m, keys)]
    still_open = b"".join(content for m in messages for content in opened(m, keys))
    assert kept_marker.encode() in still_open, "the other case's messages still open"
    assert not [s for s in secrets if s in still_open]

    for service in ("school", "ssp", "police_liaison"):
        held = held_keys(system.settings, service)
        assert f"case:{erased}" not in held and case_transport_key(erased) not in held
        keyring = data_keys(system.settings, service)
        assert keyring.is_destroyed(f"case:{erased}"), f"{service} did not destroy the case key"
        assert keyring.is_destroyed(case_transport_key(erased)), service
        assert not keyring.is_destroyed(f"case:{kept}")
        assert f"case:{kept}" in held, f"{service} lost the other case's key"
        verified = system.samspil("audit", "verify", "--service", service)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        readable = readable_store_content(system.settings, service).encode()
        assert not [s for s in secrets if s in readable], f"{service} still reads the case"
        if store == "sqlite":
            raw = b"".join(
                path.read_bytes()
                for path in system.settings.service_dir(service).glob("events.sqlite*")
            )
        else:
            schema = f"{system.settings.database_schema_prefix}_{service}"
            raw = pg_dump(system.settings.database_url, schema).encode()
            assert b"samspil_data_keys" in raw, "the dump holds the store"
        assert not [s for s in secrets if s in raw], f"{service}'s store holds it in clear"

    school = SchoolApplication(store_env(system.settings, "school"), system.settings)
    with pytest.raises(KeyDestroyed):
        school.data_keys.key(f"case:{erased}", create=False)
    history = school.history(uuid.UUID(erased))
    assert history and all(type(e).__name__ == "ErasedRecord" for e in history)
    assert school.get_case(uuid.UUID(kept)).description == f"Another case, to keep {kept_marker}"
    school.close()
