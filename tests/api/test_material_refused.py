"""Material is refused wherever a request carries it: path, query, JSON or form body.

Each refusal names where, in English and Danish, repeats nothing of the input, stores
nothing and writes nothing of it to a log line.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest

from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF, SSP_CONSULTANT
from tests.material_payloads import FORMATS, distinctive
from tests.system import a_report

PNG = FORMATS["PNG"](b"")
PNG_B64 = base64.b64encode(PNG + bytes(30)).decode()  # holds slashes as well
JPEG_B64URL = base64.urlsafe_b64encode(FORMATS["JPEG"](b"")).decode()
GUARD_TYPES = {"material_not_accepted", "encoded_data_not_accepted"}


def _stored(running: Any) -> int:
    return running.app.recorder.max_notification_id() or 0


def _assert_refused(
    response: Any, loc: list[str | int], payload: str, logged: str, status: int = 422
) -> None:
    assert response.status_code == status, response.text
    (problem,) = response.json()["detail"]
    assert problem["loc"] == loc
    assert problem["type"] in GUARD_TYPES
    assert "never holds images or video" in problem["msg"]
    assert "aldrig billeder eller video" in problem["msg_da"]
    assert distinctive(payload) not in "".join(response.text.split())
    assert distinctive(payload) not in "".join(logged.split()), "the payload reached a log line"


@pytest.fixture
def school(service: Callable[[ServiceName], Built]) -> tuple[Any, Any, str]:
    running, http = service("school")
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    return running, http, case_id


def test_an_image_as_a_path_parameter_is_refused_by_name_and_not_logged(
    school: tuple[Any, Any, str], capsys: pytest.CaptureFixture[str]
) -> None:
    running, http, _ = school
    stored = _stored(running)
    response = http.get(f"/cases/{JPEG_B64URL}", headers=SCHOOL_STAFF)
    out, err = capsys.readouterr()
    _assert_refused(response, ["path", "case_id"], JPEG_B64URL, out + err)
    assert _stored(running) == stored


@pytest.mark.parametrize(
    "path",
    [f"/x/{PNG_B64}", f"/cases/{PNG_B64}/logbook", "/cases/" + quote_from_bytes(PNG)],
)
def test_an_image_anywhere_in_the_path_is_refused_and_not_logged(
    school: tuple[Any, Any, str], capsys: pytest.CaptureFixture[str], path: str
) -> None:
    """Base64 holds slashes, so the path is read whole too; percent-encoded bytes as sent."""
    running, http, _ = school
    stored = _stored(running)
    response = http.post(path, json={"note": "n"}, headers=SCHOOL_STAFF)
    out, err = capsys.readouterr()
    assert response.status_code == 422, response.text
    (problem,) = response.json()["detail"]
    assert problem["loc"][0] == "path"
    assert "B64" not in out + err and distinctive(PNG_B64) not in "".join((out + err).split())
    assert _stored(running) == stored


def test_an_image_in_the_query_string_is_refused_by_name_and_not_logged(
    school: tuple[Any, Any, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, http, _ = school
    query = urlencode({"reaction": "needs_help", "material": "naked_body", "note": PNG_B64})
    response = http.get(f"/cases/level-suggestion?{query}", headers=SCHOOL_STAFF)
    out, err = capsys.readouterr()
    _assert_refused(response, ["query", "note"], PNG_B64, out + err)
    plain = http.get(
        "/cases/level-suggestion",
        params={"reaction": "needs_help", "material": "naked_body"},
        headers=SCHOOL_STAFF,
    )
    assert plain.status_code == 200


def test_percent_encoded_bytes_in_the_query_string_are_refused(
    school: tuple[Any, Any, str],
) -> None:
    _, http, _ = school
    response = http.get(
        "/cases/level-suggestion?reaction=needs_help&x=" + quote_from_bytes(PNG),
        headers=SCHOOL_STAFF,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "x"]


def test_a_form_carrying_an_image_is_refused_by_field_and_stores_nothing(
    school: tuple[Any, Any, str], capsys: pytest.CaptureFixture[str]
) -> None:
    running, http, case_id = school
    before = http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json()
    stored = _stored(running)  # after the read: reads are recorded in the access log
    form = urlencode({"note": f"Se her: {PNG_B64}"})
    response = http.post(
        f"/cases/{case_id}/ssp-sparring",
        content=form,
        headers={**SCHOOL_STAFF, "Content-Type": "application/x-www-form-urlencoded"},
    )
    out, err = capsys.readouterr()
    _assert_refused(response, ["body", "note"], PNG_B64, out + err)
    named = http.post(
        f"/cases/{case_id}/ssp-sparring",
        content=f"{quote(PNG_B64)}=1",
        headers={**SCHOOL_STAFF, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert named.status_code == 422
    assert named.json()["detail"][0]["loc"] == ["body"], "a field's name is not repeated"
    assert _stored(running) == stored
    assert http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json() == before


def test_a_plain_form_passes_the_guard(school: tuple[Any, Any, str]) -> None:
    """The JSON routes then answer for it themselves, in the same two languages."""
    _, http, case_id = school
    response = http.post(
        f"/cases/{case_id}/ssp-sparring",
        content=urlencode({"note": "Sparring om forløbet"}),
        headers={**SCHOOL_STAFF, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["type"] not in GUARD_TYPES
    assert problem["msg_da"]


def test_uploads_binary_bodies_and_other_content_types_are_refused(
    school: tuple[Any, Any, str],
) -> None:
    running, http, _ = school
    stored = _stored(running)
    upload = http.post(
        "/cases", files={"image": ("nude.jpg", PNG, "image/png")}, headers=SCHOOL_STAFF
    )
    assert upload.status_code == 415
    assert upload.json()["detail"][0]["loc"] == ["header", "content-type"]
    assert "upload ikke filer" in upload.json()["detail"][0]["msg_da"]
    for content_type in ("application/octet-stream", "text/plain", "image/png"):
        response = http.post(
            "/cases", content=PNG, headers={**SCHOOL_STAFF, "Content-Type": content_type}
        )
        assert response.status_code == 415, content_type
    huge = http.post("/cases", json=a_report(description="ord " * 100_000), headers=SCHOOL_STAFF)
    assert huge.status_code == 413
    assert huge.json()["detail"][0]["msg_da"]
    assert _stored(running) == stored


def test_a_body_nested_ten_thousand_deep_is_refused_before_parsing(
    school: tuple[Any, Any, str],
) -> None:
    running, http, case_id = school
    stored = _stored(running)
    deep = "[" * 10_000 + "]" * 10_000
    for body in (deep, '{"note": ' + deep + "}", '{"a":' * 5_000 + "1" + "}" * 5_000):
        response = http.post(
            f"/cases/{case_id}/ssp-sparring",
            content=body,
            headers={**SCHOOL_STAFF, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text[:200]
        assert response.json()["detail"][0]["type"] == "json_too_deep"
    assert _stored(running) == stored


def test_brackets_inside_strings_do_not_count_as_nesting(school: tuple[Any, Any, str]) -> None:
    _, http, _ = school
    quoted = "Citat fra chatten: [[[[ {{{{ " * 20
    response = http.post("/cases", json=a_report(description=quoted), headers=SCHOOL_STAFF)
    assert response.status_code == 201, response.text


def test_broken_json_carrying_an_image_is_refused_as_a_whole(
    school: tuple[Any, Any, str],
) -> None:
    running, http, case_id = school
    stored = _stored(running)
    response = http.post(
        f"/cases/{case_id}/parents-informed",
        content='{"note": "' + PNG_B64,
        headers={**SCHOOL_STAFF, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert _stored(running) == stored


def test_an_over_long_field_is_refused_without_repeating_it(
    school: tuple[Any, Any, str],
) -> None:
    running, http, _ = school
    stored = _stored(running)
    words = " ".join(f"ord{i}" for i in range(600))  # prose, but too long for a name
    response = http.post("/cases", json=a_report(institution=words), headers=SCHOOL_STAFF)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "institution"]
    assert problem["type"] == "string_too_long"
    assert problem["msg_da"] == "Teksten må højst have 120 tegn."
    assert set(problem) == {"loc", "type", "msg", "msg_da"}
    assert "ord599" not in response.text and "input" not in response.text
    assert _stored(running) == stored


def test_each_problem_of_a_malformed_request_is_named_in_both_languages(
    school: tuple[Any, Any, str],
) -> None:
    _, http, case_id = school
    report = a_report(victim_is_minor="måske", police_district="atlantis", extra="x")
    del report["municipality"]
    response = http.post("/cases", json=report, headers=SCHOOL_STAFF)
    assert response.status_code == 422
    by_field = {p["loc"][-1]: p for p in response.json()["detail"]}
    assert by_field["municipality"]["msg_da"] == "Feltet mangler."
    assert by_field["victim_is_minor"]["msg_da"].startswith("Værdien skal være sand eller falsk")
    assert by_field["police_district"]["msg_da"].startswith("Værdien skal være en af:")
    assert by_field["extra"]["msg_da"] == "Feltet findes ikke i denne forespørgsel."
    assert "måske" not in response.text and "atlantis" not in response.text
    not_json = http.post(
        f"/cases/{case_id}/ssp-sparring",
        content=b'{"note": ',
        headers={**SCHOOL_STAFF, "Content-Type": "application/json"},
    )
    assert not_json.status_code == 422
    assert not_json.json()["detail"][0]["msg_da"] == "Indholdet er ikke gyldig JSON."


def test_the_ssp_service_refuses_material_in_its_fields(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    stored = _stored(running)
    case_id = "00000000-0000-4000-8000-000000000001"
    response = http.post(
        f"/cases/{case_id}/coordination-steps",
        content=json.dumps({"step": "advice_given", "counterpart": "Skolen", "note": PNG_B64}),
        headers={**SSP_CONSULTANT, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "note"]
    assert _stored(running) == stored


def test_a_large_body_is_judged_as_thoroughly(school: tuple[Any, Any, str]) -> None:
    """Bodies past 16 KiB are judged in a worker thread; the verdicts are the same."""
    running, http, case_id = school
    stored = _stored(running)
    notes = [f"Samtale {i} med eleven om forløbet og de næste skridt." for i in range(2000)]
    clean = http.post(f"/cases/{case_id}/ssp-sparring", json={"notes": notes}, headers=SCHOOL_STAFF)
    assert clean.status_code == 422
    types = {problem["type"] for problem in clean.json()["detail"]}
    assert types == {"missing", "extra_forbidden"}, "the guard let it through to the model"
    hidden = [*notes, f"Se her: {PNG_B64}"]
    refused = http.post(
        f"/cases/{case_id}/ssp-sparring", json={"notes": hidden}, headers=SCHOOL_STAFF
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "notes", 2000]
    assert _stored(running) == stored
