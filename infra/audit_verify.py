"""Verifying a store against its hash chain and signed checkpoints, without decryption keys.

Names the first broken record and what is wrong with it: changed, missing,
reordered, inserted, a checkpoint with a bad signature, or history rewritten
after it was signed (caught by the service's own checkpoints or by another
service's copies of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from eventsourcing.persistence import ApplicationRecorder, Notification

from infra.audit_chain import GENESIS, ChainStore, Checkpoint, content_digest, link


@dataclass(frozen=True, order=True)
class Problem:
    notification_id: int
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"record {self.notification_id}: {self.kind} — {self.detail}"


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
    chain: ChainStore,
    *,
    service: str,
    public_key: str | None,
    peer_checkpoints: Sequence[tuple[str, Checkpoint]] = (),
    progress: Callable[[int], None] | None = None,
) -> list[Problem]:
    """Every problem found, first broken record first. Empty when the store is intact.

    ``peer_checkpoints`` are (holder, checkpoint) pairs: copies of this service's
    checkpoints kept by other services.
    """
    observed: list[tuple[int, bytes]] = []
    for page in stored_records(recorder):
        observed.extend((n.id, content_digest(n)) for n in page)
        if progress:
            progress(len(page))
    at = dict(observed)
    links = chain.links()
    chained = sorted(links)
    last_chained = chained[-1] if chained else 0
    owner = {digest: position for position, (digest, _) in links.items()}
    problems: list[Problem] = []

    for position in chained:
        if position not in at:
            problems.append(Problem(position, "missing", "a chained record is no longer stored"))
    for index, (position, digest) in enumerate(observed):
        if position not in links:
            if position < last_chained:
                problems.append(Problem(position, "inserted", "this record was never chained"))
            continue
        expected = links[position][0]
        if digest == expected:
            continue
        following = observed[index + 1][1] if index + 1 < len(observed) else None
        other = owner.get(digest)
        if other is not None and at.get(other) == expected:
            problems.append(
                Problem(position, "reordered", f"it holds record {other}'s content, and vice versa")
            )
        elif following == expected:
            problems.append(Problem(position, "inserted", "a record was put in before this one"))
        elif other is not None:
            problems.append(Problem(position, "missing", "a record before this one was removed"))
        else:
            problems.append(Problem(position, "changed", "its bytes no longer match the chain"))

    previous = actual = GENESIS
    actual_at: dict[int, bytes] = {}
    for position in chained:
        digest, chain_hash = links[position]
        if link(previous, position, digest) != chain_hash:
            problems.append(Problem(position, "changed", "the chain itself was altered here"))
        previous = chain_hash
        actual = link(actual, position, at.get(position, b""))
        actual_at[position] = actual

    own = [("this store", c) for c in chain.checkpoints(service)]
    key = public_key or (own[0][1].public_key if own else None)
    for holder, checkpoint in [*own, *peer_checkpoints]:
        if not checkpoint.signature_valid(key):
            problems.append(
                Problem(
                    checkpoint.notification_id,
                    "bad signature",
                    f"the checkpoint kept by {holder} was not signed by {service}",
                )
            )
        elif actual_at.get(checkpoint.notification_id) != bytes.fromhex(checkpoint.chain_hash):
            problems.append(
                Problem(
                    checkpoint.notification_id,
                    "rewritten",
                    f"history up to here differs from what {service} signed "
                    f"on {checkpoint.signed_at} (checkpoint kept by {holder})",
                )
            )
    return sorted(set(problems))
