"""Long opaque runs: encoded data that is not prose, even when no file signature shows.

Compressed or encrypted material, or a file whose opening was cut off, carries no
signature; written in base64, base32, base85 or hex it is a run of characters drawn
evenly from the encoding's alphabet. Prose is not: letters follow their language's
frequencies, a vowel mostly follows a consonant, case seldom changes inside a word, and
digits come together as numbers, dates and phone numbers.

The statistic is a log-likelihood ratio. A small model of prose predicts each character
from the one before: the kind of character (vowel, consonant, digit, symbol) from the
kind before, the letter from Danish and English letter frequencies, a capital from the
case before, and a repeat of the character before ("ll", "-----") as its own event.
Over every window of ``WINDOW`` characters of an encoding's alphabet, the model's cost
(−log₂ of the probability it gives the window) is compared with what random characters
of that alphabet carry: log₂ 85 ≈ 6.4 bits each for base85 and ascii85, 6 for base64,
5 for base32, 4 for hex. A window that costs ``MARGIN`` bits per character more than
that is far likelier random data than prose (2³⁸ to 1 over 96 characters): refused.

Each encoding is read from its own view of the text: whitespace removed (wrapped lines
and spaced groups join up), for base64, base32 and hex the punctuation outside their
alphabet removed too (data split by dots or dashes joins up), base32 and hex case-folded
as their decoders read them. Prose holds some random-looking things that are not data,
and the model knows them: a run of 16 or more hexadecimal digits (a fingerprint, a UUID,
a video id) costs 4 bits a digit, and a link counts only by its long parts, so the short
ids of several links do not add up to a run. A reading scores only runs that hold enough
of its telltales (characters its random data has often and prose seldom), so prose is
not slowed down by readings it cannot match.

Calibration, in bits per character above the alphabet's own: every window of the Danish
seeds stays at or below 0.2, notes full of links with ids, fingerprints, acronyms,
dates and phone numbers far below; random data of 96 characters scores 0.5 to 2.3
(least for base32, most for hex) and, in 10⁴ trials per encoding, never below 0.5.
One 64-digit fingerprint is shorter than a window and passes; two side by side do not.
"""

from __future__ import annotations

import math
import re
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from operator import sub

from domain.material.encodings import Encoding, without_whitespace

WINDOW = 96
"""Characters per window: a run of 96 random characters is refused, a shorter one (an id
in a link, a 64-digit fingerprint) is judged only together with what surrounds it."""
MARGIN = 0.4
"""Bits per character above the alphabet's own that mark a window as random."""
_SCALE = 1000
"""Costs are kept in millibits, as integers, so sums stay exact."""

# Relative letter frequencies (per cent), the mean of published Danish and English
# figures, floored at 0.5 so that a rare letter in a name or URL is not alarming.
_DANISH = dict(zip(string.ascii_lowercase, (
    6.03, 2.00, 0.57, 5.86, 15.45, 2.41, 4.08, 1.62, 6.00, 0.73, 3.40, 5.23, 3.24,
    7.24, 4.64, 1.76, 0.01, 8.96, 5.81, 6.86, 1.98, 2.33, 0.07, 0.03, 0.70, 0.03,
), strict=True))  # fmt: skip
_ENGLISH = dict(zip(string.ascii_lowercase, (
    8.20, 1.50, 2.80, 4.30, 12.70, 2.20, 2.00, 6.10, 7.00, 0.15, 0.77, 4.00, 2.40,
    6.70, 7.50, 1.90, 0.10, 6.00, 6.30, 9.10, 2.80, 0.98, 2.40, 0.15, 2.00, 0.07,
), strict=True))  # fmt: skip
_LETTERS = {c: max(0.5, (_DANISH[c] + _ENGLISH[c]) / 2) for c in string.ascii_lowercase}
_VOWELS = frozenset("aeiouy")

# Punctuation and symbols, as they appear between words once spaces are removed.
_SYMBOLS = {
    ".": 0.25, ",": 0.20, "-": 0.08, "/": 0.07, ":": 0.05, "_": 0.03, "(": 0.03,
    ")": 0.03, "?": 0.02, "@": 0.02, "=": 0.015, "&": 0.01, "%": 0.01, "+": 0.01,
    "!": 0.01, "'": 0.01, '"': 0.01, ";": 0.01, "#": 0.005, "*": 0.005,
}  # fmt: skip
_OTHER_SYMBOLS = [c for c in string.punctuation if c not in _SYMBOLS]

# What kind of character comes next, by the kind before: vowel, consonant, digit, symbol.
_NEXT_KIND = {
    "V": {"V": 0.08, "C": 0.86, "D": 0.01, "S": 0.05},
    "C": {"V": 0.52, "C": 0.41, "D": 0.02, "S": 0.05},
    "D": {"V": 0.08, "C": 0.16, "D": 0.56, "S": 0.20},
    "S": {"V": 0.27, "C": 0.55, "D": 0.10, "S": 0.08},
}
# Whether a letter is a capital, by the character before: a lower-case letter is mostly
# followed by another; after a capital both are usual (names, acronyms, shouting).
_CAPITAL_AFTER = {"lower": 0.03, "upper": 0.5, "other": 0.25}
_REPEAT = 0.05
"""How often prose repeats the character before: "ll", "00", a line of "-----" or "....."."""


