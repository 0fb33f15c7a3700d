"""``samspil keys rotate``: re-wrap every data key under a new KEK, touching no event.

Run it while the service is stopped (a running service holds its KEK in memory).
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.encryption import kek_file, service_keks, validate_key
from infra.event_store import open_recorder
from infra.keyring import DataKeys
from infra.settings import ServiceName, Settings
from infra.store_sql import StoreSql


def rotate(settings: Settings, service: ServiceName, new_key: str | None = None) -> int:
    old = service_keks(settings, service)[0]
    if settings.cipher_key and not new_key:
        print(
            "samspil keys rotate: this service's KEK comes from SAMSPIL_CIPHER_KEY; "
            "give the new one with --new-key (base64)."
        )
        return 2
    new = base64.b64decode(validate_key(new_key)) if new_key else AESGCM.generate_key(256)
    path = kek_file(settings, service)
    retired = path.with_suffix(".retired")
    if not settings.cipher_key:
        # Keep the old KEK beside the new one until every data key is re-wrapped.
        retired.write_text(base64.b64encode(old).decode() + "\n", encoding="ascii")
        _replace(path, new)
    recorder = open_recorder(settings, service)
    keys = DataKeys([new, old])
    keys.bind(StoreSql(recorder))
    count = keys.rotate()
    if settings.cipher_key:
        print(f"{service}: re-wrapped {count} data keys. Set SAMSPIL_CIPHER_KEY to the new key.")
    else:
        retired.unlink()
        print(f"{service}: re-wrapped {count} data keys under a new KEK in {path}.")
    print("The old KEK no longer opens anything here; destroy every copy of it.")
    return 0


def _replace(path: os.PathLike[str] | str, key: bytes) -> None:
    staged = f"{path}.new"
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(base64.b64encode(key).decode() + "\n")
    os.replace(staged, path)
