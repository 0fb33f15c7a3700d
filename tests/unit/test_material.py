"""File content is recognised however it is written; random-looking data is refused."""

from __future__ import annotations

import base64
import os
import random
from collections.abc import Callable

import pytest

from domain.material import (
    Encoding,
    FileFormat,
    Refusal,
    examine,
    find_file_content,
    find_material,
    looks_like_file_content,
)
from domain.material.opaque import opaque_encoding
from tests.material_payloads import ENCODINGS, FORMATS, WHITESPACE_IS_DATA, smuggled

EXPECTED_FORMAT = {
    "JPEG": FileFormat.JPEG,
    "PNG": FileFormat.PNG,
    "GIF": FileFormat.GIF,
    "WebP": FileFormat.WEBP,
    "BMP": FileFormat.BMP,
    "TIFF": FileFormat.TIFF,
    "AVIF": FileFormat.ISO_MEDIA,
    "MP4": FileFormat.ISO_MEDIA,
    "MOV": FileFormat.ISO_MEDIA,
    "HEIC": FileFormat.ISO_MEDIA,
    "QuickTime atoms": FileFormat.QUICKTIME,
    "MKV/WebM": FileFormat.MATROSKA,
    "AVI": FileFormat.AVI,
    "ZIP": FileFormat.ZIP,
}


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_is_recognised_by_its_signature(name: str) -> None:
    verdict = examine(ENCODINGS["base64"](FORMATS[name](b"\x07" * 20)))
    assert verdict is not None
    assert verdict.refusal is Refusal.FILE_CONTENT
    assert verdict.file_format is EXPECTED_FORMAT[name]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", ["JPEG", "PNG", "MP4", "ZIP"])
def test_each_encoding_is_seen_through_glued_to_prose_and_wrapped(name: str, encoding: str) -> None:
    file = FORMATS[name](os.urandom(16))
    for wrapping in ("unwrapped", "MIME lines of 76", "spaced in sevens", "CRLF lines of 64"):
        if encoding in WHITESPACE_IS_DATA and wrapping != "unwrapped":
            continue
        for position in ("glued after prose", "before prose", "between prose"):
            text = smuggled(file, encoding, wrapping, position)
            verdict = examine(text)
            assert verdict is not None, f"{encoding}, {wrapping}, {position}: {text[:80]!r}"
            assert verdict.refusal is Refusal.FILE_CONTENT
            assert verdict.file_format is EXPECTED_FORMAT[name]


@pytest.mark.parametrize("encoding", ["base64", "base32", "hex", "base85"])
def test_a_short_field_holding_only_the_opening_of_a_file_is_refused(encoding: str) -> None:
    """Up to 200 characters: "see attached:" and the first few dozen bytes of a PNG."""
    opening = FORMATS["PNG"](b"")[:40]
    text = "see attached:" + ENCODINGS[encoding](opening)
    assert len(text) <= 200
    verdict = examine(text)
    assert verdict is not None and verdict.file_format is FileFormat.PNG


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Billedet: ÿØÿà\x00\x10JFIF", None),  # a JPEG opening pasted as Latin-1 text
        ("ÿØÿàJFIF, som eleven sendte", Encoding.RAW),
        ("%89PNG%0D%0A%1A%0A%00%00%00%0DIHDR", Encoding.PERCENT),
        ("=89PNG=0D=0A=1A=0A=00=00=00=0DIHDR", Encoding.QUOTED_PRINTABLE),
        ("data: \\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR", Encoding.BACKSLASH_ESCAPES),
        ("0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a", Encoding.HEX),
        ("89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52", Encoding.HEX),
        ("<~" + base64.a85encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").decode() + "~>", None),
    ],
)
def test_file_openings_written_by_hand_are_recognised(text: str, encoding: Encoding | None) -> None:
    verdict = examine(text)
    assert verdict is not None
    if encoding is not None:
        assert verdict.encoding is encoding


def test_binary_pasted_as_text_is_refused_for_its_control_characters() -> None:
    verdict = examine("\x89PNG\r\n\x1a\n")
    assert verdict is not None and verdict.refusal is Refusal.CONTROL_CHARACTERS
    assert examine("Linje et\nLinje to\r\n\tindrykket") is None


@pytest.mark.parametrize(
    "text",
    [
        "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
        "se data:video/mp4;base64,AAAAIGZ0eXBpc29t",
        "data:image/svg+xml;charset=utf-8,%3Csvg%3E",
    ],
)
def test_data_urls_are_refused(text: str) -> None:
    verdict = examine(text)
    assert verdict is not None and verdict.refusal is Refusal.FILE_CONTENT


