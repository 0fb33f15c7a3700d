"""Material as it would be smuggled into a text field: real small images made with Pillow
and the openings of the containers and archives it cannot write, in every encoding,
wrapping and position Samspil must see through."""

from __future__ import annotations

import base64
import binascii
import io
import zipfile
from collections.abc import Callable
from urllib.parse import quote_from_bytes

from PIL import Image

Build = Callable[[bytes], bytes]
"""A file of one format, from some filler bytes (a colour, a body) that vary it."""


def _image(kind: str) -> Build:
    def build(filler: bytes) -> bytes:
        colour = tuple((filler + b"\x80\x40\x20")[:3])
        size = (1 + (filler[:1] or b"\x00")[0] % 4, 1 + len(filler) % 3)
        out = io.BytesIO()
        Image.new("RGB", size, colour).save(out, format=kind)
        return out.getvalue()

    return build


def _zip(filler: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("IMG_0042.jpg", filler)
    return out.getvalue()


FORMATS: dict[str, Build] = {
    "JPEG": _image("JPEG"),
    "PNG": _image("PNG"),
    "GIF": _image("GIF"),
    "WebP": _image("WEBP"),
    "BMP": _image("BMP"),
    "TIFF": _image("TIFF"),
    "AVIF": _image("AVIF"),
    "MP4": lambda filler: b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + filler,
    "MOV": lambda filler: b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + filler,
    "HEIC": lambda filler: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + filler,
    "QuickTime atoms": lambda filler: b"\x00\x00\x00\x08wide\x00\x10\x00\x00mdat" + filler,
    "MKV/WebM": lambda filler: b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x84webm" + filler,
    "AVI": lambda filler: b"RIFF\x00\x10\x00\x00AVI LIST\x00\x01\x00\x00hdrlavih" + filler,
    "ZIP": _zip,
}

ENCODINGS: dict[str, Callable[[bytes], str]] = {
    "base64": lambda data: base64.b64encode(data).decode(),
    "base64 url-safe": lambda data: base64.urlsafe_b64encode(data).decode(),
    "base32": lambda data: base64.b32encode(data).decode(),
    "base32 lower case": lambda data: base64.b32encode(data).decode().lower(),
    "base85": lambda data: base64.b85encode(data).decode(),
    "ascii85": lambda data: base64.a85encode(data, adobe=True).decode(),
    "hex": lambda data: data.hex(),
    "spaced hex": lambda data: " ".join(f"{byte:02X}" for byte in data),
    "C array": lambda data: ", ".join(f"0x{byte:02x}" for byte in data),
    "backslash escapes": lambda data: repr(data)[2:-1],
    "percent-encoding": quote_from_bytes,
    "quoted-printable": lambda data: binascii.b2a_qp(data, istext=False).decode(),
}
WHITESPACE_IS_DATA = frozenset({"backslash escapes", "quoted-printable"})
"""A space in these is part of the data (QP wraps its own lines): they are not re-spaced."""

WRAPPINGS: dict[str, Callable[[str], str]] = {
    "unwrapped": lambda text: text,
    "MIME lines of 76": lambda text: "\n".join(text[i : i + 76] for i in range(0, len(text), 76)),
    "CRLF lines of 64": lambda text: "\r\n".join(text[i : i + 64] for i in range(0, len(text), 64)),
    "spaced in fours": lambda text: " ".join(text[i : i + 4] for i in range(0, len(text), 4)),
    "spaced in sevens": lambda text: " ".join(text[i : i + 7] for i in range(0, len(text), 7)),
}

BEFORE = "Se vedhæftede billede, som eleven viste mig:"
AFTER = "Det blev delt i klassens Snapchat-gruppe."
POSITIONS: dict[str, Callable[[str], str]] = {
    "alone": lambda payload: payload,
    "after prose": lambda payload: f"{BEFORE} {payload}",
    "glued after prose": lambda payload: f"{BEFORE}{payload}",
    "before prose": lambda payload: f"{payload}\n{AFTER}",
    "between prose": lambda payload: f"{BEFORE}\n{payload}\n{AFTER}",
}


def smuggled(file: bytes, encoding: str, wrapping: str, position: str) -> str:
    return POSITIONS[position](WRAPPINGS[wrapping](ENCODINGS[encoding](file)))


def distinctive(text: str) -> str:
    """A stretch of the payload that could not turn up anywhere by chance."""
    compact = "".join(text.split())
    middle = len(compact) // 2
    return compact[max(0, middle - 12) : middle + 12]
