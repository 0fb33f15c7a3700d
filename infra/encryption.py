"""A service's key-encryption key (KEK): from configuration or a key file, never the database."""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

import structlog
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.settings import Settings

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


def kek_file(settings: Settings, service: str) -> Path:
    return settings.data_dir / service / "kek.key"


def service_keks(settings: Settings, service: str) -> list[bytes]:
    """The service's KEK, first, then any retired one still needed during a rotation."""
    configured = settings.cipher_key or load_or_create_key(kek_file(settings, service))
    keks = [base64.b64decode(validate_key(configured))]
    retired = kek_file(settings, service).with_suffix(".retired")
    if retired.exists():
        keks.append(base64.b64decode(validate_key(retired.read_text().strip())))
    return keks
