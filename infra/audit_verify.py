"""Verifying a store against its hash chain and signed checkpoints, without decryption keys.

Names the first broken record and what is wrong with it: changed, missing,
reordered, inserted, a checkpoint with a bad signature, or history rewritten
after it was signed (caught by the deployment's own checkpoints or by the copies
other deployments keep of them). It also covers what lies beside the chain: a data key
that went missing or was destroyed without an erasure, and a tracking row that
went missing (or was added) without its receipt.

Everything is read in one snapshot, in one pass over the records joined with their
chain links, in order: on an intact store each record costs its two hashes and a
look at the key it names, and nothing is held per record. Whatever breaks the
chain is set aside and classified afterwards (``infra.audit_classify``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification

from infra.audit_chain import (
    CHAIN_HEAD,
    CHAIN_TABLE,
    CHECKPOINTS_OF,
    GENESIS,
    LENGTH,
    ChainStore,
    Checkpoint,
    checkpoint_of,
)
from infra.audit_classify import ChainWalk, checkpoint_problems, classify
from infra.audit_keys import KeyCheck, KeyNote
from infra.audit_problems import Problem, ProblemKind
from infra.audit_tracking import tracking_problems
from infra.keyring import KEY_STATES, KEYS_TABLE
from infra.settings import SERVICES
from infra.store_scan import StoreSnapshot, snapshot
from infra.store_sql import StoreSql

__all__ = ["Problem", "ProblemKind", "stored_records", "verify_store"]

_ENVELOPE = b"SK1"
_ID_LENGTH = LENGTH(36)
"""The length prefix of an originator id: a UUID, 36 characters in its canonical text."""


def stored_records(
    recorder: ApplicationRecorder,
    batch: int = 2000,
    after: int = 0,
    topics: Sequence[str] = (),
) -> Iterator[Sequence[Notification]]:
    """The store's records in insertion order, page by page, after position ``after``
    (only events of ``topics``, if given)."""
    start = after
    while True:
        page = recorder.select_notifications(start, batch, inclusive_of_start=False, topics=topics)
        if not page:
            return
        yield page
        start = page[-1].id


def verify_store(
    recorder: ApplicationRecorder,
    *,
    deployment: str,
    public_key: str | None,
    peer_checkpoints: Sequence[tuple[str, Checkpoint]] = (),
    progress: Callable[[int], None] | None = None,
) -> list[Problem]:
    """Every problem found, first broken record first. Empty when the store is intact.

    ``deployment`` is the one whose store this is (``school.gentofte``; a bare kind for
    the one deployment of its kind): only its own checkpoints are checked here, never
    the copies this store keeps of other deployments'. ``peer_checkpoints`` are
    (holder, checkpoint) pairs: copies of this deployment's checkpoints kept by other
    deployments. Read them before calling, so that none is newer than the snapshot
    verified here.
    """
    others = sorted({c.deployment for _, c in peer_checkpoints} - {deployment})
    if others:  # one deployment's copies say nothing of another's chain, both from 1
        raise ValueError(f"copies of {', '.join(others)} given to verify {deployment}")
    ChainStore(StoreSql(recorder))  # a store never chained verifies as one with no links
    with snapshot(recorder) as snap:
        own = [
            ("this store", checkpoint_of(row)) for row in snap.rows(CHECKPOINTS_OF, (deployment,))
        ]
        signed = [*own, *peer_checkpoints]
        reading = _Reading(snap, {c.notification_id for _, c in signed})
        walk, keys = reading.walk([], progress)
        if reading.links_without_record:  # the rare, slow case: walk again, knowing which
            missing = [(int(p), bytes(d), bytes(h)) for p, d, h in snap.rows(_missing_links(snap))]
            walk, keys = reading.walk(missing, None)
        problems = [
            *walk.problems,
            *classify(snap, walk),
            *keys.problems(),
            *tracking_problems(snap, SERVICES),
        ]
    key = public_key or (own[0][1].public_key if own else None)
    problems += checkpoint_problems(signed, walk.actual_at, deployment=deployment, public_key=key)
    return sorted(set(problems))


class _Reading:
    """What one walk over the records needs from the snapshot, read once."""

    def __init__(self, snap: StoreSnapshot, checkpoints: set[int]) -> None:
        self._snap = snap
        self._checkpoints = checkpoints
        head = snap.rows(CHAIN_HEAD)
        self._head = int(head[0][0]) if head else 0
        self._links = int(snap.rows(f"SELECT COUNT(*) FROM {snap.table(CHAIN_TABLE)}")[0][0])
        stored_keys = snap.rows(KEY_STATES) if snap.has_table(KEYS_TABLE) else []
        self._keys = [(str(key_id), bool(destroyed)) for key_id, destroyed in stored_keys]
        self.links_without_record = False

    def walk(
        self, missing: list[tuple[int, bytes, bytes]], progress: Callable[[int], None] | None
    ) -> tuple[ChainWalk, KeyCheck]:
        """``missing``: the links known to have lost their record."""
        walk = ChainWalk(head=self._head, checkpoints=self._checkpoints, missing=missing)
        keys = KeyCheck(self._keys)
        records = _walk_records(self._snap, walk, keys, progress)
        self.links_without_record = records - walk.unchained + len(missing) != self._links
        return walk, keys


def canonical_id(stored: str) -> str:
    """An originator id as the library reads it (a UUID's canonical text), from SQLite's
    32 hex digits or whatever else a store holds."""
    if len(stored) == 32:
        return f"{stored[:8]}-{stored[8:12]}-{stored[12:16]}-{stored[16:20]}-{stored[20:]}"
    try:
        return str(UUID(stored))
    except ValueError:
        return stored


def _records(snap: StoreSnapshot) -> str:
    originator = "e.originator_id" if snap.dialect == "sqlite" else "e.originator_id::text"
    return (
        f"SELECT e.{snap.position}, {originator}, e.originator_version, e.topic, e.state, "
        f"c.content_digest, c.chain_hash FROM {snap.events} e "
        f"LEFT JOIN {snap.table(CHAIN_TABLE)} c ON c.notification_id = e.{snap.position} "
        f"ORDER BY e.{snap.position}"
    )


def _missing_links(snap: StoreSnapshot) -> str:
    """Chain links whose record is gone."""
    return (
        f"SELECT c.notification_id, c.content_digest, c.chain_hash "
        f"FROM {snap.table(CHAIN_TABLE)} c WHERE NOT EXISTS "
        f"(SELECT 1 FROM {snap.events} e WHERE e.{snap.position} = c.notification_id) "
        "ORDER BY c.notification_id"
    )


def _walk_records(
    snap: StoreSnapshot,
    walk: ChainWalk,
    keys: KeyCheck,
    progress: Callable[[int], None] | None,
) -> int:
    """The one pass over every record; returns how many there are. The steady path is
    written out in full, with the library's functions bound to local names: it runs
    once per record."""
    sha256, join, length = hashlib.sha256, b"".join, LENGTH
    key_status, erasures, use_key, unsealed = keys.status, keys.erasures, keys.use, keys.unsealed
    watched = KeyNote.WATCHED  # a key the store does not hold
    checkpoints, actual_at = walk.checkpoints, walk.actual_at
    topics: dict[str, bytes] = {}
    versions: dict[int, bytes] = {}
    previous = GENESIS
    steady = True
    next_missing = walk.next_missing
    records = 0
    for page in snap.pages(_records(snap)):
        for position, originator, version, topic, state, expected, chain_hash in page:
            id_length = _ID_LENGTH
            if len(originator) == 32:  # SQLite keeps the hex digits only
                o = originator
                originator = f"{o[:8]}-{o[8:12]}-{o[12:16]}-{o[16:20]}-{o[20:]}"
            elif len(originator) != 36:
                originator = canonical_id(originator)
                id_length = length(len(originator.encode()))
            topic_part = topics.get(topic)
            if topic_part is None:
                encoded = topic.encode()
                topic_part = topics[topic] = length(len(encoded)) + encoded
            version_part = versions.get(version)
            if version_part is None:
                encoded = str(version).encode()
                version_part = versions[version] = length(len(encoded)) + encoded
            digest = sha256(
                join(
                    (id_length, originator.encode(), version_part, topic_part,
                     length(len(state)), state)
                )
            ).digest()
            if (
                steady
                and position < next_missing
                and digest == expected
                and sha256(join((previous, length(position), digest))).digest() == chain_hash
            ):
                previous = chain_hash
                if position in checkpoints:
                    actual_at[position] = chain_hash
            else:
                previous, verified = walk.record(
                    position, digest, expected, chain_hash, previous
                )
                steady, next_missing = walk.steady, walk.next_missing
                if not verified:
                    continue
            if state[:3] == _ENVELOPE:
                key = state[5 : 5 + ((state[3] << 8) | state[4])]
                if key_status.get(key, watched):
                    use_key(key, position)
            else:
                unsealed.append(position)
            if version == 1 and erasures and originator in erasures:  # erasures have one event
                keys.erasure_seen(originator)
        records += len(page)
        if progress:
            progress(len(page))
    walk.finish(previous)
    return records
