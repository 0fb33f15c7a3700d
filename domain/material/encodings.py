"""Every way a file's bytes may be written as text, and how to read them back.

A payload may sit anywhere in a text, glued to prose on either side, wrapped in lines or
spaced into groups. So each decoder takes the text with whitespace removed, keeps only
the characters of its alphabet (what else is there only shifts where the payload
starts) and decodes at every alignment: one of them starts where the payload starts.
Everything here is linear in the text and runs in the standard library's C code.
"""

from __future__ import annotations

import binascii
import re
import string
import struct
from collections.abc import Iterator
from enum import StrEnum
from urllib.parse import unquote_to_bytes


class Encoding(StrEnum):
    RAW = "text as typed"
    WINDOWS_1252 = "text as typed (Windows-1252)"
    PERCENT = "percent-encoding"
    QUOTED_PRINTABLE = "quoted-printable"
    BACKSLASH_ESCAPES = "backslash escapes"
    BASE64 = "base64"
    BASE32 = "base32"
    BASE85 = "base85"
    ASCII85 = "ascii85"
    HEX = "hexadecimal"


def without_whitespace(text: str) -> str:
    """``text`` with every kind of whitespace removed (``str.split`` knows them all)."""
    return "".join(text.split())


def _keeping(alphabet: bytes, as_: bytes | None = None) -> tuple[bytes | None, bytes]:
    """``bytes.translate`` arguments that keep only ``alphabet``, mapped to ``as_``."""
    table = None if as_ is None else bytes.maketrans(alphabet, as_)
    return table, bytes(sorted(set(range(256)) - set(alphabet)))


_ASCII_LETTERS = string.ascii_uppercase + string.ascii_lowercase
_BASE64 = _keeping(
    (_ASCII_LETTERS + string.digits + "+/-_").encode(),
    (_ASCII_LETTERS + string.digits + "+/+/").encode(),  # URL-safe read as standard
)
_BASE32_DIGITS = b"0123456789abcdefghijklmnopqrstuv"
"""The digits of Python's ``int(..., 32)``, which reads in C: A-Z are worth 0-25, 2-7 26-31."""
_BASE32_UPPER = _keeping(string.ascii_uppercase.encode() + b"234567", _BASE32_DIGITS)
_BASE32_LOWER = _keeping(string.ascii_lowercase.encode() + b"234567", _BASE32_DIGITS)
_LOWER_CASE_RUNS = re.compile(rb"[a-z2-7]+")
_NOT_DIGITS = bytes(sorted(set(range(256)) - set(b"234567")))
_B85_ALPHABET = (
    string.digits + _ASCII_LETTERS + "!#$%&()*+-;<=>?@^_`{|}~"
).encode()  # RFC 1924 order
_BASE85 = _keeping(_B85_ALPHABET, bytes(range(85)))
_ASCII85 = _keeping(bytes(range(33, 118)), bytes(range(85)))
_HEX = _keeping(string.hexdigits.encode())
_HEX_PREFIXES = re.compile(rb"0[xX]|\\[xX]")

_ESCAPE = re.compile(rb"\\(?:x([0-9A-Fa-f]{2})|([0-7]{1,3})|([0abfnrtv\\]))")
_SIMPLE_ESCAPES = {
    b"0": b"\x00", b"a": b"\x07", b"b": b"\x08", b"f": b"\x0c", b"n": b"\n",
    b"r": b"\r", b"t": b"\t", b"v": b"\x0b", b"\\": b"\\",
}  # fmt: skip


def decoded(text: str) -> list[tuple[Encoding, bytes]]:
    """The bytes ``text`` may stand for, in each encoding and at each alignment."""
    views: list[tuple[Encoding, bytes]] = []
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        raw = text.encode("latin-1", "replace")
        views.append((Encoding.WINDOWS_1252, text.encode("cp1252", "replace")))  # "‰PNG"
    views.append((Encoding.RAW, raw))  # "ÿØÿà" is the start of a JPEG
    compact = without_whitespace(text)
    compact_raw = compact.encode("latin-1", "replace")
    if compact != text:
        views.append((Encoding.RAW, compact_raw))  # "GIF8 9a"
    if "%" in compact:
        views.append((Encoding.PERCENT, unquote_to_bytes(compact_raw)))
    if "=" in text:
        views.append((Encoding.QUOTED_PRINTABLE, binascii.a2b_qp(raw)))  # soft line breaks
        views.append((Encoding.QUOTED_PRINTABLE, binascii.a2b_qp(compact_raw)))
    if "\\" in text:
        views.append((Encoding.BACKSLASH_ESCAPES, _ESCAPE.sub(_unescape, raw)))
        if compact != text:  # escapes split over lines
            views.append((Encoding.BACKSLASH_ESCAPES, _ESCAPE.sub(_unescape, compact_raw)))
    letters = compact.encode("ascii", "ignore")
    a85 = letters.replace(b"z", b"!!!!!").translate(*_ASCII85)  # z: four zero bytes
    for encoding, alignments in (
        (Encoding.BASE64, _base64(letters)),
        (Encoding.BASE32, _base32(compact, letters)),
        (Encoding.BASE85, _groups_of_five(letters.translate(*_BASE85))),
        (Encoding.ASCII85, _groups_of_five(a85)),
        (Encoding.HEX, _hex(letters)),
    ):
        views.extend((encoding, data) for data in alignments)
    return views


