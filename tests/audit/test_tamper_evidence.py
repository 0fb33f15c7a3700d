"""Any tampering with a store is detected, and the first affected record is named.

Property-based: Hypothesis picks the kind of tampering and where, on SQLite and on
PostgreSQL, against a real encrypted store with a chain and a signed checkpoint.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra.audit_chain import ChainStore, SigningKey, extend_chain
from infra.audit_verify import stored_records, verify_store
from infra.event_store import store_env
from infra.key_exchange import TrustDirectory
from infra.settings import Settings
from infra.store_sql import StoreSql
from services.cli.audit import open_store, verify
from services.school.application import SchoolApplication
from tests.builders import HEAD, OFFICER, TEACHER

RECORDS_PER_CASE = 8
"""Reported (the case, its place in the school's listing, its clock started and the
parents' deadline set), parents informed (and that deadline met), notified (and the
acknowledgement's deadline set)."""
CASES = 8
TOTAL = CASES * RECORDS_PER_CASE + 1  # and the school's listing, started with its first case


@contextmanager
def a_chained_store(
    kind: str, directory: Path, postgres_url: str | None, deployment: str = "school"
) -> Iterator[tuple[SchoolApplication, ChainStore, StoreSql, SigningKey]]:
    prefix = f"t{uuid.uuid4().hex[:10]}"
    config = Settings(
        _env_file=None,
        data_dir=directory,
        database_url=postgres_url if kind == "postgres" else "",
        database_schema_prefix=prefix,
    )
    app = SchoolApplication(store_env(config, "school"), config)
    try:
        for _ in range(CASES):
            case = app.report_case(
                institution="Skolen",
                municipality="Aarhus",
                police_district="oestjylland",
                offence_category="grooming",
                victim_is_minor=True,
                description="Groomed online.",
                actor=TEACHER,
            )
            app.act(case.id, lambda c: c.inform_parents(actor=HEAD))
            app.act(case.id, lambda c: c.notify_police(actor=TEACHER))
        chain = ChainStore(app.store_sql)
        for page in stored_records(app.recorder):
            extend_chain(chain, page)
        key = SigningKey(directory / f"{prefix}-signing.key")
        position, head = chain.head()
        chain.keep(key.sign(deployment, position, head.hex()))
        yield app, chain, app.store_sql, key
    finally:
        app.close()
        if kind == "postgres" and postgres_url:
            with psycopg.connect(postgres_url, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA IF EXISTS "{prefix}_school" CASCADE')


class Tamper:
    """Raw writes an intruder with database access could make."""

    def __init__(self, sql: StoreSql) -> None:
        self.sql = sql
        self.id = "rowid" if sql.dialect == "sqlite" else "notification_id"
        self.table = "{schema}" + sql.events_table

    def row(self, position: int) -> tuple[object, ...]:
        row = self.sql.fetchone(
            f"SELECT originator_id, originator_version, topic, state FROM {self.table} "
            f"WHERE {self.id} = {{p}}",
            (position,),
        )
        assert row is not None
        return row

    def change_byte(self, position: int, offset: int) -> None:
        state = bytearray(self.row(position)[3])  # type: ignore[arg-type]
        state[offset % len(state)] ^= 0x01
        self.sql.execute(
            f"UPDATE {self.table} SET state = {{p}} WHERE {self.id} = {{p}}",
            (bytes(state), position),
        )

    def delete(self, position: int) -> None:
        self.sql.execute(f"DELETE FROM {self.table} WHERE {self.id} = {{p}}", (position,))

    def swap(self, a: int, b: int) -> None:
        row_a, row_b = self.row(a), self.row(b)
        for position, parking in ((a, -1), (b, -2)):
            self.sql.execute(
                f"UPDATE {self.table} SET originator_version = {{p}} WHERE {self.id} = {{p}}",
                (parking, position),
            )
        for position, row in ((a, row_b), (b, row_a)):
            self.sql.execute(
                f"UPDATE {self.table} SET originator_id = {{p}}, originator_version = {{p}}, "
                f"topic = {{p}}, state = {{p}} WHERE {self.id} = {{p}}",
                (*row, position),
            )

    def insert_replay(self, position: int, of: int) -> None:
        """Renumber the records from ``position`` on and put a replayed copy there."""
        originator_id, version, topic, state = self.row(of)
        shift = 1_000_000
        self.sql.execute(
            f"UPDATE {self.table} SET {self.id} = {self.id} + {shift} WHERE {self.id} >= {{p}}",
            (position,),
        )
        self.sql.execute(
            f"UPDATE {self.table} SET {self.id} = {self.id} - {shift - 1} "
            f"WHERE {self.id} >= {shift}"
        )
        self.sql.execute(
            f"INSERT INTO {self.table} "
            f"({self.id}, originator_id, originator_version, topic, state) "
            "VALUES ({p}, {p}, {p}, {p}, {p})",
            (position, originator_id, int(version) + 1000, topic, state),  # type: ignore[call-overload]
        )

    def forge_checkpoint(self) -> None:
        self.sql.execute("UPDATE {schema}samspil_checkpoints SET chain_hash = {p}", ("00" * 32,))


TAMPERINGS = st.one_of(
    st.tuples(st.just("change"), st.integers(1, TOTAL), st.integers(0, 10_000)),
    st.tuples(st.just("delete"), st.integers(1, TOTAL), st.just(0)),
    st.tuples(st.just("swap"), st.integers(1, TOTAL), st.integers(1, TOTAL)).filter(
        lambda t: t[1] != t[2]
    ),
    st.tuples(st.just("insert"), st.integers(2, TOTAL - 1), st.integers(1, TOTAL)),
    st.tuples(st.just("forge"), st.just(TOTAL), st.just(0)),
)
EXPECTED_KIND = {
    "change": "changed",
    "delete": "missing",
    "swap": "reordered",
    "insert": "inserted",
    "forge": "bad signature",
}


def check_detected(kind: str, tmp: Path, url: str | None, tampering: tuple[str, int, int]) -> None:
    operation, k, j = tampering
    with a_chained_store(kind, tmp / uuid.uuid4().hex, url) as (app, _, sql, key):
        assert verify_store(app.recorder, deployment="school", public_key=key.public_key) == []
        tamper = Tamper(sql)
        {
            "change": lambda: tamper.change_byte(k, j),
            "delete": lambda: tamper.delete(k),
            "swap": lambda: tamper.swap(k, j),
            "insert": lambda: tamper.insert_replay(k, j),
            "forge": tamper.forge_checkpoint,
        }[operation]()
        problems = verify_store(app.recorder, deployment="school", public_key=key.public_key)
        assert problems, f"{operation} at {k} went unnoticed"
        first = problems[0]
        assert first.kind == EXPECTED_KIND[operation], problems
        assert first.notification_id == (min(k, j) if operation == "swap" else k), problems


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tampering=TAMPERINGS)
def test_every_tampering_of_a_sqlite_store_is_named(
    tmp_path: Path, tampering: tuple[str, int, int]
) -> None:
    check_detected("sqlite", tmp_path, None, tampering)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tampering=TAMPERINGS)
