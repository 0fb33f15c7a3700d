"""HTTP conventions every service shares: who is acting, and how refusals read."""

from __future__ import annotations

from typing import Annotated

import structlog
from eventsourcing.application import AggregateNotFoundError
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain.actors import Actor
from domain.errors import CaseErased, DomainError
from infra.auth import InvalidToken, TokenVerifier
from services.kit import validation_errors
from services.kit.application import Forbidden, NotFound
from services.kit.correlation import route_template

_bearer = HTTPBearer(auto_error=False, description="A JWT from the configured issuer.")


def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    """The acting professional, from the bearer token: never from the request itself."""
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        if credentials is None:
            raise InvalidToken("no_bearer_token")
        claims = verifier.verify(credentials.credentials)
        return Actor(claims.person_id, claims.role, claims.organisation)
    except InvalidToken as error:
        log.warning("auth.refused", route=route_template(request.scope), reason=error.kind)
        raise HTTPException(
            status_code=401,
            detail="A valid bearer token is required.",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None


log = structlog.get_logger(__name__)

ActingProfessional = Annotated[Actor, Depends(current_actor)]


def install_error_handlers(app: FastAPI) -> None:
    """Domain refusals are 409 with the rule's message; unknown ids are 404."""

    async def refused(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(
            status_code=409, content={"detail": str(error), "error": type(error).__name__}
        )

    async def gone(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, CaseErased)
        return JSONResponse(
            status_code=410,
            content={"detail": str(error), "erased_at": error.when, "reason": error.reason},
        )

    async def forbidden(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(status_code=403, content={"detail": str(error)})

    async def not_found(_: Request, error: Exception) -> JSONResponse:
        detail = str(error) if isinstance(error, NotFound) else "No such record."
        return JSONResponse(status_code=404, content={"detail": detail})

    app.add_exception_handler(CaseErased, gone)
    app.add_exception_handler(DomainError, refused)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(AggregateNotFoundError, not_found)
    validation_errors.install(app)  # 422 naming each field, in English and Danish
