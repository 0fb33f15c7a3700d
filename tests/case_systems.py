"""Municipal case systems for the tests: each a key pair, its public half registered."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def case_systems(directory: Path, *municipalities: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """The ``case_system_keys`` setting for these municipalities, and each one's private key."""
    directory.mkdir(parents=True, exist_ok=True)
    registered, private = {}, {}
    for municipality in municipalities:
        key = Ed25519PrivateKey.generate()
        public_file = directory / f"{municipality.casefold()}.pem"
        public_file.write_bytes(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        registered[municipality] = str(public_file)
        private[municipality] = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    return registered, private
