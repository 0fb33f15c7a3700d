"""The key-exchange endpoint: keys a deployment hands to trusted peer deployments only.

Which keys a service hands out, and to whom, is its blueprint's ``key_grants``: it is
told who asks and what the directory says the asker serves. Every request for a case's
key, granted or refused, is a disclosure recorded in the case's access log, with the
asking deployment as the actor.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import structlog
from fastapi import APIRouter, HTTPException

from contracts.key_exchange import KeyGrant, KeyRequest
from contracts.sealed import CASE_KEY_PREFIX, MATCH_KEY_PREFIX
from domain.actors import Actor
from domain.commands import OversightAction
from infra.audit_chain import SigningKey
from infra.key_exchange import (
    KEY_EXCHANGE_PATH,
    KeyAsk,
    KeyRefused,
    NotServed,
    TrustDirectory,
    UntrustedPeer,
    check_request,
    grant,
)
from infra.keyring import KeyDestroyed
from infra.logging import error_fields
from services.kit.application import ServiceApplication

log = structlog.get_logger(__name__)

KeyGrants = Callable[[Any, KeyAsk], bytes]
"""The key a trusted peer asked for; raises ``KeyRefused`` (404), ``NotServed`` (403) or
``KeyDestroyed`` (410)."""


def key_exchange_routes(
    app: ServiceApplication,
    signer: SigningKey,
    trust: TrustDirectory,
    key_grants: KeyGrants,
) -> APIRouter:
    router = APIRouter(tags=["key exchange"])
    granter = app.deployment

    @router.post(
        KEY_EXCHANGE_PATH,
        summary="A key, encrypted for the asking peer deployment (signed requests only)",
        responses={401: {}, 403: {}, 404: {}, 410: {}},
    )
    async def exchange(request: KeyRequest) -> KeyGrant:
        try:
            check_request(request, trust, datetime.now(UTC), granter=granter)
        except UntrustedPeer as error:
            log.warning("key_exchange.refused", requester=request.requester, **error_fields(error))
            raise HTTPException(401, str(error)) from None
        if request.requester == granter:
            raise HTTPException(401, "a deployment does not ask itself for keys")
        ask = KeyAsk(request.key_id, request.requester, trust.serves(request.requester))
        try:
            key = await app.workers.run(key_grants, app, ask)
        except KeyRefused as error:
            raise HTTPException(404, f"{request.key_id}: {error}") from None
        except KeyDestroyed:
            raise HTTPException(410, f"{request.key_id}: the case was erased") from None
        except NotServed as error:
            await app.workers.run(_disclosed, app, ask, str(error))
            log.warning("key_exchange.not_served", requester=ask.requester, key_id=ask.key_id)
            raise HTTPException(
                403, f"{request.key_id}: {error.wording.da} / {error.wording.en}"
            ) from None
        await app.workers.run(_disclosed, app, ask, None)
        log.info("key_exchange.granted", requester=ask.requester, key_id=ask.key_id)
        return grant(request, key, granter=granter, signer=signer)

    return router


def _disclosed(app: ServiceApplication, ask: KeyAsk, refused: str | None) -> None:
    """A key of one case (its transport or its matching key) handed out, or refused, is
    recorded on the case's access log; asking about a case not held here records nothing
    (a record would start a log, and a key, for a case that does not exist)."""
    case_id = next(
        (
            ask.key_id.removeprefix(p)
            for p in (CASE_KEY_PREFIX, MATCH_KEY_PREFIX)
            if ask.key_id.startswith(p)
        ),
        None,
    )  # a notices or pseudonym key opens no one case
    if case_id is None or not _holds(app, case_id):
        return
    app.record_access(
        f"case:{case_id}",
        Actor.deployment(ask.requester),
        OversightAction.HAND_CASE_KEY.value,
        allowed=refused is None,
        reason=refused,
    )


def _holds(app: ServiceApplication, case_id: str) -> bool:
    try:
        return app.holds_case(UUID(case_id))
    except ValueError:  # the pattern lets through what is no UUID, such as 36 dashes
        return False
