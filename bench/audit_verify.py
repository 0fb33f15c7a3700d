"""How long ``samspil audit verify`` takes: per 100,000 records, and for a million.

A SQLite store is filled with records shaped like Samspil's: sealed envelopes of
about a case event's size, about ten to a case, each case with its data key; one
record in four a receipt of an applied upstream message, with its tracking row; one
case in a hundred erased (its key destroyed, its erasure record kept). The store is
chained as the chain keeper does it and checkpointed. Verification then checks the
whole of it: every record against the chain, the checkpoint, every record's key,
and the tracking rows against the receipts.

The baseline, measured in the same run, is what verification cannot avoid: reading
the same records once, as the library reads them (``stored_records``). The floor
beside it is reading them as bare rows, the way the verifier itself reads them.
Each figure is the best of two rounds, the three taken in turn, on a warm cache.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventsourcing.persistence import InfrastructureFactory, Notification, ProcessRecorder
from eventsourcing.utils import get_topic

from domain.erasure import Erasure
from infra.audit_chain import ChainStore, SigningKey, extend_chain
from infra.audit_verify import stored_records, verify_store
from infra.receipts import RECEIPTS_KEY, Receipt, receipt_id, receipt_position
from infra.store_scan import snapshot
from infra.store_sql import StoreSql

STATE_BYTES = 400
"""About the size of an encrypted case event."""
RECORDS_PER_CASE = 10
RECEIPT_SHARE = 4
"""One record in this many is a receipt."""
ERASED_SHARE = 100
"""One case in this many is erased."""
BATCH = 5000
ROUNDS = 2
TARGET_RATIO = 1.5
TARGET_MILLION_SECONDS = 10.0

_CASE_TOPIC = "domain.case:Case.Reported"
_RECEIPT_TOPIC = get_topic(Receipt.Recorded)
_ERASURE_TOPIC = get_topic(Erasure.Recorded)


@dataclass(frozen=True)
class VerifyResult:
    records: int
    verify_seconds: float
    read_seconds: float
    """Reading the records once through the library: the baseline."""
    rows_seconds: float
    """Reading them as bare rows: the floor under any verifier."""

    @property
    def per_100k(self) -> float:
        return self.verify_seconds * 100_000 / self.records

    @property
    def read_per_100k(self) -> float:
        return self.read_seconds * 100_000 / self.records

    @property
    def ratio(self) -> float:
        return self.verify_seconds / self.read_seconds

    @property
    def per_million(self) -> float:
        return self.verify_seconds * 1_000_000 / self.records

    @property
    def met(self) -> bool:
        return self.ratio <= TARGET_RATIO and self.per_million < TARGET_MILLION_SECONDS


def _sealed(key_id: str) -> bytes:
    name = key_id.encode()
    return b"SK1" + len(name).to_bytes(2, "big") + name + os.urandom(STATE_BYTES)


@dataclass
class _Filler:
    """Writes the records in batches, straight into the library's tables."""

    sql: StoreSql
    chain: ChainStore
    position: int = 0
    cases: int = 0
    receipts: int = 0
    keys: list[tuple[str, bytes | None]] = field(default_factory=list)
    """Key rows to write with the next batch, in order (a destroyed key comes last)."""

    def records(self, total: int) -> Iterator[tuple[uuid.UUID, int, str, bytes]]:
        chance = random.Random(7)
        case, version, erased = uuid.uuid4(), 0, False
        while self.position < total:
            self.position += 1
            if chance.randrange(RECEIPT_SHARE) == 0:
                self.receipts += 1
                yield receipt_id("school", self.receipts), 1, _RECEIPT_TOPIC, _sealed(RECEIPTS_KEY)
            elif version == RECORDS_PER_CASE and self.cases % ERASED_SHARE == 0 and not erased:
                erasure, erased = Erasure.create_id(case), True
                self.keys += [(f"aggregate:{erasure}", os.urandom(60)), (f"case:{case}", None)]
                yield erasure, 1, _ERASURE_TOPIC, _sealed(f"aggregate:{erasure}")
            else:
                if version == RECORDS_PER_CASE:
                    case, version, erased = uuid.uuid4(), 0, False
                if version == 0:
                    self.cases += 1
                    self.keys.append((f"case:{case}", os.urandom(60)))
                version += 1
                yield case, version, _CASE_TOPIC, _sealed(f"case:{case}")

    def _keep_keys(self) -> None:
        rows, self.keys = self.keys, []
        self.sql.executemany(
            "INSERT INTO samspil_data_keys (key_id, wrapped, kek) VALUES ({p}, {p}, 'k') "
            "ON CONFLICT (key_id) DO UPDATE SET wrapped = excluded.wrapped",
            rows,
        )

    def fill(self, total: int) -> None:
        self.keys.append((RECEIPTS_KEY, os.urandom(60)))
        batch: list[tuple[uuid.UUID, int, str, bytes]] = []
        first = 1
        for record in self.records(total):
            batch.append(record)
            if len(batch) == BATCH or self.position == total:
                self._write(first, batch)
                first += len(batch)
                batch = []

    def _write(self, first: int, batch: list[tuple[uuid.UUID, int, str, bytes]]) -> None:
        self._keep_keys()
        self.sql.executemany(
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES ({p}, {p}, {p}, {p})",
            [(o.hex, v, t, s) for o, v, t, s in batch],
        )
        receipts = [o for o, _, t, _ in batch if t == _RECEIPT_TOPIC]
        self.sql.executemany(
            "INSERT INTO tracking (application_name, notification_id) VALUES ({p}, {p})",
            [("school", receipt_position(o.int)) for o in receipts],
        )
        stored = [
            Notification(id=first + i, originator_id=o, originator_version=v, topic=t, state=s)
            for i, (o, v, t, s) in enumerate(batch)
        ]
        extend_chain(self.chain, stored)  # as the chain keeper does it


