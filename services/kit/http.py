"""HTTP conventions every service shares: who is acting, and how refusals read.

Every refusal answers in both languages with a stable code::

    {"error": "ParentsAlreadyInformed", "detail": "<in the negotiated language>",
     "detail_da": "...", "detail_en": "..."}

``detail`` is Danish when ``Accept-Language`` prefers it, else English, and
``Content-Language`` says which (``services.kit.language``). A 422 keeps its list of
problems under ``detail`` (``services.kit.validation_errors``).
"""

from __future__ import annotations

from typing import Annotated, Any

import structlog
from eventsourcing.application import AggregateNotFoundError
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from domain.actors import Actor
from domain.commands import Wording
from domain.errors import CaseErased, DomainError
from infra.auth import InvalidToken, TokenVerifier
from services.kit import validation_errors
from services.kit.application import Forbidden, NotFound
from services.kit.correlation import route_template
from services.kit.language import requested

_bearer = HTTPBearer(auto_error=False, description="A JWT from the configured issuer.")


class NotAuthenticated(Exception):
    """No valid bearer token came with the request (HTTP 401)."""


NOT_AUTHENTICATED = Wording(
    "Du skal være logget ind: Samspil kræver et gyldigt adgangstoken (bearer token).",
    "A valid bearer token is required.",
)


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
        raise NotAuthenticated() from None


log = structlog.get_logger(__name__)

ActingProfessional = Annotated[Actor, Depends(current_actor)]

_NOT_FOUND_DA = {
    "Case": "Sagen blev ikke fundet.",
    "Cluster": "Klyngen blev ikke fundet.",
    "Police-notification": "Orienteringen af politiet blev ikke fundet.",
    "District": "Politikredsens indbakke blev ikke fundet.",
    "Cluster-alerts": "Politikredsens varsler om klynger blev ikke fundet.",
    "Municipality": "Kommunens oversigt blev ikke fundet.",
    "Clusters": "Kommunens klynger blev ikke fundet.",
}
"""What ``NotFound`` names (a record's kind), as a Danish sentence."""
NO_SUCH_RECORD = Wording("Det, du leder efter, findes ikke.", "No such record.")


def refusal(
    request: Request,
    status: int,
    code: str,
    wording: Wording,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A refusal in the request's language, with both languages and a stable code."""
    language = requested(request.scope)
    body = {
        "error": code,
        "detail": language.of(wording),
        "detail_da": wording.da,
        "detail_en": wording.en,
        **extra,
    }
    return JSONResponse(
        status_code=status,
        content=body,
        headers={**(headers or {}), "Content-Language": language.value},
    )


def not_found_wording(error: Exception) -> Wording:
    if not isinstance(error, NotFound):
        return NO_SUCH_RECORD
    return Wording(_NOT_FOUND_DA.get(error.what, NO_SUCH_RECORD.da), str(error))


def install_error_handlers(app: FastAPI) -> None:
    """Domain refusals are 409 with the rule's message; unknown ids are 404."""

    async def refused(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, DomainError)
        return refusal(request, 409, error.code, Wording(error.message_da, error.message_en))

    async def gone(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, CaseErased)
        wording = Wording(error.message_da, error.message_en)
        return refusal(request, 410, error.code, wording, erased_at=error.when, reason=error.reason)

    async def forbidden(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, Forbidden)
        return refusal(request, 403, error.code, error.wording)

    async def not_found(request: Request, error: Exception) -> JSONResponse:
        return refusal(request, 404, "NotFound", not_found_wording(error))

    async def unauthenticated(request: Request, _: Exception) -> JSONResponse:
        return refusal(
            request,
            401,
            "NotAuthenticated",
            NOT_AUTHENTICATED,
            headers={"WWW-Authenticate": "Bearer"},
        )

    app.add_exception_handler(CaseErased, gone)
    app.add_exception_handler(DomainError, refused)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(AggregateNotFoundError, not_found)
    app.add_exception_handler(NotAuthenticated, unauthenticated)
    validation_errors.install(app)  # 422 naming each field, in English and Danish
