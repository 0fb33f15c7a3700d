"""What the verifier does when a record does not match the chain: the slow path.

``ChainWalk`` follows the records that the steady path hands over (anything not
matching its link, never chained, or after a link whose record is gone) and keeps
the chain as the records really are from then on, for the checkpoints. ``classify``
then says what happened to each record whose bytes differ from its link: reordered,
inserted, a record before it removed, or changed. These can cost more: they run
only on a store that is not intact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from infra.audit_chain import CHAIN_TABLE, GENESIS, Checkpoint, link
from infra.audit_problems import Problem, ProblemKind
from infra.store_scan import StoreSnapshot

_NONE_MISSING = 1 << 63
"""A position after every record: no (further) link without its record."""


@dataclass
class Suspect:
    """A record whose content differs from its chain link."""

    position: int
    observed: bytes
    expected: bytes
    following: bytes | None = None
    """The content digest of the next record stored, chained or not."""


class ChainWalk:
    def __init__(
        self, *, head: int, checkpoints: set[int], missing: list[tuple[int, bytes, bytes]]
    ) -> None:
        """``missing``: (position, content digest, chain hash) of links without a record."""
        self.head = head
        self.checkpoints = checkpoints
        self.actual_at: dict[int, bytes] = {}
        """The chain hash of the records as they are, at each checkpoint's position."""
        self.problems: list[Problem] = []
        self.suspects: list[Suspect] = []
        self.observed: dict[int, bytes] = {}
        self.unchained = 0
        """Records met that have no link (never chained, or stored after the head)."""
        self.missing_positions = {position for position, _, _ in missing}
        self._missing = sorted(missing)
        self._next = 0
        self._actual = GENESIS
        self._diverged = False
        self._awaiting: Suspect | None = None

    @property
    def next_missing(self) -> int:
        return self._missing[self._next][0] if self._next < len(self._missing) else _NONE_MISSING

    @property
    def steady(self) -> bool:
        """Whether the records so far hash to the chain as stored, with nothing pending."""
        return not self._diverged and self._awaiting is None

    def record(
        self,
        position: int,
        digest: bytes,
        expected: bytes | None,
        chain_hash: bytes | None,
        previous: bytes,
    ) -> tuple[bytes, bool]:
        """One record; returns the chain hash to link the next one to, and whether this
        record itself is sound (so its key is checked)."""
        previous = self._links_without_record(position, previous)
        if self._awaiting is not None:
            self._awaiting.following = digest
            self._awaiting = None
        if expected is None or chain_hash is None:
            self.unchained += 1
            if position < self.head:
                self.problems.append(
                    Problem(position, ProblemKind.INSERTED, "this record was never chained")
                )
                return previous, False
            return previous, True  # stored after the chain's head: chained later
        expected, chain_hash = bytes(expected), bytes(chain_hash)
        self._advance(position, digest, previous, chain_hash)
        sound = digest == expected and link(previous, position, digest) == chain_hash
        if not sound:
            self._altered_link(position, previous, expected, chain_hash)
            if digest != expected:
                self._awaiting = Suspect(position, digest, expected)
                self.suspects.append(self._awaiting)
                self.observed[position] = digest
        return chain_hash, sound

    def finish(self, previous: bytes) -> None:
        self._links_without_record(_NONE_MISSING, previous)

    def _advance(self, position: int, digest: bytes, previous: bytes, chain_hash: bytes) -> None:
        """The chain of the records as they are: the stored one until they part."""
        self._actual = link(self._actual if self._diverged else previous, position, digest)
        self._diverged = self._actual != chain_hash
        if position in self.checkpoints:
            self.actual_at[position] = self._actual

    def _altered_link(
        self, position: int, previous: bytes, expected: bytes, chain_hash: bytes
    ) -> None:
        if link(previous, position, expected) != chain_hash:
            self.problems.append(
                Problem(position, ProblemKind.CHANGED, "the chain itself was altered here")
            )

    def _links_without_record(self, before: int, previous: bytes) -> bytes:
        while self.next_missing < before:
            position, expected, chain_hash = self._missing[self._next]
            self._next += 1
            self.problems.append(
                Problem(position, ProblemKind.MISSING, "a chained record is no longer stored")
            )
            self._altered_link(position, previous, expected, chain_hash)
            self._advance(position, b"", previous, chain_hash)
            previous = chain_hash
        return previous


def classify(snap: StoreSnapshot, walk: ChainWalk) -> list[Problem]:
    """What happened to each record whose bytes differ from its link."""
    if not walk.suspects:
        return []
    owner = _owners(snap, {s.observed for s in walk.suspects})
    problems = []
    for suspect in walk.suspects:
        other = owner.get(suspect.observed)
        if other is not None and _observed_at(snap, walk, other) == suspect.expected:
            problems.append(
                Problem(
                    suspect.position,
                    ProblemKind.REORDERED,
                    f"it holds record {other}'s content, and vice versa",
                )
            )
        elif suspect.following == suspect.expected:
            problems.append(
                Problem(
                    suspect.position,
                    ProblemKind.INSERTED,
                    "a record was put in before this one",
                )
            )
        elif other is not None:
            problems.append(
                Problem(
                    suspect.position,
                    ProblemKind.MISSING,
                    "a record before this one was removed",
                )
            )
        else:
            problems.append(
                Problem(
                    suspect.position,
                    ProblemKind.CHANGED,
                    "its bytes no longer match the chain",
                )
            )
    return problems


def _owners(snap: StoreSnapshot, digests: set[bytes]) -> dict[bytes, int]:
    """Which chain link each of ``digests`` belongs to, if any: one pass over the chain."""
    found: dict[bytes, int] = {}
    statement = (
        f"SELECT notification_id, content_digest FROM {snap.table(CHAIN_TABLE)} "
        "ORDER BY notification_id"
    )
    for page in snap.pages(statement):
        for position, digest in page:
            if bytes(digest) in digests:
                found[bytes(digest)] = int(position)
    return found


def _observed_at(snap: StoreSnapshot, walk: ChainWalk, position: int) -> bytes | None:
    """The content digest of the record now at a chained ``position``, if one is there."""
    if position in walk.observed:
        return walk.observed[position]
    if position in walk.missing_positions:
        return None
    statement = (
        f"SELECT content_digest FROM {snap.table(CHAIN_TABLE)} WHERE notification_id = {{p}}"
    )
    return bytes(snap.rows(statement, (position,))[0][0])  # it matches its link


def checkpoint_problems(
    signed: Sequence[tuple[str, Checkpoint]],
    actual_at: dict[int, bytes],
    *,
    deployment: str,
    public_key: str | None,
) -> list[Problem]:
    """Checkpoints not signed by the deployment, or signing a history other than the stored."""
    problems = []
    for holder, checkpoint in signed:
        if not checkpoint.signature_valid(public_key):
            problems.append(
                Problem(
                    checkpoint.notification_id,
                    ProblemKind.BAD_SIGNATURE,
                    f"the checkpoint kept by {holder} was not signed by {deployment}",
                )
            )
        elif actual_at.get(checkpoint.notification_id) != bytes.fromhex(checkpoint.chain_hash):
            problems.append(
                Problem(
                    checkpoint.notification_id,
                    ProblemKind.REWRITTEN,
                    f"history up to here differs from what {deployment} signed "
                    f"on {checkpoint.signed_at} (checkpoint kept by {holder})",
                )
            )
    return problems