def test_every_tampering_of_a_postgres_store_is_named(
    tmp_path: Path, postgres_url: str, tampering: tuple[str, int, int]
) -> None:
    check_detected("postgres", tmp_path, postgres_url, tampering)


def test_an_untouched_store_verifies_and_keeps_verifying_as_it_grows(tmp_path: Path) -> None:
    with a_chained_store("sqlite", tmp_path, None) as (app, chain, _, key):
        case = app.report_case(
            institution="Skolen",
            municipality="Aarhus",
            police_district="oestjylland",
            offence_category="grooming",
            victim_is_minor=False,
            description="x",
            actor=OFFICER,
        )
        assert case.version == 1
        assert verify_store(app.recorder, deployment="school", public_key=key.public_key) == []
        for page in stored_records(app.recorder):
            extend_chain(chain, page)
        assert chain.head()[0] == TOTAL + 2  # the new case and its place in the listing
        assert verify_store(app.recorder, deployment="school", public_key=key.public_key) == []


def test_a_checkpoint_signed_with_another_key_is_refused(tmp_path: Path) -> None:
    with a_chained_store("sqlite", tmp_path, None) as (app, chain, _, key):
        intruder = SigningKey(tmp_path / "intruder.key")
        position, head = chain.head()
        chain.keep(intruder.sign("school", position - 1, head.hex()))
        problems = verify_store(app.recorder, deployment="school", public_key=key.public_key)
        assert [(p.notification_id, p.kind) for p in problems] == [(position - 1, "bad signature")]


