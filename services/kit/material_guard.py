"""Rule 1: Samspil never holds the material. Requests carrying file content are refused.

An ASGI middleware in front of every service, on every method. Every string a request
carries is examined (``domain.material``): each path parameter and the whole path, each
query parameter's name and value, and every key, value and list item of a JSON or form
body at any depth. A refusal is 422 naming where (``loc``), with an English ``msg`` and a
Danish ``msg_da`` (and, like every refusal, a stable ``error`` code and the message in
the language the request prefers, ``services.kit.validation_errors``); it never repeats
the input, and nothing of it reaches the store or a log line. A body over
``MAX_BODY_BYTES`` is 413, one that is neither JSON nor a form is 415 (uploads, images,
octet streams), and JSON nested deeper than ``MAX_DEPTH`` is 422 before it is parsed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from itertools import accumulate
from typing import Any
from urllib.parse import unquote_plus
from weakref import WeakKeyDictionary

import structlog
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.commands import Wording
from domain.material import Location, Refusal, Verdict, examine, file_content_in, find_material
from services.kit.language import requested
from services.kit.validation_errors import refused_body

log = structlog.get_logger(__name__)

MAX_BODY_BYTES = 256 * 1024
"""Far more than any case record needs; a larger body is almost surely a file."""
MAX_DEPTH = 32
"""No Samspil request nests more than four levels; 32 leaves room and stops a parser bomb."""
MAX_FORM_FIELDS = 1000
INLINE_BYTES = 16 * 1024
"""Bodies up to this size are judged at once (well within a few milliseconds)."""
SIGNED_MESSAGE_PREFIXES = ("/internal/", "/integrations/")
"""Where machines post signed messages: peers' key requests, case systems' receipts."""

_REFUSAL_TYPES = {
    Refusal.FILE_CONTENT: "material_not_accepted",
    Refusal.OPAQUE: "encoded_data_not_accepted",
    Refusal.CONTROL_CHARACTERS: "control_characters_not_accepted",
}


@dataclass(frozen=True)
class Problem:
    """One refusal as the client reads it: where, what kind, and why in two languages."""

    status: int
    location: Location
    type: str
    msg: str
    msg_da: str

    @classmethod
    def of(cls, location: Location, verdict: Verdict) -> Problem:
        refusal = verdict.refusal
        return cls(422, location, _REFUSAL_TYPES[refusal], refusal.message_en, refusal.message_da)

    @property
    def code(self) -> str:
        """The stable ``error`` code: the type in the style of the other refusals."""
        return "".join(word.capitalize() for word in self.type.split("_"))

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        log.info("request.refused", refusal=self.type, where=str(self.location[0]))
        if _wants_a_page(scope):  # a console form: the person reads a page, not JSON
            await _refusal_page(self, scope, receive, send)
            return
        problem = {"loc": list(self.location), "msg": self.msg, "msg_da": self.msg_da}
        language = requested(scope)
        response = JSONResponse(
            status_code=self.status,
            content=refused_body(
                language,
                self.code,
                [{**problem, "type": self.type}],
                Wording(self.msg_da, self.msg),
            ),
            headers={"Content-Language": language.value},
        )
        await response(scope, receive, send)


def _wants_a_page(scope: Scope) -> bool:
    """A browser posting a console form asks for HTML first; API clients ask for JSON."""
    accept = Headers(scope=scope).get("accept", "")
    return accept.startswith("text/html")


async def _refusal_page(problem: Problem, scope: Scope, receive: Receive, send: Send) -> None:
    """The refusal as a plain page in Danish and English (the input is never repeated)."""
    body = (
        '<!doctype html><html lang="da"><head><meta charset="utf-8">'
        "<title>Samspil</title></head><body><main>"
        f"<h1>Ikke modtaget</h1><p>{escape(problem.msg_da)}</p>"
        f'<p lang="en">{escape(problem.msg)}</p>'
        '<p><a href="/">Tilbage til forsiden</a> · <span lang="en">Back</span></p>'
        "</main></body></html>"
    )
    await HTMLResponse(body, status_code=problem.status)(scope, receive, send)


_TOO_LARGE = Problem(
    413,
    ("body",),
    "body_too_large",
    "The request is too large for a case record. Samspil never holds images or video: "
    "describe the material in words.",
    "Forespørgslen er for stor til en sagsregistrering. Samspil opbevarer aldrig billeder "
    "eller video: beskriv materialet med ord.",
)
_NOT_TEXT = Problem(
    415,
    ("header", "content-type"),
    "unsupported_media_type",
    "Send JSON or a form. Samspil never holds images or video: do not upload files; "
    "describe the material in words.",
    "Send JSON eller en formular. Samspil opbevarer aldrig billeder eller video: upload "
    "ikke filer, men beskriv materialet med ord.",
)
_TOO_DEEP = Problem(
    422,
    ("body",),
    "json_too_deep",
    f"The JSON is nested more than {MAX_DEPTH} levels deep.",
    f"JSON'en er indlejret mere end {MAX_DEPTH} niveauer dybt.",
)
_TOO_MANY_FIELDS = Problem(
    422,
    ("body",),
    "too_many_form_fields",
    f"The form has more than {MAX_FORM_FIELDS} fields.",
    f"Formularen har mere end {MAX_FORM_FIELDS} felter.",
)


class MaterialGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = _in_path(scope) or _in_query(scope)
        if problem:
            await problem.answer(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return  # the client went away before the body came
        problem = (
            _TOO_LARGE
            if len(body) > MAX_BODY_BYTES
            else await _judged(_content_type(scope), body, _judge_for(scope))
        )
        if problem:
            await problem.answer(scope, receive, send)
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole body, or its first part once past the cap; None if the client left."""
    body = bytearray()
    while len(body) <= MAX_BODY_BYTES:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    return bytes(body)