RANDOM_TEXT: dict[str, Callable[[bytes], str]] = {
    "base64": lambda data: base64.b64encode(data).decode(),
    "base64 url-safe": lambda data: base64.urlsafe_b64encode(data).decode(),
    "base32": lambda data: base64.b32encode(data).decode(),
    "base32 lower case": lambda data: base64.b32encode(data).decode().lower(),
    "base85": lambda data: base64.b85encode(data).decode(),
    "ascii85": lambda data: base64.a85encode(data).decode(),
    "hex": lambda data: data.hex(),
}
SPLITTINGS: dict[str, Callable[[str], str]] = {
    "whole": lambda text: text,
    "spaced": lambda text: " ".join(text[i : i + 5] for i in range(0, len(text), 5)),
    "dotted": lambda text: ".".join(text[i : i + 6] for i in range(0, len(text), 6)),
    "lines": lambda text: "\n".join(text[i : i + 20] for i in range(0, len(text), 20)),
}


@pytest.mark.parametrize("splitting", SPLITTINGS)
@pytest.mark.parametrize("encoding", RANDOM_TEXT)
def test_random_data_of_96_characters_is_refused_in_every_encoding(
    encoding: str, splitting: str
) -> None:
    """Compressed or encrypted material shows no signature: it is refused as opaque."""
    rng = random.Random(f"{encoding}/{splitting}")
    for _ in range(20):
        data = RANDOM_TEXT[encoding](rng.randbytes(80))[:96]
        text = "Se her: " + SPLITTINGS[splitting](data) + " - tak."
        assert opaque_encoding(text) is not None, text
        assert examine(text) is not None  # random bytes may also hold a signature by chance


def test_an_opaque_run_is_refused_with_the_advice_to_describe_the_material() -> None:
    verdict = examine(base64.b64encode(random.Random(3).randbytes(90)).decode())
    assert verdict is not None and verdict.refusal is Refusal.OPAQUE
    assert verdict.encoding is Encoding.BASE64
    assert "Describe the material in words" in verdict.refusal.message_en
    assert "Beskriv materialet med ord" in verdict.refusal.message_da


def test_random_data_shaped_as_a_link_is_still_refused() -> None:
    """A link counts by its long parts; base64 holds slashes, so its parts stay long."""
    rng = random.Random(9)
    for _ in range(20):
        data = base64.b64encode(rng.randbytes(300)).decode()
        assert opaque_encoding(f"https://example.dk/{data}") is not None
        assert opaque_encoding(f"https://example.dk/x?id={data}") is not None


def test_a_long_run_of_one_character_is_refused_as_data() -> None:
    """``AAAA...`` is base64 of zero bytes; no word of prose is 200 characters long."""
    verdict = examine("A" * 300)
    assert verdict is not None and verdict.refusal is Refusal.OPAQUE
    assert examine("x" * 150) is None


def test_one_fingerprint_passes_but_a_run_of_them_is_opaque() -> None:
    rng = random.Random(5)
    assert examine(rng.randbytes(32).hex()) is None
    assert examine(rng.randbytes(16).hex()) is None
    assert examine(f"{rng.randbytes(32).hex()}, {rng.randbytes(32).hex()}") is not None


def test_the_field_carrying_file_content_is_named_at_any_depth() -> None:
    jpeg = ENCODINGS["base64"](FORMATS["JPEG"](b""))
    body = {"involved": [{"description": "klassekammerat"}, {"description": jpeg}]}
    assert find_file_content(body) == "body.involved[1].description"
    assert find_file_content({"schools": ["Nabo Skole", jpeg]}) == "body.schools[1]"
    assert find_file_content({"description": "almindelige ord"}) is None
    assert looks_like_file_content(jpeg)


def test_a_key_carrying_file_content_is_named_by_its_object_never_repeated() -> None:
    png = ENCODINGS["base64"](FORMATS["PNG"](b""))
    found = find_material({"facts": {png: "x"}}, ("body",))
    assert found is not None
    assert found.location == ("body", "facts")
    assert png not in found.path


def test_deeply_nested_values_are_walked_without_recursion() -> None:
    nested: object = ENCODINGS["hex"](FORMATS["GIF"](b""))
    for _ in range(20_000):
        nested = [nested]
    found = find_material(nested, ("body",))
    assert found is not None and len(found.location) == 20_001
