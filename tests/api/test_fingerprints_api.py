"""A school records fingerprints of the material: well-formed hashes only, never content."""

from __future__ import annotations

import base64
from collections.abc import Callable

from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.system import a_report

PDQ = "f0e1d2c3b4a5968778695a4b3c2d1e0f" * 2
MD5 = "9e107d9d372bb6826bd81d3542a419d6"


def test_fingerprints_are_recorded_once_and_shown_on_the_case(
    service: Callable[[ServiceName], Built],
) -> None:
    _, http = service("school")
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    body = {"fingerprints": [{"kind": "pdq", "value": PDQ}, {"kind": "md5", "value": MD5.upper()}]}
    first = http.post(f"/cases/{case_id}/fingerprints", json=body, headers=SCHOOL_STAFF)
    again = http.post(f"/cases/{case_id}/fingerprints", json=body, headers=SCHOOL_STAFF)

    assert first.status_code == again.status_code == 200, first.text
    assert again.json()["fingerprints"] == [f"pdq:{PDQ}", f"md5:{MD5}"]
    recorded = [e["event"] for e in again.json()["history"]]
    assert recorded.count("MaterialFingerprinted") == 1, "a repeat records nothing"


def test_anything_but_a_well_formed_hash_is_refused_naming_the_field(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("school")
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    stored = running.app.recorder.max_notification_id()
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(400)).decode()
    refused = {
        "an MD5 given as PDQ": ({"kind": "pdq", "value": MD5}, 422, "a pdq fingerprint is 64"),
        "not hexadecimal": ({"kind": "sha256", "value": "x" * 64}, 422, "value"),
        "an unknown kind": ({"kind": "photo", "value": PDQ}, 422, "kind"),
        "the image itself": ({"kind": "pdq", "value": jpeg}, 422, "never holds images"),
    }
    for what, (fingerprint, status, named) in refused.items():
        body = {"fingerprints": [fingerprint]}
        response = http.post(f"/cases/{case_id}/fingerprints", json=body, headers=SCHOOL_STAFF)
        assert response.status_code == status, f"{what}: {response.text}"
        assert named in response.text, f"{what}: {response.text}"
        assert jpeg[:40] not in response.text, "the content is not echoed"
    wrong_length = {"fingerprints": [{"kind": "pdq", "value": MD5}]}
    response = http.post(f"/cases/{case_id}/fingerprints", json=wrong_length, headers=SCHOOL_STAFF)
    assert response.json()["detail"][0]["loc"] == ["body", "fingerprints", 0, "value"]
    assert running.app.recorder.max_notification_id() == stored, "nothing was recorded"