def _kind(c: str) -> str:
    if c.isalpha():
        return "V" if c.lower() in _VOWELS else "C"
    return "D" if c.isdigit() else "S"


def _case(c: str) -> str:
    if not c.isalpha():
        return "other"
    return "upper" if c.isupper() else "lower"


def _probability(before: str, c: str) -> float:
    """What the prose model gives ``c`` after a character like ``before``."""
    kind = _kind(c)
    chance = _NEXT_KIND[_kind(before)][kind]
    if kind in "VC":
        same_kind = sum(f for letter, f in _LETTERS.items() if _kind(letter) == kind)
        capital = _CAPITAL_AFTER[_case(before)]
        chance *= _LETTERS[c.lower()] / same_kind * (capital if c.isupper() else 1 - capital)
    elif kind == "D":
        chance *= 0.1
    else:
        chance *= _SYMBOLS.get(c, (1 - sum(_SYMBOLS.values())) / len(_OTHER_SYMBOLS))
    return chance


_CONTEXTS = ("a", "A", "b", "B", "0", ".")
"""One character of each context the model tells apart: its kind and its case."""


def _context(c: str) -> int:
    return next(i for i, x in enumerate(_CONTEXTS) if (_kind(x), _case(x)) == (_kind(c), _case(c)))


_PRINTABLE = "".join(chr(code) for code in range(33, 127))
_CONTEXT_OF = bytes.maketrans(_PRINTABLE.encode(), bytes(_context(c) for c in _PRINTABLE))
_START = bytes([_context(".")])
_BYTE = 0 if sys.byteorder == "little" else 1
"""Where the byte sits in a native 16-bit index whose high half is the context."""
_REPEATED = 8
"""Added to the context of a character that repeats the one before."""
_REPEATS = bytes([_REPEATED]) + bytes(255)
"""A zero (the XOR of a byte with the same before it) to the repeated context's flag."""


def _cost(context: int, code: int) -> int:
    """Millibits the model needs for the byte ``code`` in a context."""
    c = chr(code)
    if not 33 <= code < 127 or context % _REPEATED >= len(_CONTEXTS):
        return 0
    if context >= _REPEATED:
        chance = _REPEAT + (1 - _REPEAT) * _probability(c, c)
    else:
        chance = (1 - _REPEAT) * _probability(_CONTEXTS[context], c)
    return round(-math.log2(chance) * _SCALE)


_COSTS = [_cost(context, code) for context in range(2 * _REPEATED) for code in range(256)]
"""The cost of every byte in every context, at ``256 * context + byte``."""
_STRIDE = 4
"""Windows start every 4 characters (and one ends where the run ends): a run of random
data glued to prose shares its best window with at most three characters of prose."""


@dataclass(frozen=True)
class _Reading:
    """How one encoding's runs are found in a text, and what its characters carry."""

    encoding: Encoding
    view: Callable[[bytes], bytes]
    runs: re.Pattern[bytes]
    bits_per_character: float
    case_folded: bool
    telltales: bytes
    """Characters that random data of this encoding holds often and prose seldom: a run
    with fewer than ``needed`` of them cannot hold a window of random data, and is not
    scored (prose is not slowed down by readings it cannot match)."""
    needed: int

    @property
    def limit(self) -> int:
        return round(WINDOW * (self.bits_per_character + MARGIN) * _SCALE)

    def may_hold_data(self, run: bytes) -> bool:
        return len(run) - len(run.translate(None, self.telltales)) >= self.needed


_PUNCTUATION = string.punctuation.encode()
_FOREIGN_TO_BASE64 = bytes(c for c in _PUNCTUATION if c not in b"+/_-")
_HEX_PREFIXES = re.compile(rb"0[xX]|\\[xX]")


def _as_typed(compact: bytes) -> bytes:
    return compact


def _without_foreign_punctuation(compact: bytes) -> bytes:
    """Without the punctuation that is not part of base64's alphabet."""
    return compact.translate(None, _FOREIGN_TO_BASE64)


def _without_punctuation(compact: bytes) -> bytes:
    return compact.translate(None, _PUNCTUATION)


def _hex_view(compact: bytes) -> bytes:
    return _HEX_PREFIXES.sub(b"", compact).translate(None, _PUNCTUATION)


def _runs_of(alphabet: bytes) -> re.Pattern[bytes]:
    """Runs of the alphabet's characters (a minimum length in the pattern would make the
    engine retry at every character of a shorter run: the length is checked after)."""
    return re.compile(b"[" + alphabet + b"]+")