def _content_type(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return str(value.decode("latin-1").split(";")[0].strip().lower())
    return ""


def _judge_for(scope: Scope) -> Callable[[str], Verdict | None]:
    """How a body's strings are judged. Peer services exchange keys under ``/internal/``
    and case systems post receipts under ``/integrations/``: signed, strictly validated
    base64 that is random by nature, so only file content is looked for there, not opaque
    runs."""
    return file_content_in if scope["path"].startswith(SIGNED_MESSAGE_PREFIXES) else examine


async def _judged(
    content_type: str, body: bytes, judge: Callable[[str], Verdict | None]
) -> Problem | None:
    """A large body is judged in a worker thread, so other requests are not held up."""
    if len(body) <= INLINE_BYTES:
        return _in_body(content_type, body, judge)
    return await run_in_threadpool(_in_body, content_type, body, judge)


def _in_body(
    content_type: str, body: bytes, judge: Callable[[str], Verdict | None]
) -> Problem | None:
    if not body:
        return None
    if content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    ):
        return _in_json(body, judge)
    if content_type == "application/x-www-form-urlencoded":
        return _in_form(body)
    return _NOT_TEXT


def _in_json(body: bytes, judge: Callable[[str], Verdict | None]) -> Problem | None:
    if nested_too_deep(body):
        return _TOO_DEEP
    try:
        value: Any = json.loads(body)
    except ValueError:  # not JSON: FastAPI answers for it, but it may still be a file
        verdict = judge(body.decode("utf-8", "replace"))
        return Problem.of(("body",), verdict) if verdict else None
    found = find_material(value, ("body",), judge)
    return Problem.of(found.location, found.verdict) if found else None


def _in_form(body: bytes) -> Problem | None:
    pairs = body.decode("latin-1").split("&")
    if len(pairs) > MAX_FORM_FIELDS:
        return _TOO_MANY_FIELDS
    for pair in pairs:
        raw_name, _, raw_value = pair.partition("=")
        name = unquote_plus(raw_name)
        verdict = _examine_encoded(raw_name, name)
        if verdict:
            return Problem.of(("body",), verdict)
        verdict = _examine_encoded(raw_value, unquote_plus(raw_value))
        if verdict:
            return Problem.of(("body", name), verdict)
    return None


def _in_query(scope: Scope) -> Problem | None:
    query = scope.get("query_string", b"").decode("latin-1")
    for pair in query.split("&") if query else ():
        raw_name, _, raw_value = pair.partition("=")
        name = unquote_plus(raw_name)
        verdict = _examine_encoded(raw_name, name)
        if verdict:
            return Problem.of(("query",), verdict)
        verdict = _examine_encoded(raw_value, unquote_plus(raw_value))
        if verdict:
            return Problem.of(("query", name), verdict)
    return None


def _in_path(scope: Scope) -> Problem | None:
    """Each path parameter by its name, then the path as a whole (a payload may hold
    slashes), as decoded and as sent (percent-encoded bytes do not survive decoding)."""
    for name, value in _path_parameters(scope):
        verdict = examine(value)
        if verdict:
            return Problem.of(("path", name), verdict)
    raw = scope.get("raw_path") or scope["path"].encode()
    verdict = _examine_encoded(raw.decode("latin-1"), scope["path"])
    return Problem.of(("path",), verdict) if verdict else None


def _path_parameters(scope: Scope) -> Iterator[tuple[str, str]]:
    """The path's parameters by name, from the route templates the app documents."""
    for template in _templates(scope.get("app")):
        found = template.fullmatch(scope["path"])
        if found:
            yield from found.groupdict().items()
            return


_TEMPLATES: WeakKeyDictionary[FastAPI, list[re.Pattern[str]]] = WeakKeyDictionary()
_PARAMETER = re.compile(r"\{(\w+)\}")


def _templates(app: object) -> list[re.Pattern[str]]:
    if not isinstance(app, FastAPI):
        return []
    if app not in _TEMPLATES:
        learn_path_templates(app)
    return _TEMPLATES[app]


def learn_path_templates(app: FastAPI) -> None:
    """Read the app's documented paths once, at start: building its schema takes a good
    part of a second, which the first request would otherwise wait for (and every other
    task on the event loop with it)."""
    _TEMPLATES[app] = [_pattern(path) for path in app.openapi().get("paths", {})]


def _pattern(template: str) -> re.Pattern[str]:
    """``/cases/{case_id}`` as ``/cases/(?P<case_id>[^/]+)``."""
    parts = _PARAMETER.split(template)  # text, name, text, name, ..., text
    return re.compile(
        "".join(
            f"(?P<{part}>[^/]+)" if odd else re.escape(part) for odd, part in _alternating(parts)
        )
    )


def _alternating(parts: list[str]) -> Iterator[tuple[bool, str]]:
    return ((index % 2 == 1, part) for index, part in enumerate(parts))


def _examine_encoded(raw: str, decoded: str) -> Verdict | None:
    """Examine text as decoded, and for file content also as it was sent."""
    return examine(decoded) or (file_content_in(raw) if raw != decoded else None)


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_DEPTH_STEP = [0] * 256
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1


def nested_too_deep(body: bytes) -> bool:
    """Whether JSON nests arrays and objects more than ``MAX_DEPTH`` deep, found without
    parsing it (a parser recurses once per level): brackets inside strings are skipped."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return False
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH
