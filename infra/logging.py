"""Structured logging. Case content never goes into a log line: log ids, not text.

Errors are the easy way for content to leak: an exception's message or a traceback's
local variables may hold a case description, a request body or a whole message from
Kafka. So no log line here ever renders either. An error is logged as its type and
where it was raised (file, line, function of each frame), which is what an operator
needs to find the fault, and never its message or any value.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from uuid import UUID, uuid4

import structlog

_PROJECT = ("domain", "contracts", "services", "infra", "bench", "tests")
_FRAMES_SHOWN = 8
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _short(path: str) -> str:
    """A frame's file, from the project's top folder on (or the library's file name)."""
    parts = Path(path).parts
    for index, part in enumerate(parts):
        if part in _PROJECT and "site-packages" not in parts[:index]:
            return "/".join(parts[index:])
    return parts[-1] if parts else path


def error_fields(error: BaseException) -> dict[str, str]:
    """What a log line may say of an error: its type and where it was raised.

    Never its message, which may quote what caused it (a request body, a message from
    Kafka, a validation error's input), and never the values of any variable.
    """
    frames = traceback.extract_tb(error.__traceback__)[-_FRAMES_SHOWN:]
    fields = {"error": type(error).__qualname__}
    if frames:
        innermost = frames[-1]
        fields["where"] = f"{_short(innermost.filename)}:{innermost.lineno} in {innermost.name}"
        fields["stack"] = " < ".join(
            f"{_short(f.filename)}:{f.lineno} {f.name}" for f in reversed(frames)
        )
    cause = error.__cause__ or error.__context__
    if cause is not None and not error.__suppress_context__:
        fields["caused_by"] = type(cause).__qualname__
    return fields


def _exc_info(value: object) -> ExcInfo | None:
    if value is True:
        value = sys.exc_info()
    if isinstance(value, BaseException):
        return type(value), value, value.__traceback__
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], BaseException):
        return value[0], value[1], value[2]
    return None


def safe_exceptions(
    logger: object, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: an error's type and place instead of a rendered traceback."""
    found = _exc_info(event_dict.pop("exc_info", None))
    for rendered in ("exception", "stack_info"):
        event_dict.pop(rendered, None)
    if found is not None:
        event_dict.update(error_fields(found[1]))
    return event_dict


class SafeFormatter(logging.Formatter):
    """For the libraries' own log records (uvicorn, aiokafka, faststream, warnings).

    A record about an error keeps its logger and level but not its message, which the
    libraries build from the exception (``repr(exc)``); the error is shown as its type
    and place. A captured warning shows its category and where it was raised.
    """

    def format(self, record: logging.LogRecord) -> str:
        head = f"{self.formatTime(record)} [{record.levelname.lower():<7}] {record.name}"
        found = _exc_info(record.exc_info) if record.exc_info else None
        if found is not None:
            fields = error_fields(found[1])
            return head + " " + " ".join(f"{k}={v}" for k, v in fields.items())
        if record.name == "py.warnings":
            first = record.getMessage().splitlines()[0]
            where, _, rest = first.partition(": ")
            category = rest.split(":", 1)[0]
            return f"{head} warning={category} where={_short(where)}"
        return f"{head} {record.getMessage()}"


def configure_logging(fmt: Literal["console", "json"], service: str) -> None:
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=_no_traceback)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            safe_exceptions,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    _route_every_library_logger_to_root()
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    for noisy in ("aiokafka", "kafka", "faststream"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _route_every_library_logger_to_root() -> None:
    """A library that set up its own handler (uvicorn's default log config does) would
    write around the safe formatter; every record goes through the root handler instead."""
    for existing in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(existing, logging.Logger):
            existing.handlers.clear()
            existing.propagate = True


def _no_traceback(sio: Any, exc_info: Any) -> None:
    """``safe_exceptions`` has already replaced any traceback; never render one."""


CORRELATION_HEADER = "correlation-id"
"""Kafka header carrying the id of the request that caused a message."""

_CORRELATION_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,32}")


def accepted_correlation_id(given: str | bytes | None) -> str:
    """The given correlation id if it is a UUID or a short token; a new UUID otherwise.

    The id goes into every log line and Kafka header of the command, so it must never
    carry anything of weight: a longer or odd value is replaced, not trimmed.
    """
    if isinstance(given, bytes):
        given = given.decode("latin-1")
    if given:
        if _CORRELATION_TOKEN.fullmatch(given):
            return given
        try:
            return str(UUID(given)) if len(given) == 36 else str(uuid4())
        except ValueError:
            pass
    return str(uuid4())


def current_correlation_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("correlation_id")
    return str(value) if value else None
