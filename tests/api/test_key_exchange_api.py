"""The school hands a case's transport key to trusted peers, and to no one after erasure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID, uuid4

from eventsourcing.persistence import Tracking

from contracts.case_events import CaseReportedV1
from contracts.directory import ServesV1
from contracts.key_exchange import KeyGrantV2
from contracts.sealed import case_transport_key, match_transport_key, notices_transport_key
from domain.actors import Role
from domain.geography import PoliceDistrict
from infra.audit_chain import SigningKey
from infra.directory import DeploymentDirectory, sign_entry
from infra.key_exchange import KEY_EXCHANGE_PATH, TrustDirectory, accept, make_request, signing_key
from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.messages import envelope
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

    request, _ = make_request("ssp", "school", key_id, signer)
    unpublished = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert unpublished.status_code == 404, "no key exists before the case was published"

    published = school.app.transport_keys.for_publishing(key_id, create=True)
    request, ephemeral = make_request("ssp", "school", key_id, signer)
    answer = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert answer.status_code == 200, answer.text
    assert accept(KeyGrantV2.model_validate(answer.json()), request, ephemeral, trust) == published

    erased = http.post(
        f"/cases/{case_id}/erasure", json={"reason": "GDPR art. 17"}, headers=SCHOOL_STAFF
    )
    assert erased.status_code == 200, erased.text
    request, _ = make_request("ssp", "school", key_id, signer)
    gone = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert gone.status_code == 410
    assert "erased" in gone.json()["detail"]


def test_only_trusted_services_get_keys_and_bad_requests_name_the_field(
    service: Callable[[ServiceName], Built], tmp_path: Path
) -> None:
    _, http = service("school")
    request, _ = make_request(
        "police_liaison",
        "school",
        notices_transport_key("school"),
        SigningKey(tmp_path / "intruder.key"),
    )
    refused = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
    assert refused.status_code == 401
    assert "not signed by the police_liaison deployment" in refused.json()["detail"]

    body = request.model_dump() | {"key_id": f"case:{uuid4()}"}
    malformed = http.post(KEY_EXCHANGE_PATH, json=body)
    assert malformed.status_code == 422
    assert "key_id" in malformed.text


def test_a_case_key_goes_only_to_deployments_serving_its_municipality_or_district(
    service: Callable[..., Built], tmp_path: Path
) -> None:
    """A Frederiksberg case (Copenhagen police): Hjørring's SSP is refused, Copenhagen's
    police is granted, a deployment the directory does not know is refused; each request
    is in the case's access log, with the asking deployment as the actor."""
    authority = SigningKey(tmp_path / "authority.key")
    peers = {
        "ssp.hjoerring": ServesV1.of(municipalities=["Hjørring"]),
        "police.koebenhavn": ServesV1.of(police_districts=[PoliceDistrict.KOEBENHAVN]),
    }
    keys = {d: SigningKey(tmp_path / f"{d}.key") for d in [*peers, "ssp.unlisted"]}
    directory = DeploymentDirectory(authority.public_key, tmp_path / "school" / "directory.json")
    for deployment, serves in peers.items():
        directory.keep(
            sign_entry(
                authority,
                deployment=deployment,
                url="http://127.0.0.1:9",
                public_key=keys[deployment].public_key,
                serves=serves,
            )
        )
    school, http = service("school", directory_authority_key=authority.public_key)
    TrustDirectory(school.app.settings.trust_path()).publish("ssp.unlisted", keys["ssp.unlisted"])
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    key_id = case_transport_key(case_id)
    published = school.app.transport_keys.for_publishing(key_id, create=True)

    def ask(deployment: str) -> tuple[int, str]:
        request, ephemeral = make_request(deployment, "school", key_id, keys[deployment])
        answer = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
        if answer.status_code == 200:
            granted = KeyGrantV2.model_validate(answer.json())
            trust = TrustDirectory(tmp_path / "no-pins", DeploymentDirectory(""))
            trust.publish("school", signing_key(school.app.settings, "school"))
            assert accept(granted, request, ephemeral, trust) == published
        return answer.status_code, answer.text

    refused, why = ask("ssp.hjoerring")
    assert refused == 403
    assert "betjener ikke sagens kommune" in why and "does not serve the case's municipality" in why
    assert ask("police.koebenhavn")[0] == 200
    assert ask("ssp.unlisted")[0] == 403

    asked = [
        (e.actor.organisation, e.allowed)
        for e in school.app.access_log(f"case:{case_id}")
        if getattr(e, "actor", None) is not None and e.actor.role is Role.TJENESTE
    ]
    assert asked == [("ssp.hjoerring", False), ("police.koebenhavn", True), ("ssp.unlisted", False)]


def test_a_cases_matching_key_goes_only_to_ssps_matching_deployment_each_ask_audited(
    service: Callable[..., Built], tmp_path: Path
) -> None:
    """SSP hands a case's matching key to its matching deployment alone; every request for
    it is in the case's access log, and asking about a case SSP does not hold is refused
    like any other request by a stranger and leaves nothing behind."""
    ssp, http = service("ssp", matching_deployment="match.national")
    trust = TrustDirectory(ssp.app.settings.trust_path())
    keys = {d: SigningKey(tmp_path / f"{d}.key") for d in ("match.national", "match.elsewhere")}
    for deployment, key in keys.items():
        trust.publish(deployment, key)
    case_id = uuid4()
    reported = CaseReportedV1(
        **envelope(1, case_id),
        institution="Skolen",
        municipality="Aarhus",
        police_district="oestjylland",
        offence_category="grooming",
        victim_is_minor=True,
    )
    ssp.app.save_tracked(Tracking("school", 1), *ssp.app.on_case_reported(reported))
    key_id = match_transport_key(case_id)
    made = ssp.app.data_keys.key(key_id, create=True)  # as when SSP offered the case

    def ask(deployment: str, key: str = key_id) -> int:
        request, ephemeral = make_request(deployment, "ssp", key, keys[deployment])
        answer = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
        if answer.status_code == 200:
            granted = KeyGrantV2.model_validate(answer.json())
            own = TrustDirectory(tmp_path / "pins")
            own.publish("ssp", signing_key(ssp.app.settings, "ssp"))
            assert accept(granted, request, ephemeral, own) == made
        return answer.status_code

    assert ask("match.national") == 200
    assert ask("match.elsewhere") == 403
    stranger = uuid4()
    assert ask("match.elsewhere", match_transport_key(stranger)) == 403
    assert not ssp.app.holds_case(stranger), "no key, no log for a case that is not here"
    asked = [
        (e.actor.organisation, e.allowed)
        for e in ssp.app.access_log(f"case:{case_id}")
        if getattr(e, "actor", None) is not None and e.actor.role is Role.TJENESTE
    ]
    assert asked == [("match.national", True), ("match.elsewhere", False)]