def test_a_store_rewritten_with_its_own_key_is_caught_by_a_peers_copy(tmp_path: Path) -> None:
    with a_chained_store("sqlite", tmp_path, None) as (app, chain, sql, key):
        shared = chain.checkpoints("school")  # what the other services received
        Tamper(sql).change_byte(5, 100)  # in the ciphertext: the envelope still names its key
        # The intruder also rebuilds the chain and re-signs with the service's own key.
        sql.execute("DELETE FROM samspil_chain")
        sql.execute("DELETE FROM samspil_checkpoints")
        for page in stored_records(app.recorder):
            extend_chain(chain, page)
        position, head = chain.head()
        chain.keep(key.sign("school", position, head.hex()))
        alone = verify_store(app.recorder, deployment="school", public_key=key.public_key)
        assert alone == [], "on its own, a consistent rewrite with the real key looks intact"
        problems = verify_store(
            app.recorder,
            deployment="school",
            public_key=key.public_key,
            peer_checkpoints=[("ssp", c) for c in shared],
        )
        assert [(p.notification_id, p.kind) for p in problems] == [(TOTAL, "rewritten")]
        assert "checkpoint kept by ssp" in problems[0].detail


def test_a_deployments_store_is_verified_against_the_copies_of_its_own_chain_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two school deployments number their chains from 1: the copies a peer keeps of the
    other's never count for or against this one's store, nor do the copies it keeps."""
    gentofte, frederiksberg = "school.gentofte", "school.frederiksberg"
    config = Settings(_env_file=None, data_dir=tmp_path, deployment_id=gentofte)
    with a_chained_store("sqlite", tmp_path, None, gentofte) as (app, chain, sql, key):
        TrustDirectory(config.trust_path()).publish(gentofte, key)
        position, _ = chain.head()
        neighbour = SigningKey(tmp_path / "frederiksberg.key")
        theirs = neighbour.sign(frederiksberg, position, os.urandom(32).hex())
        chain.keep(theirs)  # a school keeps its kind's other deployments' checkpoints too
        _, ssp = open_store(config, "ssp")
        for copy in (*chain.checkpoints(gentofte), theirs):
            ssp.keep(copy)

        assert verify(config, "school") == 0
        verdict = f"{gentofte}: intact — {TOTAL} records, 1 own checkpoints, 1 copies kept"
        assert verdict in capsys.readouterr().out
        with pytest.raises(ValueError, match=frederiksberg):
            verify_store(
                app.recorder,
                deployment=gentofte,
                public_key=key.public_key,
                peer_checkpoints=[("ssp", theirs)],
            )

        Tamper(sql).change_byte(5, 100)  # and re-signed with the deployment's own key
        sql.execute("DELETE FROM samspil_chain")
        sql.execute("DELETE FROM samspil_checkpoints WHERE service = {p}", (gentofte,))
        for page in stored_records(app.recorder):
            extend_chain(chain, page)
        position, head = chain.head()
        chain.keep(key.sign(gentofte, position, head.hex()))
        assert verify(config, "school") == 1
        out = capsys.readouterr().out
        assert f"{gentofte}: NOT intact. First broken" in out
        assert "rewritten" in out and f"what {gentofte} signed" in out and "kept by ssp" in out
