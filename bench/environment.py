"""Settings for a benchmark run, independent of the caller's environment and ``.env``."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.settings import Settings


def bench_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Embedded SQLite stores under ``data_dir``, encrypted with a key made for this run.

    A ``SAMSPIL_DATABASE_URL`` or ``.env`` on the machine must not send the benchmark to
    another database, and giving the key up front keeps the store exactly as configured in
    production while skipping the key file and its warning.
    """
    key = base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url="",
        cipher_key=key,
        **overrides,
    )
