"""The first bytes by which image, video, container and archive files are known.

Each signature has at least four fixed bytes (JPEG and gzip three, and the classes of
bytes that may follow them), so bytes decoded from prose do not match one by chance;
``tests/unit/test_material_prose.py`` checks that every sentence of the Danish seeds passes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum


class FileFormat(StrEnum):
    """What kind of file a signature belongs to: the material, or a box it travels in."""

    JPEG = "JPEG image"
    JPEG_2000 = "JPEG 2000 image"
    JPEG_XL = "JPEG XL image"
    PNG = "PNG image"
    GIF = "GIF image"
    WEBP = "WebP image"
    BMP = "BMP image"
    TIFF = "TIFF image"
    PSD = "Photoshop image"
    ISO_MEDIA = "MP4/MOV/HEIC/AVIF (ISO media)"
    QUICKTIME = "QuickTime movie"
    MATROSKA = "WebM/MKV video"
    AVI = "AVI video"
    FLASH_VIDEO = "Flash video"
    MPEG = "MPEG video"
    OGG = "Ogg media"
    WINDOWS_MEDIA = "Windows Media video"
    ZIP = "ZIP archive"
    GZIP = "gzip archive"
    BZIP2 = "bzip2 archive"
    XZ = "xz archive"
    ZSTANDARD = "Zstandard archive"
    SEVEN_ZIP = "7z archive"
    RAR = "RAR archive"
    TAR = "tar archive"
    PDF = "PDF document"


_SIGNATURES: dict[FileFormat, bytes] = {
    # SOI, then the marker of the first segment: SOFn, DHT, DQT, DRI, APPn or COM.
    FileFormat.JPEG: rb"\xff\xd8\xff[\xc0-\xcf\xdb\xdd\xe0-\xef\xfe]",
    FileFormat.JPEG_2000: rb"\x00\x00\x00\x0cjP  \r\n\x87\n|\xff\x4f\xff\x51",
    FileFormat.JPEG_XL: rb"\x00\x00\x00\x0cJXL \r\n\x87\n",
    FileFormat.PNG: rb"\x89PNG\r\n\x1a\n",
    FileFormat.GIF: rb"GIF8[79]a",
    FileFormat.WEBP: rb"RIFF.{4}WEBP",
    # "BM", file size, four reserved zero bytes, pixel offset, then the DIB header's size.
    FileFormat.BMP: rb"BM.{4}\x00\x00\x00\x00.{4}[\x0c\x28\x38\x40\x6c\x7c]\x00\x00\x00",
    FileFormat.TIFF: rb"II\x2a\x00|MM\x00\x2a|II\x2b\x00\x08\x00|MM\x00\x2b\x00\x08",
    FileFormat.PSD: rb"8BPS\x00[\x01\x02]",
    # An ISO base media box: a small big-endian size, "ftyp" and a printable brand
    # (isom, mp42, qt, heic, avif, 3gp5, ...).
    FileFormat.ISO_MEDIA: rb"\x00\x00..ftyp[\x20-\x7e]{4}",
    FileFormat.QUICKTIME: rb"\x00...(?:moov|mdat|wide|free|skip|pnot)",
    FileFormat.MATROSKA: rb"\x1a\x45\xdf\xa3",
    FileFormat.AVI: rb"RIFF.{4}AVI[ X]",
    FileFormat.FLASH_VIDEO: rb"FLV\x01[\x00-\x0f]\x00\x00\x00\x09",
    FileFormat.MPEG: rb"\x00\x00\x01\xba",
    FileFormat.OGG: rb"OggS\x00[\x00-\x07]",
    FileFormat.WINDOWS_MEDIA: rb"\x30\x26\xb2\x75\x8e\x66\xcf\x11",
    FileFormat.ZIP: rb"PK\x03\x04|PK\x05\x06|PK\x07\x08",
    # Deflate, reserved flag bits clear, mtime, extra flags 0/2/4, a known OS byte.
    FileFormat.GZIP: rb"\x1f\x8b\x08[\x00-\x1f].{4}[\x00\x02\x04][\x00-\x0d\xff]",
    FileFormat.BZIP2: rb"BZh[1-9]1AY&SY",
    FileFormat.XZ: rb"\xfd7zXZ\x00",
    FileFormat.ZSTANDARD: rb"\x28\xb5\x2f\xfd",
    FileFormat.SEVEN_ZIP: rb"7z\xbc\xaf\x27\x1c",
    FileFormat.RAR: rb"Rar!\x1a\x07",
    FileFormat.TAR: rb"ustar(?:\x00|\x20\x20\x00)",
    FileFormat.PDF: rb"%PDF-[12]\.[0-9]",
}

_PATTERNS = {
    file_format: re.compile(pattern, re.DOTALL) for file_format, pattern in _SIGNATURES.items()
}
_ANY_SIGNATURE = re.compile(b"|".join(_SIGNATURES.values()), re.DOTALL)
"""One alternation of plain patterns, each opening with a fixed byte: the regular
expression engine then skips ahead to those bytes instead of trying every position."""


_SEPARATOR = b"\x7f" * 16
"""Between buffers searched together. No signature opens with it, admits it after a
fixed opening, or has a wildcard stretch as long: no match reaches across it."""


def file_format_in(data: bytes) -> FileFormat | None:
    """The format of the first file signature anywhere in ``data``, if there is one."""
    found = file_format_among([data])
    return found[1] if found else None


def file_format_among(buffers: Sequence[bytes]) -> tuple[int, FileFormat] | None:
    """The first file signature in any of ``buffers``: which buffer, and what format.

    One search over all of them joined is much cheaper than one search each.
    """
    joined = _SEPARATOR.join(buffers)
    found = _ANY_SIGNATURE.search(joined)
    if found is None:
        return None
    start = found.start()
    index, end = 0, len(buffers[0])
    while start >= end:
        index += 1
        end += len(_SEPARATOR) + len(buffers[index])
    return index, next(f for f, pattern in _PATTERNS.items() if pattern.match(joined, start))
