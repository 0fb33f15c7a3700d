"""The school hands a case's transport key to trusted peers, and to no one after erasure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID, uuid4

from contracts.key_exchange import KeyGrantV1
from contracts.sealed import case_transport_key, notices_transport_key
from infra.audit_chain import SigningKey
from infra.key_exchange import KEY_EXCHANGE_PATH, TrustDirectory, accept, make_request, signing_key
from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.system import a_report


def test_a_peer_gets_the_transport_key_of_a_published_case_until_it_is_erased(
    service: Callable[[ServiceName], Built],
) -> None:
    school, http = service("school")
    ssp, _ = service("ssp")
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    key_id = case_transport_key(case_id)
    signer = signing_key(ssp.app.settings, "ssp")
    trust = TrustDirectory(ssp.app.settings.trust_path())

    request, _ = make_request("ssp", key_id, signer)
    unpublished = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert unpublished.status_code == 404, "no key exists before the case was published"

    published = school.app.transport_keys.for_publishing(key_id, create=True)
    request, ephemeral = make_request("ssp", key_id, signer)
    answer = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert answer.status_code == 200, answer.text
    assert accept(KeyGrantV1.model_validate(answer.json()), request, ephemeral, trust) == published

    erased = http.post(
        f"/cases/{case_id}/erasure", json={"reason": "GDPR art. 17"}, headers=SCHOOL_STAFF
    )
    assert erased.status_code == 200, erased.text
    request, _ = make_request("ssp", key_id, signer)
    gone = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert gone.status_code == 410
    assert "erased" in gone.json()["detail"]


def test_only_trusted_services_get_keys_and_bad_requests_name_the_field(
    service: Callable[[ServiceName], Built], tmp_path: Path
) -> None:
    _, http = service("school")
    request, _ = make_request(
        "police_liaison", notices_transport_key("school"), SigningKey(tmp_path / "intruder.key")
    )
    refused = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert refused.status_code == 401
    assert "not signed by the police_liaison service" in refused.json()["detail"]

    body = request.model_dump() | {"key_id": f"case:{uuid4()}"}
    malformed = http.post(KEY_EXCHANGE_PATH, json=body)
    assert malformed.status_code == 422
    assert "key_id" in malformed.text
