"""Transport keys handed from the school to a peer service, over HTTP and never via Kafka.

A peer signs a request with its Ed25519 service key and a fresh X25519 key; the
school checks the signature against the peer's public key in the trust directory,
encrypts the transport key to the fresh key (X25519 + HKDF + AES-GCM) and signs its
answer. Both sides forget the fresh keys at once, so the exchange cannot be replayed
into a key later; once every holder has destroyed a case's transport key, nothing
anywhere opens that case's messages on the topics.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import ValidationError

from contracts.deployments import kind_of
from contracts.key_exchange import PSEUDONYM_KEY, KeyGrantV1, KeyRequestV1
from infra.audit_chain import SigningKey
from infra.keyring import DataKeys, KeyDestroyed
from infra.settings import ServiceName, Settings
from infra.store_workers import StoreWorkers

REQUEST_VALID_FOR = timedelta(minutes=5)
KEY_EXCHANGE_PATH = "/internal/transport-keys"


class UntrustedPeer(Exception):
    """The request is not signed by a service in the trust directory, or is stale (401)."""


class KeyRefused(Exception):
    """The school has no such key (it never published under it): the message is poison."""


class KeyUnavailable(Exception):
    """The school could not be asked just now: try the message again later."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def signing_key(settings: Settings, service: ServiceName) -> SigningKey:
    """The service's Ed25519 key: it signs checkpoints and key-exchange messages."""
    path = (
        Path(settings.signing_key_file)
        if settings.signing_key_file
        else settings.service_dir(service) / "signing.key"
    )
    return SigningKey(path)


class TrustDirectory:
    """The services' public keys, one ``SERVICE.pub`` file each (base64 Ed25519)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def publish(self, deployment: str, key: SigningKey) -> None:
        """Put a deployment's public key here, as ``DEPLOYMENT.pub``."""
        self._directory.mkdir(parents=True, exist_ok=True)
        target = self._directory / f"{deployment}.pub"
        if not target.exists() or target.read_text(encoding="ascii").strip() != key.public_key:
            staged = target.with_suffix(".pub.tmp")
            staged.write_text(key.public_key + "\n", encoding="ascii")
            staged.replace(target)

    def public_key(self, service: str) -> str | None:
        """The service's trusted public key (base64), or None if the directory has none."""
        try:
            return (self._directory / f"{service}.pub").read_text(encoding="ascii").strip()
        except OSError:
            return None

    def verify(self, service: str, message: bytes, signature: str) -> bool:
        trusted = self.public_key(service)
        if trusted is None:
            return False
        try:
            public = Ed25519PublicKey.from_public_bytes(base64.b64decode(trusted))
            public.verify(base64.b64decode(signature), message)
        except (OSError, ValueError, InvalidSignature):
            return False
        return True


def _wrapping_key(shared: bytes, key_id: str, requester: str) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"samspil-key-exchange|{key_id}|{requester}".encode(),
    ).derive(shared)
    return AESGCM(derived)


def _raw_public(key: X25519PrivateKey) -> str:
    return b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def make_request(
    requester: ServiceName, key_id: str, signer: SigningKey
) -> tuple[KeyRequestV1, X25519PrivateKey]:
    ephemeral = X25519PrivateKey.generate()
    unsigned = KeyRequestV1(
        key_id=key_id,
        requester=requester,
        ephemeral_public_key=_raw_public(ephemeral),
        issued_at=datetime.now(UTC).isoformat(),
        signature="AA==",
    )
    signed = unsigned.model_copy(update={"signature": signer.sign_bytes(unsigned.signed_part())})
    return signed, ephemeral


def check_request(request: KeyRequestV1, trust: TrustDirectory, now: datetime) -> None:
    """Raises ``UntrustedPeer`` unless a trusted peer signed this request just now."""
    if not trust.verify(request.requester, request.signed_part(), request.signature):
        raise UntrustedPeer(
            f"the request is not signed by the {request.requester} service's trusted key"
        )
    try:
        issued = datetime.fromisoformat(request.issued_at)
    except ValueError:
        raise UntrustedPeer("issued_at is not an ISO 8601 time") from None
    if issued.tzinfo is None or abs(now - issued) > REQUEST_VALID_FOR:
        raise UntrustedPeer("issued_at is not within five minutes of now (UTC)")


def grant(
    request: KeyRequestV1, key: bytes, *, granter: ServiceName, signer: SigningKey
) -> KeyGrantV1:
    """The key, encrypted so that only the request's ephemeral key opens it."""
    ephemeral = X25519PrivateKey.generate()
    peer = X25519PublicKey.from_public_bytes(base64.b64decode(request.ephemeral_public_key))
    wrapping = _wrapping_key(ephemeral.exchange(peer), request.key_id, request.requester)
    nonce = os.urandom(12)
    unsigned = KeyGrantV1(
        key_id=request.key_id,
        granter=granter,
        ephemeral_public_key=_raw_public(ephemeral),
        nonce=b64(nonce),
        wrapped_key=b64(wrapping.encrypt(nonce, key, request.key_id.encode())),
        signature="AA==",
    )
    signature = signer.sign_bytes(unsigned.signed_part(request))
    return unsigned.model_copy(update={"signature": signature})


