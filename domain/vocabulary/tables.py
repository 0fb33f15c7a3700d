"""What every table of the vocabulary has in common.

A label stands alone (an option in a list, a column heading, a badge), so it begins
with a capital letter; where an enum already words its members for use inside a
sentence ("Som ressourceperson kan du ikke oprette en sag"), the table reuses that
text, capitalised, instead of saying it a second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from domain.commands import Wording

Table = Mapping[Any, Wording]
"""One enum's members and their labels (keyed by member; ``Any`` because a mapping's
keys are invariant and each table is keyed by its own enum)."""

Tables = dict[type[Enum], Table]


def standing_alone(text: str) -> str:
    """``text`` with its first letter capitalised, the rest untouched ("SSP-politi")."""
    return text[:1].upper() + text[1:]


def reused(da: str, en: str) -> Wording:
    """A label made from wording that an enum already has for use inside a sentence."""
    return Wording(standing_alone(da), standing_alone(en))
