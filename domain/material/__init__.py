"""Samspil never holds the images or videos (seed 004: professionals other than the
police must not keep the material). This package recognises text that carries file
content, however it is written, so it can be refused before anything is stored or logged.

A text is refused when it

- holds control characters other than tab and line breaks (binary pasted as text),
- holds a data URL (``data:image/png;base64,…``),
- decodes, in any common encoding and at any alignment, to the signature of an image,
  video, container or archive file (``signatures``, ``encodings``),
- or holds a long run of random-looking encoded data, which may be compressed or
  encrypted material (``opaque``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum

from domain.material.encodings import Encoding, decoded
from domain.material.opaque import opaque_encoding
from domain.material.signatures import FileFormat, file_format_among

__all__ = [
    "Encoding",
    "FileFormat",
    "Finding",
    "Location",
    "MaterialNotAccepted",
    "Refusal",
    "Verdict",
    "examine",
    "file_content_in",
    "find_file_content",
    "find_material",
    "looks_like_file_content",
]

_NEVER = "Samspil never holds images or video."
_ALDRIG = "Samspil opbevarer aldrig billeder eller video."


class Refusal(Enum):
    """Why a text was refused, with what the professional is told (English, Danish)."""

    FILE_CONTENT = (
        f"{_NEVER} Describe the material in words and record who holds it "
        "(victim, parents or police); do not upload it.",
        f"{_ALDRIG} Beskriv materialet med ord, og notér hvem der har det "
        "(offeret, forældrene eller politiet); upload det ikke.",
    )
    OPAQUE = (
        f"{_NEVER} This text holds a long run of encoded data (such as base64 or hex), "
        "which may be the material itself. Describe the material in words; "
        "shorten any long identifier or link.",
        f"{_ALDRIG} Teksten indeholder en lang stribe kodede data (fx base64 eller hex), "
        "som kan være selve materialet. Beskriv materialet med ord, og forkort lange "
        "id'er og links.",
    )
    CONTROL_CHARACTERS = (
        f"{_NEVER} This text holds control characters, as binary data does. "
        "Write plain text and describe the material in words.",
        f"{_ALDRIG} Teksten indeholder kontroltegn, som binære data gør. "
        "Skriv almindelig tekst, og beskriv materialet med ord.",
    )

    @property
    def message_en(self) -> str:
        return self.value[0]

    @property
    def message_da(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class Verdict:
    """What was found in a refused text; the text itself is never kept."""

    refusal: Refusal
    file_format: FileFormat | None = None
    encoding: Encoding | None = None


Location = tuple[str | int, ...]
"""Where a string sits in a request: ``("body", "involved", 1, "description")``."""


@dataclass(frozen=True)
class Finding:
    location: Location
    verdict: Verdict

    @property
    def path(self) -> str:
        """The location written as ``body.involved[1].description``."""
        head, *rest = self.location
        return str(head) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)


class MaterialNotAccepted(ValueError):
    """Raised with the field that carried file content; the content itself is not repeated."""

    def __init__(self, field: str, refusal: Refusal = Refusal.FILE_CONTENT) -> None:
        self.field = field
        self.refusal = refusal
        super().__init__(f"{field}: {refusal.message_en}")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DATA_URL = re.compile(r"\bdata:[a-z]+/[\w.+-]+(?:;[\w.+-]+(?:=[\w.+-]*)?)*,", re.IGNORECASE)
_UNBROKEN_RUN = re.compile(r"[A-Za-z0-9+/_-]{200,}")
"""No word of prose is 200 characters long; a run of an encoding's alphabet that long is
data, even when it is too regular to look random (``AAAA…`` is base64 of zero bytes)."""


def examine(text: str) -> Verdict | None:
    """Why ``text`` must be refused, or None when it may be kept."""
    if _CONTROL.search(text):
        return Verdict(Refusal.CONTROL_CHARACTERS)
    found = file_content_in(text)
    if found is not None:
        return found
    if _UNBROKEN_RUN.search(text):
        return Verdict(Refusal.OPAQUE)
    opaque = opaque_encoding(text)
    if opaque is not None:
        return Verdict(Refusal.OPAQUE, encoding=opaque)
    return None


def file_content_in(text: str) -> Verdict | None:
    """A data URL or file signature in ``text``, however encoded.

    Only this part of ``examine`` applies to text that is still percent-encoded (a raw
    query string or form field), which does not read as prose until it is decoded.
    """
    if _DATA_URL.search(text):
        return Verdict(Refusal.FILE_CONTENT)
    views = decoded(text)
    found = file_format_among([data for _, data in views])
    if found is None:
        return None
    index, file_format = found
    return Verdict(Refusal.FILE_CONTENT, file_format, views[index][0])


def looks_like_file_content(text: str) -> bool:
    return examine(text) is not None


def find_material(
    value: object,
    root: Location = ("body",),
    judge: Callable[[str], Verdict | None] = examine,
) -> Finding | None:
    """The first string anywhere in a JSON value (any key, item or depth) to refuse."""
    judged: set[str] = set()  # keys and values repeat (a list of objects): judge each once
    for location, text in _strings(value, root):
        if text in judged:
            continue
        verdict = judge(text)
        if verdict is not None:
            return Finding(location, verdict)
        judged.add(text)
    return None


def find_file_content(value: object, path: str = "body") -> str | None:
    """The path of the first string in a JSON value that carries file content, if any."""
    found = find_material(value, (path,))
    return found.path if found else None


def _strings(value: object, root: Location) -> Iterator[tuple[Location, str]]:
    """Every string of a JSON value with where it is; a key is reported at its object.

    Walks with a stack of its own, so no nesting depth can exhaust Python's.
    """
    stack: list[tuple[Location, object]] = [(root, value)]
    while stack:
        location, item = stack.pop()
        if isinstance(item, str):
            yield location, item
        elif isinstance(item, dict):
            for key in item:
                if isinstance(key, str):
                    yield location, key
            stack.extend(reversed([((*location, str(k)), v) for k, v in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([((*location, i), v) for i, v in enumerate(item)]))
