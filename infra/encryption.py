"""The key that encrypts a service's event store (AES-GCM via ``cryptography``)."""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CIPHER_TOPIC = "eventsourcing.cryptography:AESCipher"

log = structlog.get_logger(__name__)


class InvalidCipherKey(ValueError):
    pass


def validate_key(key: str) -> str:
    try:
        raw = base64.b64decode(key, validate=True)
    except binascii.Error as error:
        raise InvalidCipherKey("SAMSPIL_CIPHER_KEY is not valid base64") from error
    if len(raw) not in (16, 24, 32):
        raise InvalidCipherKey("SAMSPIL_CIPHER_KEY must decode to 16, 24 or 32 bytes")
    return key


def load_or_create_key(path: Path) -> str:
    """Read the key kept at ``path``, creating it (readable by the owner only) on first use."""
    if path.exists():
        return validate_key(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key + "\n")
    log.warning("store_key.generated", path=str(path), advice="back this file up with the store")
    return key
