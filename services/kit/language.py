"""Which language an answer speaks: Danish when the request prefers it, else English.

Refusals carry both languages (``detail_da``, ``detail_en``); ``detail`` is the one the
request's ``Accept-Language`` prefers (RFC 9110 §12.5.4, with q-values), and the answer
says which in ``Content-Language``. Starlette has no parser for the header, and a dozen
lines do not justify a dependency.
"""

from __future__ import annotations

from enum import StrEnum

from starlette.datastructures import Headers
from starlette.types import Scope

from domain.commands import Wording


class Language(StrEnum):
    ENGLISH = "en"
    DANISH = "da"

    def of(self, wording: Wording) -> str:
        """The wording in this language."""
        return wording.da if self is Language.DANISH else wording.en


DEFAULT = Language.ENGLISH


def _weighted(accept_language: str) -> list[tuple[str, float]]:
    """The header's language ranges with their q-values; malformed ones are skipped."""
    ranges = []
    for item in accept_language.split(","):
        tag, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if tag and 0.0 <= quality <= 1.0:
            ranges.append((tag.lower(), quality))
    return ranges


def negotiate(accept_language: str | None, default: Language = DEFAULT) -> Language:
    """The language the header prefers among those Samspil speaks (``default`` if none:
    English for the APIs, Danish for the consoles).

    A range names a language by its primary subtag ("da-DK" is Danish); "*" stands for
    every language the header does not name; q=0 rules a language out; between equal
    q-values the earlier range wins.
    """
    ranges = _weighted(accept_language or "")

    def preference(language: Language) -> tuple[float, int]:
        for wildcard in (False, True):
            for position, (tag, quality) in enumerate(ranges):
                named = tag == "*" if wildcard else tag.split("-", 1)[0] == language.value
                if named:
                    return quality, -position
        return 0.0, 0

    order = sorted(Language, key=lambda language: language is not default)
    best = max(order, key=preference)  # a full tie keeps the default
    return best if preference(best)[0] > 0 else default


def requested(scope: Scope) -> Language:
    """The language a request prefers, from all of its ``Accept-Language`` headers."""
    return negotiate(", ".join(Headers(scope=scope).getlist("accept-language")))
