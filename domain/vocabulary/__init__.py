"""Every choice a professional meets, in Danish and English: one table per enum.

The enums' values are codes that are stored and travel in contracts; they never change
and are not for reading. A form or a page shows ``label(member).da`` (or ``.en``) instead,
in the terms of the seeds: the handling model's levels (seed 001), the action card's
steps, context A/B, værdispringsreglen and the straffelov provisions (seed 004), Red
Barnet's categories (seed 003). ``tests/unit/test_vocabulary.py`` fails when a member of
an enum under ``domain`` has no label here.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from domain.commands import Wording
from domain.vocabulary import assessment, deadlines, facts, organisation
from domain.vocabulary.tables import Table

__all__ = ["NoLabel", "Wording", "choices", "has_label", "label", "labelled_enums"]

E = TypeVar("E", bound=Enum)

_TABLES: dict[type[Enum], Table] = {
    **facts.TABLES,
    **assessment.TABLES,
    **organisation.TABLES,
    **deadlines.TABLES,
}


class NoLabel(LookupError):
    """A member without a label: a gap in the vocabulary, not a user's mistake."""

    def __init__(self, member: Enum) -> None:
        super().__init__(f"no label for {type(member).__name__}.{member.name}")


def label(member: Enum) -> Wording:
    """The member as a professional reads it, in Danish and English.

    Raises ``NoLabel`` for a member the vocabulary does not know, rather than showing
    the code in its place.
    """
    table = _TABLES.get(type(member))
    if table is None or member not in table:
        raise NoLabel(member)
    return table[member]


def has_label(member: object) -> bool:
    """Whether ``label`` knows ``member`` (False for anything that is not an enum member)."""
    if not isinstance(member, Enum):
        return False
    table = _TABLES.get(type(member))
    return table is not None and member in table


def choices(enum: type[E]) -> list[tuple[E, Wording]]:
    """An enum's members with their labels, in the enum's order: the options of a form."""
    return [(member, label(member)) for member in enum]


def labelled_enums() -> frozenset[type[Enum]]:
    """The enums the vocabulary has a table for."""
    return frozenset(_TABLES)
