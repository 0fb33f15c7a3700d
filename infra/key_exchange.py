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
from dataclasses import dataclass
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
from contracts.directory import ServesV1
from contracts.key_exchange import (
    PSEUDONYM_KEY,
    KeyGrant,
    KeyGrantV1,
    KeyGrantV2,
    KeyRequest,
    KeyRequestV2,
)
from contracts.sealed import MATCH_KEY_PREFIX, NOTICES_KEY_PREFIX
from domain.commands import Wording
from infra.audit_chain import SigningKey
from infra.directory import DeploymentDirectory
from infra.key_holders import KeyHolders
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


class NotServed(Exception):
    """The asking deployment serves neither the case's municipality nor its police district
    (403): the key is not handed over, and the refusal is audited."""

    def __init__(self, wording: Wording) -> None:
        super().__init__(wording.en)
        self.wording = wording


@dataclass(frozen=True)
class KeyAsk:
    """A verified request for a key: which, by which deployment, serving what (as the
    directory of deployments says)."""

    key_id: str
    requester: str
    serves: ServesV1


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
    """Whom this deployment trusts: public keys pinned by the operator, one
    ``DEPLOYMENT.pub`` file each (base64 Ed25519), and the signed directory of
    deployments (``infra.directory``) for their keys, addresses and whom they serve."""

    def __init__(self, directory: Path, deployments: DeploymentDirectory | None = None) -> None:
        self._directory = directory
        self.deployments = deployments or DeploymentDirectory("")

    def publish(self, deployment: str, key: SigningKey) -> None:
        """Put a deployment's public key here, as ``DEPLOYMENT.pub``."""
        self._directory.mkdir(parents=True, exist_ok=True)
        target = self._directory / f"{deployment}.pub"
        if not target.exists() or target.read_text(encoding="ascii").strip() != key.public_key:
            staged = target.with_suffix(".pub.tmp")
            staged.write_text(key.public_key + "\n", encoding="ascii")
            staged.replace(target)

    def public_key(self, deployment: str) -> str | None:
        """The deployment's trusted public key (base64): pinned, else the directory's."""
        try:
            return (self._directory / f"{deployment}.pub").read_text(encoding="ascii").strip()
        except OSError:
            return self.deployments.public_key(deployment)

    def serves(self, deployment: str) -> ServesV1:
        """What a deployment serves, as the directory says (``DeploymentDirectory.serves``)."""
        return self.deployments.serves(deployment)

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
    requester: str, granter: str, key_id: str, signer: SigningKey
) -> tuple[KeyRequestV2, X25519PrivateKey]:
    """A request from one deployment to another, for one key."""
    ephemeral = X25519PrivateKey.generate()
    unsigned = KeyRequestV2(
        key_id=key_id,
        requester=requester,
        granter=granter,
        ephemeral_public_key=_raw_public(ephemeral),
        issued_at=datetime.now(UTC).isoformat(),
        signature="AA==",
    )
    signed = unsigned.model_copy(update={"signature": signer.sign_bytes(unsigned.signed_part())})
    return signed, ephemeral


def check_request(
    request: KeyRequest, trust: TrustDirectory, now: datetime, *, granter: str
) -> None:
    """Raises ``UntrustedPeer`` unless a trusted peer signed this request, just now, for
    this deployment (``granter``): version 1 could only be meant for the one of its kind."""
    addressed = request.granter if isinstance(request, KeyRequestV2) else kind_of(granter)
    if addressed != granter:
        raise UntrustedPeer(f"the request is addressed to {addressed}, not to {granter}")
    if not trust.verify(request.requester, request.signed_part(), request.signature):
        raise UntrustedPeer(
            f"the request is not signed by the {request.requester} deployment's trusted key"
        )
    try:
        issued = datetime.fromisoformat(request.issued_at)
    except ValueError:
        raise UntrustedPeer("issued_at is not an ISO 8601 time") from None
    if issued.tzinfo is None or abs(now - issued) > REQUEST_VALID_FOR:
        raise UntrustedPeer("issued_at is not within five minutes of now (UTC)")


def grant(request: KeyRequest, key: bytes, *, granter: str, signer: SigningKey) -> KeyGrant:
    """The key, encrypted so that only the request's ephemeral key opens it, in the
    version of the request."""
    ephemeral = X25519PrivateKey.generate()
    peer = X25519PublicKey.from_public_bytes(base64.b64decode(request.ephemeral_public_key))
    wrapping = _wrapping_key(ephemeral.exchange(peer), request.key_id, request.requester)
    nonce = os.urandom(12)
    sealed = {
        "key_id": request.key_id,
        "ephemeral_public_key": _raw_public(ephemeral),
        "nonce": b64(nonce),
        "wrapped_key": b64(wrapping.encrypt(nonce, key, request.key_id.encode())),
        "signature": "AA==",
    }
    if isinstance(request, KeyRequestV2):
        v2 = KeyGrantV2(**sealed, granter=granter)
        return v2.model_copy(update={"signature": signer.sign_bytes(v2.signed_part(request))})
    v1 = KeyGrantV1(**sealed, granter=kind_of(granter))
    return v1.model_copy(update={"signature": signer.sign_bytes(v1.signed_part(request))})


