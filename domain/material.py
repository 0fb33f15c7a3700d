"""Samspil never holds the images or videos (seed 004: professionals other than the
police must not keep the material). This module recognises text that carries file
content, so it can be refused before anything is stored or logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_DATA_URL = re.compile(r"data:[\w.+-]+/[\w.+-]+(;[\w=.-]+)*;base64,", re.IGNORECASE)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{200,}={0,2}")
_FILE_SIGNATURES = ("/9j/", "iVBORw0KGgo", "R0lGOD", "AAAAIGZ0eXA", "AAAAGGZ0eXA", "UklGR")
"""Base64 openings of JPEG, PNG, GIF, MP4/MOV and WebP/AVI files."""


class MaterialNotAccepted(ValueError):
    """Raised with the field that carried file content; the content itself is not repeated."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(
            f"{field}: Samspil never holds images or video. Describe the material in words "
            "and record who holds it (victim, parents or police); do not upload it."
        )


def looks_like_file_content(text: str) -> bool:
    if _DATA_URL.search(text):
        return True
    stripped = text.strip()
    if any(stripped.startswith(sig) for sig in _FILE_SIGNATURES) and len(stripped) > 40:
        return True
    return _BASE64_RUN.search(text) is not None


def find_file_content(value: Any, path: str = "body") -> str | None:
    """The path of the first string in a JSON value that carries file content, if any."""
    for where, text in _strings(value, path):
        if looks_like_file_content(text):
            return where
    return None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
            if isinstance(key, str):
                yield f"{path}.{key}", key
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
