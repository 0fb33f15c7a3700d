"""Log lines never carry what an error or a request carried: only types, places and ids."""

from __future__ import annotations

import base64
import io
import json
import logging
import sys
import uuid
import warnings
from collections.abc import Iterator

import pytest
import structlog

from infra.logging import accepted_correlation_id, configure_logging

SECRET = "Pigen frygter voldsom reaktion fra faderen"
PNG = base64.urlsafe_b64encode(b"\x89PNG\r\n\x1a\n" + bytes(60)).decode()


@pytest.fixture(params=["console", "json"])
def configured(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[io.StringIO]:
    """Logging as a service configures it, writing to a stderr the test reads."""
    written = io.StringIO()
    monkeypatch.setattr(sys, "stderr", written)
    configure_logging(request.param, "school")
    yield written
    structlog.reset_defaults()
    logging.getLogger().handlers.clear()
    logging.captureWarnings(False)


def _fail(description: str) -> None:
    case_text = description  # a local a rich traceback would render
    raise ValueError(f"could not store {case_text}")


def test_an_error_is_logged_as_its_type_and_place_never_its_message_or_locals(
    configured: io.StringIO,
) -> None:
    log = structlog.get_logger("test")
    try:
        _fail(SECRET)
    except ValueError:
        log.exception("store.failed", case_id="c-1")
    written = configured.getvalue()
    assert SECRET not in written and "case_text" not in written
    assert "ValueError" in written and "test_logging.py" in written and "_fail" in written
    if written.startswith("{"):
        line = json.loads(written.strip().splitlines()[-1])
        assert line["error"] == "ValueError" and line["case_id"] == "c-1"
        assert line["where"].startswith("tests/unit/test_logging.py:")


def test_library_records_about_errors_keep_neither_message_nor_traceback_text(
    configured: io.StringIO,
) -> None:
    try:
        _fail(SECRET)
    except ValueError as error:
        logging.getLogger("uvicorn.error").error(
            "Exception in ASGI application %r", error, exc_info=True
        )
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(
            f"serialized value may not be as expected [input_value={SECRET!r}]",
            UserWarning,
            stacklevel=1,
        )
    written = configured.getvalue()
    assert SECRET not in written
    assert "uvicorn.error" in written and "error=ValueError" in written
    assert "warning=UserWarning" in written


def test_a_library_that_installed_its_own_handler_still_logs_through_the_safe_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """uvicorn's default log config gives its loggers their own handler, which would
    print the traceback text; configuring the service's logging takes them over."""
    import logging.config

    from uvicorn.config import LOGGING_CONFIG

    written = io.StringIO()
    monkeypatch.setattr(sys, "stderr", written)
    logging.config.dictConfig(LOGGING_CONFIG)
    try:
        configure_logging("console", "school")
        try:
            _fail(SECRET)
        except ValueError as error:
            logging.getLogger("uvicorn.error").error("Exception %r", error, exc_info=True)
        assert SECRET not in written.getvalue()
        assert "error=ValueError" in written.getvalue()
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers.clear()
        logging.captureWarnings(False)


@pytest.mark.parametrize(
    "given",
    [
        PNG,  # 100 characters of base64url: an image
        "x" * 33,
        "id with spaces",
        "é" * 10,
        "../../etc/passwd",
        "",
        None,
    ],
)
def test_a_correlation_id_that_could_carry_anything_is_replaced(given: str | None) -> None:
    accepted = accepted_correlation_id(given)
    assert accepted != given
    assert str(uuid.UUID(accepted)) == accepted


@pytest.mark.parametrize("given", [str(uuid.uuid4()), "req-42", "A1b2.C3_d4-E5"])
def test_a_uuid_or_a_short_token_is_kept(given: str) -> None:
    assert accepted_correlation_id(given) == given
    assert accepted_correlation_id(given.encode()) == given