def accept(
    granted: KeyGrantV2,
    request: KeyRequestV2,
    ephemeral: X25519PrivateKey,
    trust: TrustDirectory,
) -> bytes:
    """The key inside a grant, once its signature and binding to our request check out:
    only the deployment that was asked may grant it, signed with its own key."""
    if (
        granted.key_id != request.key_id
        or granted.granter != request.granter
        or not trust.verify(request.granter, granted.signed_part(request), granted.signature)
    ):
        raise KeyUnavailable(
            f"the grant for {request.key_id} is not signed by a trusted {request.granter}"
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


@dataclass(frozen=True)
class Fetched:
    """A key another deployment handed over, and which deployment that was."""

    key: bytes
    granter: str


Fetch = Callable[[str, str | None], Awaitable[Fetched]]
"""Fetch a key id, given the deployment that hands it out, if the message says so."""


def granter_of(key_id: str, owner: str | None, serves: ServesV1, trust: TrustDirectory) -> str:
    """Which deployment hands out a key: a case's transport key, the school deployment
    that published the case's message (``owner``); a deployment's notices key, the one it
    names; a case's matching key, the SSP deployment that made it; the pseudonym key, the
    SSP deployment serving this one's municipalities."""
    if key_id.startswith(NOTICES_KEY_PREFIX):
        return key_id.removeprefix(NOTICES_KEY_PREFIX)
    if key_id.startswith(MATCH_KEY_PREFIX):  # made by the SSP deployment whose case it is
        return owner if owner is not None and kind_of(owner) == "ssp" else "ssp"
    if owner is not None and key_id == PSEUDONYM_KEY and kind_of(owner) == "ssp":
        return owner
    if key_id == PSEUDONYM_KEY:
        serving = trust.deployments.serving("ssp", serves.reach())
        return serving[0] if serving else "ssp"
    return owner if owner is not None and kind_of(owner) == "school" else "school"


class KeyExchangeClient:
    """Asks a peer deployment for a key it hands out: the school deployment for its
    cases' transport keys and its notices key, the SSP deployment for the pseudonym key."""

    def __init__(
        self, settings: Settings, service: ServiceName, signer: SigningKey, trust: TrustDirectory
    ) -> None:
        self._urls: dict[str, str] = {
            "school": settings.school_base_url(),
            "ssp": settings.ssp_base_url(),
            **{d: url.rstrip("/") for d, url in settings.deployment_urls.items()},
        }
        self._deployment = settings.deployment(service)
        self._serves = settings.serves(service)
        self._signer = signer
        self._trust = trust
        self._http: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    def url_of(self, deployment: str) -> str | None:
        """Where a deployment answers: the directory's word, else the configured one."""
        return self._trust.deployments.url(deployment) or self._urls.get(deployment)

    async def fetch(self, key_id: str, owner: str | None = None) -> Fetched:
        """The key, from the deployment that hands it out (``granter_of``); raises
        ``KeyDestroyed`` (erased), ``KeyRefused`` or ``KeyUnavailable``."""
        granter = granter_of(key_id, owner, self._serves, self._trust)
        if granter == self._deployment:
            raise KeyRefused(f"{key_id} is handed out by this deployment, which never held it")
        base = self.url_of(granter)
        if base is None:
            raise KeyRefused(f"no address is known for {granter} (directory, deployment_urls)")
        request, ephemeral = make_request(self._deployment, granter, key_id, self._signer)
        url = base + KEY_EXCHANGE_PATH
        if self._http is None:  # one client, so connections are kept alive between cases
            self._http = httpx.AsyncClient(timeout=10.0)
        try:
            response = await self._http.post(url, json=request.model_dump(mode="json"))
        except httpx.HTTPError as error:
            raise KeyUnavailable(f"{url} did not answer: {error}") from error
        if response.status_code == 410:
            raise KeyDestroyed(key_id)
        if response.status_code in (403, 404):
            raise KeyRefused(f"{granter} does not hand {key_id} to {self._deployment}")
        if response.status_code != 200:
            raise KeyUnavailable(
                f"{url} refused the key exchange ({response.status_code}): {response.text}"
            )
        try:
            granted = KeyGrantV2.model_validate_json(response.content)
        except ValidationError:
            raise KeyUnavailable(f"{url} answered with something that is not a key grant") from None
        return Fetched(accept(granted, request, ephemeral, self._trust), granter)


class TransportKeys:
    """Where a service finds the keys peers hand out (the cases' transport keys, SSP's
    pseudonym key): its own keyring first, else the deployment that grants them."""

    def __init__(
        self,
        keys: DataKeys,
        workers: StoreWorkers,
        fetch: Fetch | None,
        holders: KeyHolders | None = None,
    ) -> None:
        self._keys = keys
        self._workers = workers
        self._fetch = fetch
        self._holders = holders

    def for_publishing(self, key_id: str, *, create: bool) -> bytes:
        """In the relay's worker thread; raises ``KeyDestroyed`` once the case is erased."""
        if create:
            return self._keys.key(key_id, create=True)
        found = self._keys.lookup(key_id)
        if found is None:
            raise KeyRefused(f"no transport key {key_id} was ever received here")
        return found

    def holder_of(self, key_id: str) -> str | None:
        """Which deployment handed us the key (None: it is our own)."""
        return self._holders.holder_of(key_id) if self._holders is not None else None

    async def for_reading(self, key_id: str, owner: str | None = None) -> bytes:
        """The key, from this keyring, else fetched from the deployment that hands it out
        (``owner``: the one the message names, when it names one)."""
        found = await self._workers.run(self._keys.lookup, key_id)
        if found is not None:
            return found
        if self._fetch is None:
            raise KeyRefused(f"this service never held the key {key_id}")
        fetched = await self._fetch(key_id, owner)
        return await self._workers.run(self._keep, key_id, fetched)

    def _keep(self, key_id: str, fetched: Fetched) -> bytes:
        """In one trip to a store worker: the message waits for it."""
        if self._holders is not None:
            self._holders.record(key_id, fetched.granter)
        return self._keys.import_key(key_id, fetched.key)
