"""The directory of deployments as this deployment knows it: signed entries, kept on disk.

Entries arrive over the compacted ``samspil.directory`` topic (``contracts.directory``)
and are kept only when the directory authority signed them; the newest entry of a
deployment wins. They are written to a file beside the store, so a broker that lost its
topics (the embedded one keeps nothing across a restart) leaves every deployment still
knowing its peers.
"""

from __future__ import annotations

import base64
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from contracts.deployments import kind_of
from contracts.directory import NOTHING, DirectoryEntryV1, ServesV1
from infra.audit_chain import SigningKey


class EntryRefused(Exception):
    """Not signed by the directory authority, or older than the entry already kept."""


def sign_entry(
    authority: SigningKey, *, deployment: str, url: str, public_key: str, serves: ServesV1
) -> DirectoryEntryV1:
    """An entry, vouched for by the authority (the operator command ``samspil directory``)."""
    unsigned = DirectoryEntryV1(
        deployment=deployment,
        url=url.rstrip("/"),
        public_key=public_key,
        serves=serves,
        issued_at=datetime.now(UTC).isoformat(),
        signature="AA==",
    )
    return unsigned.model_copy(update={"signature": authority.sign_bytes(unsigned.signed_part())})


def signed_by(entry: DirectoryEntryV1, authority_key: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(authority_key))
        public.verify(base64.b64decode(entry.signature), entry.signed_part())
    except (ValueError, InvalidSignature):
        return False
    return True


class DeploymentDirectory:
    """The verified entries, by deployment id; empty when no authority is configured."""

    def __init__(self, authority_key: str, cache_file: Path | None = None) -> None:
        self._authority_key = authority_key
        self._cache_file = cache_file
        self._entries: dict[str, DirectoryEntryV1] = {}
        self._lock = threading.Lock()
        if cache_file is not None and cache_file.exists():
            for raw in json.loads(cache_file.read_text(encoding="utf-8")):
                try:
                    self.keep(DirectoryEntryV1.model_validate(raw), persist=False)
                except (ValidationError, EntryRefused):
                    continue  # a file edited by hand, or an authority since replaced

    def keep(self, entry: DirectoryEntryV1, *, persist: bool = True) -> bool:
        """Keep a signed entry; True if it is new or newer. Raises ``EntryRefused``."""
        if not self._authority_key or not signed_by(entry, self._authority_key):
            raise EntryRefused(f"the entry of {entry.deployment} is not the authority's")
        with self._lock:
            known = self._entries.get(entry.deployment)
            if known is not None and _issued(known) >= _issued(entry):
                return False
            self._entries[entry.deployment] = entry
            if persist and self._cache_file is not None:
                self._write()
        return True

    def entry(self, deployment: str) -> DirectoryEntryV1 | None:
        return self._entries.get(deployment)

    def public_key(self, deployment: str) -> str | None:
        found = self._entries.get(deployment)
        return found.public_key if found else None

    def url(self, deployment: str) -> str | None:
        found = self._entries.get(deployment)
        return found.url if found else None

    def serves(self, deployment: str) -> ServesV1:
        """What a deployment serves: its entry's word; a bare kind without an entry is the
        one deployment of its kind and serves everything; anyone else, nothing."""
        found = self._entries.get(deployment)
        if found is not None:
            return found.serves
        return ServesV1(everything=True) if "." not in deployment else NOTHING

    def serving(self, kind: str, audience: tuple[str, ...]) -> list[str]:
        """The deployments of a kind that take a message addressed to ``audience``."""
        return sorted(
            d
            for d, e in self._entries.items()
            if kind_of(d) == kind and e.serves.takes(audience, deployment=d)
        )

    def _write(self) -> None:
        assert self._cache_file is not None
        self._cache_file.parent.mkdir(parents=True, exist_ok=True)
        staged = self._cache_file.with_suffix(".tmp")
        entries = [e.model_dump(mode="json") for e in self._entries.values()]
        staged.write_text(json.dumps(entries, indent=1), encoding="utf-8")
        staged.replace(self._cache_file)


def _issued(entry: DirectoryEntryV1) -> datetime:
    try:
        return datetime.fromisoformat(entry.issued_at)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