def _timed(run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _read(recorder: ProcessRecorder) -> None:
    for _ in stored_records(recorder):
        pass


def _verify_untouched(recorder: ProcessRecorder, public_key: str) -> None:
    problems = verify_store(recorder, deployment="school", public_key=public_key)
    if problems:
        raise AssertionError(f"an untouched store failed to verify: {problems[0]}")


def _read_rows(recorder: ProcessRecorder) -> None:
    with snapshot(recorder) as snap:
        for _ in snap.pages(f"SELECT rowid, * FROM {snap.events} ORDER BY rowid"):
            pass


def run(records: int = 100_000) -> VerifyResult:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(Path(tmp) / "events.sqlite"),
            "SINGLE_ROW_TRACKING": "n",
        }
        recorder: ProcessRecorder = InfrastructureFactory.construct(env).process_recorder()
        sql = StoreSql(recorder)
        sql.execute(
            "CREATE TABLE samspil_data_keys (key_id TEXT PRIMARY KEY, wrapped BLOB, "
            "kek TEXT NOT NULL)"
        )
        chain = ChainStore(sql)
        _Filler(sql, chain).fill(records)
        if recorder.max_notification_id() != records or chain.head()[0] != records:
            raise AssertionError("the store was not filled as planned")
        key = SigningKey(Path(tmp) / "signing.key")
        position, head = chain.head()
        chain.keep(key.sign("school", position, head.hex()))

        read_seconds = rows_seconds = verify_seconds = float("inf")
        for _ in range(ROUNDS):  # each the best of its rounds, taken in turn on a warm cache
            rows_seconds = min(rows_seconds, _timed(lambda: _read_rows(recorder)))
            read_seconds = min(read_seconds, _timed(lambda: _read(recorder)))
            verify_seconds = min(
                verify_seconds,
                _timed(lambda: _verify_untouched(recorder, key.public_key)),
            )
        recorder.datastore.close()  # type: ignore[attr-defined]
        return VerifyResult(records, verify_seconds, read_seconds, rows_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_verify", description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000, help="(default: %(default)s)")
    result = run(parser.parse_args().records)
    print(
        f"{result.records:,} records: verify {result.verify_seconds:.2f} s, read once"
        f" {result.read_seconds:.2f} s (as bare rows {result.rows_seconds:.2f} s);"
        f" {result.ratio:.2f}× the read; {result.per_100k:.2f} s per 100,000 records,"
        f" {result.per_million:.1f} s per million"
        f" — targets ≤ {TARGET_RATIO}× and < {TARGET_MILLION_SECONDS:.0f} s:"
        f" {'met' if result.met else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
