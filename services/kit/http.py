"""HTTP conventions every service shares: who is acting, and how refusals read."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from eventsourcing.application import AggregateNotFoundError
from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse

from domain.actors import Actor, Role
from domain.errors import DomainError
from services.kit.application import NotFound


def current_actor(
    x_samspil_person: Annotated[str, Header(min_length=1, max_length=200)],
    x_samspil_role: Annotated[Role, Header()],
    x_samspil_organisation: Annotated[str, Header(min_length=1, max_length=200)],
) -> Actor:
    """The acting professional, as the caller states it in request headers.

    Header values are ASCII; names such as "Hjørring" are sent percent-encoded (UTF-8).
    """
    return Actor(unquote(x_samspil_person), x_samspil_role, unquote(x_samspil_organisation))


ActingProfessional = Annotated[Actor, Depends(current_actor)]


def install_error_handlers(app: FastAPI) -> None:
    """Domain refusals are 409 with the rule's message; unknown ids are 404."""

    async def refused(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse(
            status_code=409, content={"detail": str(error), "error": type(error).__name__}
        )

    async def not_found(_: Request, error: Exception) -> JSONResponse:
        detail = str(error) if isinstance(error, NotFound) else "No such record."
        return JSONResponse(status_code=404, content={"detail": detail})

    app.add_exception_handler(DomainError, refused)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(AggregateNotFoundError, not_found)