def accept(
    granted: KeyGrantV1,
    request: KeyRequestV1,
    ephemeral: X25519PrivateKey,
    trust: TrustDirectory,
    deployment: str | None = None,
) -> bytes:
    """The key inside a grant, once its signature and binding to our request check out.

    Only the service that hands out a key may grant it, signed with the key of the
    deployment that was asked (by default the one deployment of that kind): another
    trusted peer cannot.
    """
    granter = granter_of(request.key_id)
    signed_by = deployment or granter
    if (
        granted.key_id != request.key_id
        or granted.granter != granter
        or not trust.verify(signed_by, granted.signed_part(request), granted.signature)
    ):
        raise KeyUnavailable(
            f"the grant for {request.key_id} is not signed by a trusted {signed_by}"
        )
    peer = X25519PublicKey.from_public_bytes(base64.b64decode(granted.ephemeral_public_key))
    wrapping = _wrapping_key(ephemeral.exchange(peer), request.key_id, request.requester)
    try:
        return wrapping.decrypt(
            base64.b64decode(granted.nonce),
            base64.b64decode(granted.wrapped_key),
            request.key_id.encode(),
        )
    except InvalidTag:
        raise KeyUnavailable(f"the grant for {request.key_id} does not open") from None


Fetch = Callable[[str, str | None], Awaitable[bytes]]
"""Fetch a key id, from the deployment named (None: the one deployment that grants it)."""


def granter_of(key_id: str) -> ServiceName:
    """Who hands out a key: SSP its pseudonym key, the school every transport key."""
    return "ssp" if key_id == PSEUDONYM_KEY else "school"


class KeyExchangeClient:
    """Asks a peer for a key it hands out: the school for transport keys, SSP for the
    pseudonym key."""

    def __init__(self, settings: Settings, service: ServiceName, signer: SigningKey) -> None:
        self._urls: dict[str, str] = {
            "school": settings.school_base_url(),
            "ssp": settings.ssp_base_url(),
            **{d: url.rstrip("/") for d, url in settings.deployment_urls.items()},
        }
        self._service = service
        self._signer = signer
        self._trust = TrustDirectory(settings.trust_path())
        self._http: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def fetch(self, key_id: str, owner: str | None = None) -> bytes:
        """The key, from ``owner`` when that deployment is of the kind that grants it (the
        school deployment that published a case's event), else from the one deployment
        of that kind; raises ``KeyDestroyed`` (erased), ``KeyRefused`` or ``KeyUnavailable``."""
        granter = granter_of(key_id)
        if granter == self._service:
            raise KeyRefused(f"{key_id} is handed out by this service, which never held it")
        deployment = owner if owner is not None and kind_of(owner) == granter else granter
        if deployment not in self._urls:
            raise KeyRefused(f"no address is configured for {deployment} (deployment_urls)")
        request, ephemeral = make_request(self._service, key_id, self._signer)
        url = self._urls[deployment] + KEY_EXCHANGE_PATH
        if self._http is None:  # one client, so connections are kept alive between cases
            self._http = httpx.AsyncClient(timeout=10.0)
        try:
            response = await self._http.post(url, json=request.model_dump(mode="json"))
        except httpx.HTTPError as error:
            raise KeyUnavailable(f"{url} did not answer: {error}") from error
        if response.status_code == 410:
            raise KeyDestroyed(key_id)
        if response.status_code == 404:
            raise KeyRefused(f"{url} holds no key {key_id} for this service")
        if response.status_code != 200:
            raise KeyUnavailable(
                f"{url} refused the key exchange ({response.status_code}): {response.text}"
            )
        try:
            granted = KeyGrantV1.model_validate_json(response.content)
        except ValidationError:
            raise KeyUnavailable(f"{url} answered with something that is not a key grant") from None
        return accept(granted, request, ephemeral, self._trust, deployment)


class TransportKeys:
    """Where a service finds the keys peers hand out (the cases' transport keys, SSP's
    pseudonym key): its own keyring first, else the service that grants them."""

    def __init__(self, keys: DataKeys, workers: StoreWorkers, fetch: Fetch | None) -> None:
        self._keys = keys
        self._workers = workers
        self._fetch = fetch

    def for_publishing(self, key_id: str, *, create: bool) -> bytes:
        """In the relay's worker thread; raises ``KeyDestroyed`` once the case is erased."""
        if create:
            return self._keys.key(key_id, create=True)
        found = self._keys.lookup(key_id)
        if found is None:
            raise KeyRefused(f"no transport key {key_id} was ever received here")
        return found

    async def for_reading(self, key_id: str, owner: str | None = None) -> bytes:
        """The key, from this keyring, else fetched (from ``owner``, the deployment that
        published the message it opens, when that one grants such keys)."""
        found = await self._workers.run(self._keys.lookup, key_id)
        if found is not None:
            return found
        if self._fetch is None:
            raise KeyRefused(f"this service never held the key {key_id}")
        fetched = await self._fetch(key_id, owner)
        return await self._workers.run(self._keys.import_key, key_id, fetched)