def _unescape(found: re.Match[bytes]) -> bytes:
    hex_digits, octal, simple = found.groups()
    if hex_digits:
        return bytes([int(hex_digits, 16)])
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    return _SIMPLE_ESCAPES[simple]


def _base64(letters: bytes) -> Iterator[bytes]:
    """Standard and URL-safe base64 (their two extra characters differ, so one pass)."""
    digits = letters.translate(*_BASE64)
    for start in range(min(4, len(digits))):
        usable = (len(digits) - start) // 4 * 4
        yield binascii.a2b_base64(digits[start : start + usable])


def _base32(compact: str, letters: bytes) -> Iterator[bytes]:
    """RFC 4648 base32 (capitals), and in lower case where a run of it looks like data.

    Prose is mostly lower-case letters, which are all base32 digits; decoding all of it
    would double the work for nothing. Lower-case base32 data is recognised by its digits
    2-7, which come about once in five characters and hardly ever inside a word.
    """
    yield from _base32_digits(letters.translate(*_BASE32_UPPER))
    runs = _LOWER_CASE_RUNS.findall(compact.encode())  # a letter like "ø" ends a run
    if any(_looks_like_lower_case_base32(run) for run in [r for r in runs if len(r) >= 16]):
        yield from _base32_digits(letters.translate(*_BASE32_LOWER))


def _looks_like_lower_case_base32(run: bytes) -> bool:
    """A run (of 16 or more) with three digits, or with "aaaa" (twenty zero bits, as in
    every file header): no run of Danish or English words has either (in the seeds not
    one), while random base32 data has a digit in one place of five."""
    return b"aaaa" in run or len(run.translate(None, _NOT_DIGITS)) >= 3


def _base32_digits(digits: bytes) -> Iterator[bytes]:
    for start in range(min(8, len(digits))):
        quanta = (len(digits) - start) // 8
        if quanta:
            yield int(digits[start : start + quanta * 8], 32).to_bytes(quanta * 5, "big")


def _hex(letters: bytes) -> Iterator[bytes]:
    """Hex digits, also written ``0x89,0x50`` or ``\\x89\\x50`` or ``89:50``."""
    digits = _HEX_PREFIXES.sub(b"", letters).translate(*_HEX)
    for start in range(min(2, len(digits))):
        usable = (len(digits) - start) // 2 * 2
        yield binascii.unhexlify(digits[start : start + usable])


_FIELD = 5
"""Bytes per base-85 digit while decoding: 40 bits hold any group's value without carry."""
_GROUP_WEIGHTS = sum(85 ** (4 - place) << (8 * _FIELD * place) for place in range(5))


def _groups_of_five(digits: bytes) -> Iterator[bytes]:
    """Base-85 digits (0-84) decoded at each of their five alignments.

    Every group of five digits is worth d0·85⁴ + d1·85³ + … + d4. Spreading the digits
    into 40-bit fields of one integer and multiplying it by the five weights, each in
    its own field, adds up every group at every start at once (a convolution): the
    field of start i then holds the value of the group digits[i:i+5]. Python does that
    multiplication in linear time, as the weights are a small number; a group too large
    for four bytes (never in real data) is cut to its low four bytes.
    """
    count = len(digits)
    if count < 5:
        return
    spread = bytearray(_FIELD * count)
    spread[_FIELD - 1 :: _FIELD] = digits
    sums = (int.from_bytes(spread, "big") * _GROUP_WEIGHTS).to_bytes(_FIELD * (count + 4), "big")
    for start in range(5):
        groups = (count - start) // 5
        if groups:
            yield _low_bytes(sums, _FIELD * (start + 4), groups)


def _low_bytes(sums: bytes, first: int, groups: int) -> bytes:
    """The four low bytes of every fifth field from ``first``: one alignment's groups
    (the fifth, high byte holds only an overflow, which real data never has)."""
    if groups <= 64:  # one struct call beats slicing for the short texts most fields are
        return b"".join(struct.unpack_from(">" + "x4s20x" * (groups - 1) + "x4s", sums, first))
    values = bytearray(4 * groups)
    for byte in range(4):
        values[byte::4] = sums[first + 1 + byte :: 5 * _FIELD][:groups]
    return bytes(values)
