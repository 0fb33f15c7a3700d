"""Checks that no data key went missing, or was destroyed without an erasure.

Without the keys themselves (only their ids and whether they were destroyed): every
record names the key it is sealed with, so a key whose row was deleted leaves its
records naming a key the store no longer has. A destroyed key (its wrapped bytes
NULL) is an erasure only if the store also holds that case's erasure record, which
``erase_case`` writes before it destroys anything. Only a case's keys (its data key,
``case:<id>``, and its transport key) are ever destroyed; any other key a record is
sealed with must still be there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from uuid import UUID

from contracts.sealed import case_transport_key
from domain.erasure import Erasure
from infra.audit_problems import Problem, ProblemKind, positions_named

CASE_PREFIX = "case:"
NAMED_PER_KEY = 5


class KeyNote(IntEnum):
    """What ``KeyCheck.status`` says of a record's key (falsy when there is nothing to do)."""

    FINE = 0
    WATCHED = 1
    """Missing, destroyed, or of a case whose keys were destroyed: note the record."""


@dataclass
class _Uses:
    first: list[int] = field(default_factory=list)
    total: int = 0


def case_of(key_id: str) -> UUID | None:
    """The case whose data key or transport key this is, if it is one."""
    for prefix in (CASE_PREFIX, case_transport_key("")):
        if key_id.startswith(prefix):
            try:
                return UUID(key_id.removeprefix(prefix))
            except ValueError:
                return None
    return None


def _names_a_key(key: bytes) -> bool:
    """Key ids are short printable text; anything else is a damaged envelope."""
    return 0 < len(key) < 200 and key.isascii() and key.decode().isprintable()


class KeyCheck:
    """Fed each record's key (and each record's originator) by the verifier's scan."""

    def __init__(self, keys: Iterable[tuple[str, bool]]) -> None:
        """``keys``: every key row of the store, as (key id, destroyed)."""
        self._destroyed: list[str] = []
        self.status: dict[bytes, KeyNote] = {}
        """Every key the store holds, by id as records name it."""
        self._present: set[bytes] = set()
        for key_id, destroyed in keys:
            name = key_id.encode()
            self._present.add(name)
            self.status[name] = KeyNote.WATCHED if destroyed else KeyNote.FINE
            if destroyed:
                self._destroyed.append(key_id)
        self.erasures: dict[str, UUID] = {}
        """Erasure record ids (as text) that would explain a destroyed key, by case."""
        for key_id in self._destroyed:
            case = case_of(key_id)
            if case is not None:
                self.erasures[str(Erasure.create_id(case))] = case
                self.status[f"{CASE_PREFIX}{case}".encode()] = KeyNote.WATCHED  # its records
        self._erased: set[UUID] = set()
        self._uses: dict[bytes, _Uses] = {}
        self.unsealed: list[int] = []

    def use(self, key: bytes, position: int) -> None:
        """A record sealed with a key that is missing, destroyed or of a destroyed case."""
        uses = self._uses.setdefault(key, _Uses())
        if len(uses.first) < NAMED_PER_KEY:
            uses.first.append(position)
        uses.total += 1

    def erasure_seen(self, originator_id: str) -> None:
        self._erased.add(self.erasures[originator_id])

    def problems(self) -> list[Problem]:
        found = [
            Problem(p, ProblemKind.UNSEALED, "it is not sealed under any data key")
            for p in self.unsealed
        ]
        for key, uses in self._uses.items():
            if not _names_a_key(key):
                found += [
                    Problem(p, ProblemKind.UNSEALED, "its envelope no longer names a data key")
                    for p in uses.first
                ]
            elif key not in self._present:
                found.append(
                    Problem(
                        uses.first[0],
                        ProblemKind.KEY_MISSING,
                        f"its data key {key.decode()} is no longer in the "
                        f"keyring: {positions_named(uses.first, uses.total)} sealed with it "
                        "can never be read",
                    )
                )
        unexplained: dict[UUID, list[str]] = {}
        for key_id in self._destroyed:
            case = case_of(key_id)
            if case is None:
                found.extend(self._not_a_case_key(key_id))
            elif case not in self._erased:
                unexplained.setdefault(case, []).append(key_id)
        for case, key_ids in unexplained.items():
            found.append(self._destroyed_without_erasure(case, key_ids))
        return found

    def _destroyed_without_erasure(self, case: UUID, key_ids: list[str]) -> Problem:
        """A case's keys destroyed though no erasure of it is recorded: naming its records."""
        keys = " and ".join(sorted(key_ids))
        were = "keys {} were" if len(key_ids) > 1 else "key {} was"
        detail = f"its {were.format(keys)} destroyed, yet no erasure of case {case} is recorded"
        affected = self._uses.get(f"{CASE_PREFIX}{case}".encode())
        if affected is None:
            return Problem(0, ProblemKind.KEY_DESTROYED, detail, place=f"case {case}")
        named = positions_named(affected.first, affected.total)
        return Problem(
            affected.first[0],
            ProblemKind.KEY_DESTROYED,
            f"{detail}: {named} of it can no longer be read",
        )

    def _not_a_case_key(self, key_id: str) -> list[Problem]:
        """Only a case's keys are destroyed; another is a problem once a record needs it."""
        affected = self._uses.get(key_id.encode())
        if affected is None:
            return []
        named = positions_named(affected.first, affected.total)
        return [
            Problem(
                affected.first[0],
                ProblemKind.KEY_DESTROYED,
                f"its key {key_id} was destroyed, though only an erasure destroys keys, and "
                f"only a case's: {named} sealed with it can no longer be read",
            )
        ]
