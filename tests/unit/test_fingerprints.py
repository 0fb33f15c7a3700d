"""Fingerprints: only well-formed hashes, and PDQ links near-duplicates, not strangers."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.fingerprints import (
    Fingerprint,
    FingerprintKind,
    NotAFingerprint,
    pdq_distance,
    why_they_match,
)
from infra.fingerprinting import fingerprints_of, pdq

ROOT = Path(__file__).resolve().parents[2]


def photo(seed: int, size: int = 512) -> Image.Image:
    """A photo-like image: smooth colour fields with grain, different for every seed."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, size=(12, 12, 3), dtype=np.uint8)
    image = Image.fromarray(coarse).resize((size, size), Image.Resampling.BICUBIC)
    grain = rng.integers(0, 16, size=(size, size, 3), dtype=np.uint8)
    blended = np.clip(np.asarray(image, dtype=np.int16) + grain - 8, 0, 255).astype(np.uint8)
    return Image.fromarray(blended)


def recompressed(image: Image.Image, *, scale: float, quality: int) -> Image.Image:
    width, height = image.size
    smaller = image.resize((int(width * scale), int(height * scale)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    smaller.save(buffer, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("seed", range(8))
def test_a_resized_recompressed_copy_links_and_another_image_does_not(seed: int) -> None:
    original = pdq(photo(seed))
    copy = pdq(recompressed(photo(seed), scale=0.5, quality=60))
    stranger = pdq(photo(seed + 100))

    assert why_they_match(original, copy) is not None, pdq_distance(original, copy)
    assert why_they_match(original, stranger) is None, pdq_distance(original, stranger)


def test_exact_hashes_link_only_when_identical_and_kinds_never_mix() -> None:
    video = Fingerprint(FingerprintKind.MD5, "9e107d9d372bb6826bd81d3542a419d6")
    other = Fingerprint(FingerprintKind.MD5, "e4d909c290d0fb1ca068ffaddf22cbd0")
    assert why_they_match(video, video) == "identical video MD5"
    assert why_they_match(video, other) is None
    same_digits = "ab" * 32
    assert (
        why_they_match(
            Fingerprint(FingerprintKind.PDQ, same_digits),
            Fingerprint(FingerprintKind.SHA256, same_digits),
        )
        is None
    )


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (FingerprintKind.PDQ, "ab" * 16),  # an MD5's length
        (FingerprintKind.MD5, "zz" * 16),
        (FingerprintKind.SHA256, "AB" * 32),  # not lower case
        (FingerprintKind.SHA256, "/9j/4AAQSkZJRgABAQ"),  # the start of a JPEG
    ],
)
def test_anything_but_a_well_formed_hash_is_refused(kind: FingerprintKind, value: str) -> None:
    with pytest.raises(NotAFingerprint):
        Fingerprint(kind, value)


def test_samspil_fingerprint_prints_the_hashes_and_stores_nothing(tmp_path: Path) -> None:
    image_file = tmp_path / "evidence" / "screenshot.png"
    image_file.parent.mkdir()
    photo(7).save(image_file)
    video_file = tmp_path / "evidence" / "clip.mp4"
    video_file.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64)
    before = sorted(p.name for p in tmp_path.rglob("*"))

    printed = []
    for file in (image_file, video_file):
        done = subprocess.run(
            [sys.executable, "-m", "services.cli", "fingerprint", str(file)],
            cwd=tmp_path,
            env={"PATH": "", "PYTHONPATH": str(ROOT), "SAMSPIL_DATA_DIR": str(tmp_path / "d")},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        printed.append(json.loads(done.stdout)["fingerprints"])

    assert [f["kind"] for f in printed[0]] == ["pdq", "sha256"]
    assert [f["kind"] for f in printed[1]] == ["md5", "sha256"]
    assert printed[0] == [
        {"kind": f.kind.value, "value": f.value} for f in fingerprints_of(image_file)
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "nothing was written"
