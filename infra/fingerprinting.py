"""Computing a file's fingerprints where the file is: PDQ for images, MD5 for video,
SHA-256 for any file. The file is read, hashed and forgotten; nothing is kept.

PDQ is Meta's perceptual image hash (the reference implementation, through the
``pdqhash`` package): resized or re-compressed copies of an image hash a few bits
apart, different images far apart.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pdqhash
from PIL import Image, UnidentifiedImageError

from domain.fingerprints import Fingerprint, FingerprintKind

CHUNK = 1 << 20


def pdq(image: Image.Image) -> Fingerprint:
    """The 256-bit PDQ hash of an image, as 64 hexadecimal digits."""
    bits, _quality = pdqhash.compute(np.asarray(image.convert("RGB")))
    value = int("".join("1" if bit else "0" for bit in bits), 2)
    return Fingerprint(FingerprintKind.PDQ, f"{value:064x}")


def fingerprints_of(path: Path) -> list[Fingerprint]:
    """SHA-256 of any file; also PDQ if it is an image, or MD5 if it is not (a video)."""
    sha256, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            sha256.update(chunk)
            md5.update(chunk)
    found = [Fingerprint(FingerprintKind.SHA256, sha256.hexdigest())]
    try:
        with Image.open(path) as image:
            found.insert(0, pdq(image))
    except UnidentifiedImageError:
        found.insert(0, Fingerprint(FingerprintKind.MD5, md5.hexdigest()))
    return found