_BASE85_SYMBOLS = b"#$%&*<=>@[\\]^`{|}~"
"""Of base85's and ascii85's alphabets, the symbols that are neither base64's nor prose's:
one place in six of random base85: 96 characters hold fewer than two once in 10⁶ times."""
_CAPITALS_AND_DIGITS = (string.ascii_uppercase + string.digits).encode()
"""36 of base64's 64 characters: 96 random ones hold about 54, fewer than 16 once in 10¹⁵."""
_BASE32_DIGITS = b"234567"
"""One place in five of random base32: 96 characters hold fewer than two once in 10⁷ times."""
_READINGS = (
    _Reading(
        Encoding.BASE85, _as_typed, _runs_of(b"!-~"), math.log2(85), False, _BASE85_SYMBOLS, 2
    ),
    _Reading(
        Encoding.BASE64,
        _without_foreign_punctuation,
        _runs_of(b"A-Za-z0-9+/_-"),
        6.0,
        False,
        _CAPITALS_AND_DIGITS,
        16,
    ),
    _Reading(
        Encoding.BASE32, _without_punctuation, _runs_of(b"A-Za-z2-7"), 5.0, True, _BASE32_DIGITS, 2
    ),
    _Reading(Encoding.HEX, _hex_view, _runs_of(b"0-9A-Fa-f"), 4.0, True, b"", 0),
)


_HEX_NUMBER = re.compile(rb"(?<![0-9A-Fa-f-])[0-9A-Fa-f](?:-?[0-9A-Fa-f]){15,}")
_HEX_NUMBER_COST = 4 * _SCALE
"""Prose holds hashes, ids and long numbers too (a fingerprint, a UUID, a TikTok video
id): the model gives each character of a run of 16 or more hexadecimal digits (dashes
allowed between them) the 4 bits a digit carries. The hex reading judges such runs
itself, when they are longer than a window."""


_LINK = re.compile(r"(?:https?://|www\.)\S{1,200}(?!\S)")
"""A link as typed, up to 200 characters (a longer one is read as text, as is one in
capitals: being read as text is the stricter reading)."""
_LINK_SEPARATORS = re.compile(r"[/?&=#.:;@,!()\[\]{}]")
_SHORT_PART = 16
_BREAK = "\u0080"
"""Not ASCII, so it ends a run in every reading."""


def _link_parts(link: re.Match[str]) -> str:
    """A link as only its long parts: its host, words and short ids end the runs.

    A note may hold several links, each with an id (youtu.be/dQw4w9WgXcQ, a Drive file's
    33 characters): judged together with the links' words, ids side by side would read as
    one run of data. Parts of 16 or more characters between the separators stay, joined,
    so random data shaped as a path (base64 holds slashes) is still one long run, and a
    link longer than 200 characters is not read as a link at all.
    """
    before = link.string[link.start() - 1 : link.start()]
    if before and (before.isalnum() or before in "._-"):
        return link[0]  # inside a word ("xhttps://…"): not a link
    return "".join(p if len(p) >= _SHORT_PART else _BREAK for p in _LINK_SEPARATORS.split(link[0]))


def opaque_encoding(text: str) -> Encoding | None:
    """The encoding in which ``text`` holds a run of random-looking data, if any."""
    if len(text) < WINDOW:
        return None
    compact = without_whitespace(_LINK.sub(_link_parts, text)).encode()  # non-ASCII ends a run
    for reading in _READINGS:
        for run in [r for r in reading.runs.findall(reading.view(compact)) if len(r) >= WINDOW]:
            if not reading.may_hold_data(run):
                continue
            hex_numbers = reading.encoding is not Encoding.HEX
            if _most_surprising_window(run, reading.case_folded, hex_numbers) >= reading.limit:
                return reading.encoding
    return None


def _most_surprising_window(run: bytes, case_folded: bool, hex_numbers: bool) -> int:
    """The prose model's highest cost, in millibits, of any ``WINDOW`` characters of run."""
    data = run.lower() if case_folded else run
    size = len(data)
    contexts = int.from_bytes(_START + data[:-1].translate(_CONTEXT_OF), "big")
    changes = int.from_bytes(data[1:], "big") ^ int.from_bytes(data[:-1], "big")
    repeats = b"\x00" + changes.to_bytes(size - 1, "big").translate(_REPEATS)
    pairs = bytearray(2 * size)  # each byte beside its context
    pairs[_BYTE::2] = data
    pairs[1 - _BYTE :: 2] = (contexts | int.from_bytes(repeats, "big")).to_bytes(size, "big")
    indices = memoryview(pairs).cast("H")  # 256 * context + byte, read in C
    costs: list[int] = list(map(_COSTS.__getitem__, indices))
    for number in _HEX_NUMBER.finditer(data) if hex_numbers else ():
        costs[number.start() : number.end()] = [_HEX_NUMBER_COST] * len(number.group())
    totals = list(accumulate(costs, initial=0))
    ends = totals[WINDOW::_STRIDE] + totals[-1:]
    starts = totals[: len(totals) - WINDOW : _STRIDE] + totals[-1 - WINDOW : -WINDOW]
    return int(max(map(sub, ends, starts)))
