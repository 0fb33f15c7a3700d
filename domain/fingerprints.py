"""Fingerprints of the material, computed where the material is, never the material.

A professional helping a victim computes them on the victim's (or the parents')
device; Samspil receives only these: a PDQ perceptual hash of an image (256 bits),
the MD5 of a video file, or the SHA-256 of any file. Two cases share material when a
PDQ pair is within ``PDQ_MATCH_DISTANCE`` bits (the threshold PDQ's authors give for
near-duplicates: resized, re-compressed), or an MD5 / SHA-256 is identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import DomainError

PDQ_MATCH_DISTANCE = 31


class FingerprintKind(StrEnum):
    PDQ = "pdq"
    MD5 = "md5"
    SHA256 = "sha256"


_HEX_DIGITS = {FingerprintKind.PDQ: 64, FingerprintKind.MD5: 32, FingerprintKind.SHA256: 64}


class NotAFingerprint(DomainError, ValueError):
    """The value is not a well-formed hash of its kind (and may be content: refused)."""

    def __init__(self, kind: FingerprintKind, digits: int) -> None:
        super().__init__(
            f"a {kind.value} fingerprint is {digits} lower-case hexadecimal digits",
            f"et {kind.value}-fingeraftryk består af {digits} hexadecimale cifre (0-9, a-f)",
        )


@dataclass(frozen=True)
class Fingerprint:
    kind: FingerprintKind
    value: str
    """Lower-case hexadecimal."""

    def __post_init__(self) -> None:
        digits = _HEX_DIGITS[self.kind]
        if not re.fullmatch(f"[0-9a-f]{{{digits}}}", self.value):
            raise NotAFingerprint(self.kind, digits)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.value}"


def pdq_distance(a: Fingerprint, b: Fingerprint) -> int:
    """Hamming distance between two PDQ hashes, in bits (0-256)."""
    return (int(a.value, 16) ^ int(b.value, 16)).bit_count()


def why_they_match(a: Fingerprint, b: Fingerprint) -> str | None:
    """Why two fingerprints show the same material, in words; None if they do not."""
    if a.kind is not b.kind:
        return None
    if a.kind is FingerprintKind.PDQ:
        distance = pdq_distance(a, b)
        if distance <= PDQ_MATCH_DISTANCE:
            return f"PDQ image hashes {distance} bits apart (≤ {PDQ_MATCH_DISTANCE})"
        return None
    if a.value == b.value:
        return f"identical {'video MD5' if a.kind is FingerprintKind.MD5 else 'SHA-256'}"
    return None
