"""`samspil audit`: an intact store verifies, tampering is named, and a case can be exported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from infra.audit_chain import ChainStore, SigningKey, extend_chain
from infra.audit_verify import stored_records
from infra.store_sql import StoreSql
from services.cli.audit import open_store
from tests.identities import OTHER_SCHOOL
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def _peers_hold_school_checkpoint(system: System) -> bool:
    school_head = open_store(system.settings, "school")[1].head()[0]
    copies = [
        open_store(system.settings, peer)[1].latest_checkpoint("school")
        for peer in ("ssp", "police_liaison")
    ]
    return bool(school_head) and all(c and c.notification_id >= school_head for c in copies)


def test_verify_export_and_tampering_over_a_running_system(
    sqlite_system: System, tmp_path: Path
) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case()
    system.notify_police(case_id)
    wait_until("the police inbox", lambda: system.police_inbox())
    system.http.get(f"{system.url('school')}/cases/{case_id}", headers=OTHER_SCHOOL)
    wait_until(
        "the other services to keep school's checkpoint",
        lambda: _peers_hold_school_checkpoint(system),
    )
    system.stop()

    for service in ("ssp", "police_liaison", "school"):
        verified = system.samspil("audit", "verify", "--service", service)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert "intact" in verified.stdout
    assert (
        "2 copies kept by other services"
        in system.samspil("audit", "verify", "--service", "school").stdout
        or "copies kept by other services"
        in system.samspil("audit", "verify", "--service", "school").stdout
    )

    exported = system.samspil("audit", "export", case_id, "--out", str(tmp_path))
    assert exported.returncode == 0, exported.stderr
    chronology = json.loads((tmp_path / f"case-{case_id}.json").read_text())
    assert [e["event"] for e in chronology["events"]] == ["Reported", "PoliceNotified"]
    assert chronology["events"][0]["actor"]["role"] == "ledelse"
    refused = [a for a in chronology["accesses"] if not a["allowed"]]
    assert refused and refused[0]["actor"]["organisation"] == "Gentofte Skole"
    html = (tmp_path / f"case-{case_id}.html").read_text()
    assert "PoliceNotified" in html and "Gentofte Skole" in html and "refused" in html

    database = system.settings.service_dir("school") / "events.sqlite"
    with sqlite3.connect(database) as connection:
        (state,) = connection.execute("SELECT state FROM stored_events WHERE rowid = 2").fetchone()
        changed = bytes([state[0] ^ 1]) + state[1:]
        connection.execute("UPDATE stored_events SET state = ? WHERE rowid = 2", (changed,))
    tampered = system.samspil("audit", "verify", "--service", "school")
    assert tampered.returncode == 1
    assert "First broken record 2: changed" in tampered.stdout


def test_a_school_store_rewritten_with_its_own_key_is_caught_by_the_other_services(
    sqlite_system: System,
) -> None:
    system = sqlite_system
    system.start()
    case_id = system.report_case()
    system.notify_police(case_id)
    wait_until(
        "the other services to keep school's checkpoint",
        lambda: _peers_hold_school_checkpoint(system),
    )
    system.stop()

    recorder, _ = open_store(system.settings, "school")
    sql = StoreSql(recorder)
    (state,) = sql.fetchone("SELECT state FROM stored_events WHERE rowid = 1") or (b"",)
    sql.execute(
        "UPDATE stored_events SET state = {p} WHERE rowid = 1",
        (bytes([state[0] ^ 1]) + bytes(state)[1:],),
    )
    sql.execute("DELETE FROM samspil_chain")
    sql.execute("DELETE FROM samspil_checkpoints WHERE service = 'school'")
    rebuilt = ChainStore(sql)
    for page in stored_records(recorder):
        extend_chain(rebuilt, page)
    key = SigningKey(system.settings.service_dir("school") / "signing.key")
    position, head = rebuilt.head()
    rebuilt.keep(key.sign("school", position, head.hex()))

    verified = system.samspil("audit", "verify", "--service", "school")
    assert verified.returncode == 1, verified.stdout
    assert "rewritten" in verified.stdout
    assert "kept by ssp" in verified.stdout or "kept by police_liaison" in verified.stdout
