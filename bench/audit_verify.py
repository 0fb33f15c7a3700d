"""How long ``samspil audit verify`` takes per 100,000 records.

A SQLite store is filled with records shaped like Samspil's (encrypted state of
about a case event's size), chained, and checkpointed. Verification reads every
record, recomputes the chain and checks the checkpoints. The baseline, measured
in the same run, is what verification cannot avoid: reading the same records once.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from eventsourcing.persistence import InfrastructureFactory, ProcessRecorder, StoredEvent

from infra.audit_chain import ChainStore, SigningKey, extend_chain
from infra.audit_verify import stored_records, verify_store
from infra.store_sql import StoreSql

STATE_BYTES = 400
"""About the size of an encrypted case event."""


@dataclass(frozen=True)
class VerifyResult:
    records: int
    verify_seconds: float
    read_seconds: float

    @property
    def per_100k(self) -> float:
        return self.verify_seconds * 100_000 / self.records

    @property
    def read_per_100k(self) -> float:
        return self.read_seconds * 100_000 / self.records


def _fill(recorder: ProcessRecorder, records: int) -> None:
    batch = []
    for index in range(records):
        batch.append(
            StoredEvent(
                originator_id=uuid.uuid4(),
                originator_version=1,
                topic="domain.case:Case.Reported",
                state=os.urandom(STATE_BYTES),
            )
        )
        if len(batch) == 5000 or index == records - 1:
            recorder.insert_events(batch)
            batch = []


def run(records: int = 100_000) -> VerifyResult:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(tmp) / "events.sqlite"),
            "SINGLE_ROW_TRACKING": "n",
        }
        recorder: ProcessRecorder = InfrastructureFactory.construct(env).process_recorder()
        _fill(recorder, records)
        chain = ChainStore(StoreSql(recorder))
        for page in stored_records(recorder):
            extend_chain(chain, page)
        key = SigningKey(Path(tmp) / "signing.key")
        position, head = chain.head()
        chain.keep(key.sign("school", position, head.hex()))

        started = time.perf_counter()
        for _ in stored_records(recorder):
            pass
        read_seconds = time.perf_counter() - started

        started = time.perf_counter()
        problems = verify_store(recorder, chain, service="school", public_key=key.public_key)
        verify_seconds = time.perf_counter() - started
        if problems:
            raise AssertionError(f"an untouched store failed to verify: {problems[0]}")
        return VerifyResult(records, verify_seconds, read_seconds)
