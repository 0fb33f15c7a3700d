"""Whatever file, encoding, wrapping, position and field: the material is refused, and
nothing of it is stored, answered back or logged.

Payloads are real small images made with Pillow, or the openings of the containers and
archives it cannot write, posted through the real HTTP API of the school and SSP
services on their encrypted stores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra.settings import ServiceName
from tests.api import conftest
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF, SSP_CONSULTANT
from tests.material_payloads import (
    ENCODINGS,
    FORMATS,
    POSITIONS,
    WHITESPACE_IS_DATA,
    WRAPPINGS,
    distinctive,
)
from tests.system import a_report

service = conftest.service
"""The services on real encrypted stores, as the API tests build them."""
GUARD_TYPES = {"material_not_accepted", "encoded_data_not_accepted"}
SSP_CASE = "00000000-0000-4000-8000-0000000000aa"
CLUSTER_LINK = "00000000-0000-4000-8000-0000000000bb/links/00000000-0000-4000-8000-0000000000cc"
FACTS = {"involved": [], "what_happened": "x", "where": "y", "spread": "unknown"}
ASSESSMENT = {
    "material": ["naked_body"],
    "reaction": "needs_help",
    "context": "A",
    "track": "pedagogical",
    "level": 3,
}
LOGBOOK = {"who": "lærer", "what": "samtale", "where": "kontoret", "when": "2026-03-14T09:15Z"}


@dataclass(frozen=True)
class TextField:
    """A free-text field of a command, and how a payload is put into it."""

    service: ServiceName
    path: str
    body: Callable[[str], dict[str, Any]]
    loc: tuple[str | int, ...]


def _school(step: str, field: str, base: dict[str, Any] | None = None) -> TextField:
    return TextField(
        "school", f"/cases/{{case}}/{step}", lambda t: {**(base or {}), field: t}, ("body", field)
    )


def _report(field: str) -> TextField:
    return TextField("school", "/cases", lambda t: a_report(**{field: t}), ("body", field))


def _coordination(field: str) -> TextField:
    base = {"step": "advice_given", "counterpart": "Skolen", "note": ""}
    return TextField(
        "ssp",
        f"/cases/{SSP_CASE}/coordination-steps",
        lambda t: {**base, field: t},
        ("body", field),
    )


FIELDS = [
    *(_report(f) for f in ("institution", "municipality", "description")),
    TextField(
        "school",
        "/cases/{case}/facts",
        lambda t: {
            "involved": [
                {"role": "victim", "description": "elev i 8.b"},
                {"role": "passive_sharer", "description": t},
            ],
            "what_happened": "x",
            "where": "y",
            "spread": "unknown",
        },
        ("body", "involved", 1, "description"),
    ),
    *(_school("facts", f, FACTS) for f in ("what_happened", "where")),
    _school("assessment", "reason", ASSESSMENT),
    _school("parents-not-yet-informed", "reason"),
    TextField(
        "school",
        "/cases/{case}/adult-victim-involvement",
        lambda t: {"involved": ["søster", t]},
        ("body", "involved", 1),
    ),
    *(_school("logbook", f, LOGBOOK) for f in ("who", "what", "where")),
    _school("deletion-requests", "from_whom"),
    _school("takedown-requests", "platform"),
    _school("takedown-outcomes", "platform", {"outcome": "pending"}),
    _school("datatilsynet-complaints", "platform"),
    TextField(
        "school",
        "/cases/{case}/cooperation-requests",
        lambda t: {"schools": ["Nabo Skole", t]},
        ("body", "schools", 1),
    ),
    _school("underretninger", "reason"),
    _school("ssp-sparring", "note"),
    _school("press", "note"),
    _school("close", "reason", {"outcome": "resolved"}),
    _school("reopen", "reason"),
    _school("erasure", "reason"),
    _school("people", "national_id", {"role": "known_offender"}),
    TextField(
        "school",
        "/cases/{case}/fingerprints",
        lambda t: {"fingerprints": [{"kind": "pdq", "value": t}]},
        ("body", "fingerprints", 0, "value"),
    ),
    *(_coordination(f) for f in ("counterpart", "note")),
    TextField(
        "ssp",
        f"/cases/{SSP_CASE}/shared-municipalities",
        lambda t: {"municipality": t},
        ("body", "municipality"),
    ),
    TextField(
        "ssp", f"/clusters/{CLUSTER_LINK}/dismiss", lambda t: {"reason": t}, ("body", "reason")
    ),
]
TOKENS = {"school": SCHOOL_STAFF, "ssp": SSP_CONSULTANT}


@dataclass(frozen=True)
class Smuggled:
    encoded: str
    """The file as encoded, before it was wrapped and put among prose."""
    text: str


@st.composite
def smuggled(draw: st.DrawFn) -> Smuggled:
    file = FORMATS[draw(st.sampled_from(sorted(FORMATS)))](draw(st.binary(max_size=24)))
    if draw(st.booleans()):
        file = file[:48]  # only the opening: what fits a short field
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    wrappings = ["unwrapped"] if encoding in WHITESPACE_IS_DATA else sorted(WRAPPINGS)
    encoded = ENCODINGS[encoding](file)
    wrapped = WRAPPINGS[draw(st.sampled_from(wrappings))](encoded)
    return Smuggled(encoded, POSITIONS[draw(st.sampled_from(sorted(POSITIONS)))](wrapped))


def _stored(running: Any) -> int:
    return running.app.recorder.max_notification_id() or 0


def _compact(text: str) -> str:
    return "".join(text.split())


def test_material_in_any_text_field_is_refused_and_leaves_no_trace(
    service: Callable[[ServiceName], Built], capsys: pytest.CaptureFixture[str]
) -> None:
    built = {name: service(name) for name in ("school", "ssp")}
    school_http = built["school"][1]
    case_id = school_http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    case_before = school_http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json()
    stored = {name: _stored(running) for name, (running, _) in built.items()}
    capsys.readouterr()

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(payload=smuggled(), field=st.sampled_from(FIELDS))
    def refused(payload: Smuggled, field: TextField) -> None:
        running, http = built[field.service]
        url = field.path.format(case=case_id)
        response = http.post(url, json=field.body(payload.text), headers=TOKENS[field.service])
        assert response.status_code == 422, response.text[:300]
        (problem,) = response.json()["detail"]
        assert tuple(problem["loc"]) == field.loc
        assert problem["type"] in GUARD_TYPES
        assert problem["msg"] and problem["msg_da"]
        out, err = capsys.readouterr()
        trace = distinctive(payload.encoded)
        assert trace not in _compact(response.text), "the refusal repeats the payload"
        assert trace not in _compact(out + err), "the payload reached a log line"
        assert _stored(running) == stored[field.service], "something was recorded"

    refused()
    assert school_http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json() == case_before


GET_PATHS = ["/cases/{value}", "/cases/{case}/x?note={value}", "/cases/level-suggestion?{value}=1"]


def test_material_in_a_path_or_query_is_refused_and_not_logged(
    service: Callable[[ServiceName], Built], capsys: pytest.CaptureFixture[str]
) -> None:
    running, http = service("school")
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    capsys.readouterr()

    @settings(max_examples=50, deadline=None, derandomize=True)
    @given(payload=smuggled(), where=st.sampled_from(GET_PATHS), method=st.sampled_from("GP"))
    def refused(payload: Smuggled, where: str, method: str) -> None:
        stored = _stored(running)
        url = where.format(case=case_id, value=quote(payload.text, safe=""))
        response = http.get(url) if method == "G" else http.post(url, headers=SCHOOL_STAFF)
        assert response.status_code == 422, response.text[:300]
        assert response.json()["detail"][0]["loc"][0] in ("path", "query")
        out, err = capsys.readouterr()
        assert distinctive(payload.encoded) not in _compact(out + err + response.text)
        assert _stored(running) == stored

    refused()
