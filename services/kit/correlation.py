"""Correlation ids: one id follows a command from the HTTP request through Kafka to the
other services, so their log lines can be read together. Logs carry ids, never case text.
"""

from __future__ import annotations

import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from infra.logging import accepted_correlation_id

log = structlog.get_logger(__name__)

HEADER = b"x-correlation-id"
UNROUTED = "(no route)"


class CorrelationIds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = accepted_correlation_id(dict(scope["headers"]).get(HEADER))
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (HEADER, correlation_id.encode()),
                ]
            await send(message)

        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                log.info(
                    "http.request",
                    method=scope["method"],
                    route=route_template(scope),
                    status=status,
                    ms=round((time.perf_counter() - started) * 1000, 1),
                )


def route_template(scope: Scope) -> str:
    """The matched route's template (``/cases/{case_id}``), never the path as requested:
    a path can carry anything, and a log line must not."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else UNROUTED
