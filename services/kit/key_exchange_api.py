"""The key-exchange endpoint: keys a service hands to trusted peer services only.

Which keys a service hands out, and to whom, is its blueprint's ``key_grants``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from fastapi import APIRouter, HTTPException

from contracts.key_exchange import KeyGrantV1, KeyRequestV1
from infra.audit_chain import SigningKey
from infra.key_exchange import (
    KEY_EXCHANGE_PATH,
    KeyRefused,
    TrustDirectory,
    UntrustedPeer,
    check_request,
    grant,
)
from infra.keyring import KeyDestroyed
from infra.logging import error_fields
from infra.settings import ServiceName

log = structlog.get_logger(__name__)

KeyGrants = Callable[[Any, KeyRequestV1], bytes]
"""The key a trusted peer asked for; raises ``KeyRefused`` (404) or ``KeyDestroyed`` (410)."""


def key_exchange_routes(
    app: Any,
    granter: ServiceName,
    signer: SigningKey,
    trust: TrustDirectory,
    key_grants: KeyGrants,
) -> APIRouter:
    router = APIRouter(tags=["key exchange"])

    @router.post(
        KEY_EXCHANGE_PATH,
        summary="A key, encrypted for the asking peer service (signed requests only)",
        responses={401: {}, 404: {}, 410: {}},
    )
    async def exchange(request: KeyRequestV1) -> KeyGrantV1:
        try:
            check_request(request, trust, datetime.now(UTC))
        except UntrustedPeer as error:
            log.warning("key_exchange.refused", requester=request.requester, **error_fields(error))
            raise HTTPException(401, str(error)) from None
        if request.requester == granter:
            raise HTTPException(401, "a service does not ask itself for keys")
        try:
            key = await app.workers.run(key_grants, app, request)
        except KeyRefused as error:
            raise HTTPException(404, f"{request.key_id}: {error}") from None
        except KeyDestroyed:
            raise HTTPException(410, f"{request.key_id}: the case was erased") from None
        log.info("key_exchange.granted", requester=request.requester, key_id=request.key_id)
        return grant(request, key, granter=granter, signer=signer)

    return router
