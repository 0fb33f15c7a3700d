"""Rule 1: Samspil never holds the material. Requests carrying file content are refused.

An ASGI middleware in front of every service: uploads and binary bodies get 415,
JSON that carries a data URL or base64 file content gets 422 naming the field.
The refused body is neither stored nor logged.
"""

from __future__ import annotations

import json

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.material import MaterialNotAccepted, find_file_content

MAX_BODY_BYTES = 256 * 1024
"""Far more than any case record needs; a larger body is almost surely a file."""

_MATERIAL = (
    "Samspil never holds images or video. Describe the material in words and record "
    "who holds it (victim, parents or police); do not upload it."
)


class MaterialGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip()
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                await _refuse(scope, receive, send, 413, "body", _MATERIAL)
                return
        if body and content_type != "application/json":
            await _refuse(scope, receive, send, 415, "content-type", _MATERIAL)
            return
        if body:
            try:
                field = find_file_content(json.loads(body))
            except (ValueError, UnicodeDecodeError):
                field = None  # not JSON: FastAPI answers 422 for it
            if field:
                await _refuse(scope, receive, send, 422, field, str(MaterialNotAccepted(field)))
                return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(
    scope: Scope, receive: Receive, send: Send, status: int, field: str, message: str
) -> None:
    location = ["body", *field.split(".")[1:]] if field.startswith("body") else [field]
    response = JSONResponse(
        status_code=status,
        content={"detail": [{"loc": location, "msg": message, "type": "material_not_accepted"}]},
    )
    await response(scope, receive, send)
