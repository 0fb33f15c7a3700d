"""A case its SSP shared with another municipality: that municipality's SSP deployments
are handed the case and its news, and may be handed its key; no other deployment is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from contracts.coordination_events import CaseSharedV1
from contracts.directory import ServesV1, municipality_tag
from contracts.envelope import ActorV1, IntegrationEvent
from contracts.key_exchange import KeyGrantV2
from contracts.registry import parse_event, parse_sealed
from contracts.sealed import audience_of, case_transport_key, notices_transport_key
from domain.actors import Actor, Role
from infra.audit_chain import SigningKey
from infra.directory import DeploymentDirectory, sign_entry
from infra.key_exchange import KEY_EXCHANGE_PATH, make_request
from infra.sealing import unseal
from services.school.outbound import case_event_translator
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.messages import envelope
from tests.system import a_report

CONSULTANT = ActorV1.of(Actor("ssp-konsulent-ida", Role.SSP_KONSULENT, "Frederiksberg"))


def _shared(case_id: UUID, municipality: str) -> CaseSharedV1:
    common = {**envelope(7, case_id), "event_id": IntegrationEvent.make_event_id("ssp", 7)}
    return CaseSharedV1(
        **{**common, "source": "ssp", "actor": CONSULTANT}, municipality=municipality
    )


def _published_since(school: Built, after: int) -> list[tuple[tuple[str, ...], Any]]:
    """What the school's relay would publish of what it stored after ``after``."""
    translate = case_event_translator(school[0].app)
    found = []
    for notification in school[0].app.recorder.select_notifications(after + 1, 100):
        message = translate(notification)
        if message is not None:
            sealed = parse_sealed(message.value)
            key = school[0].app.data_keys.lookup(sealed.key_id)
            found.append((audience_of(sealed), parse_event(unseal(sealed, key))))
    return found


def test_a_shared_case_goes_to_the_other_municipalitys_ssp_with_its_key_each_ask_audited(
    service: Callable[..., Built], tmp_path: Path
) -> None:
    authority = SigningKey(tmp_path / "authority.key")
    peers = {
        "ssp.hjoerring": ServesV1.of(municipalities=["Hjørring"]),
        "ssp.skive": ServesV1.of(municipalities=["Skive"]),
    }
    keys = {d: SigningKey(tmp_path / f"{d}.key") for d in peers}
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
    built = service("school", directory_authority_key=authority.public_key)
    school, http = built
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    key_id = case_transport_key(case_id)
    school.app.transport_keys.for_publishing(key_id, create=True)

    def ask(deployment: str) -> int:
        request, _ = make_request(deployment, "school", key_id, keys[deployment])
        answer = http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json"))
        if answer.status_code == 200:
            KeyGrantV2.model_validate(answer.json())
        else:
            assert "nor one it was shared with" in answer.text
        return answer.status_code

    assert ask("ssp.hjoerring") == 403, "Frederiksberg's case is not Hjørring's"
    before = school.app.recorder.max_notification_id() or 0
    school.app.save(*school.app.on_case_shared(_shared(case_id, "Hjørring")))
    school.app.save(*school.app.on_case_shared(_shared(case_id, "hjørring ")))  # again: nothing
    assert ask("ssp.hjoerring") == 200
    assert ask("ssp.skive") == 403, "shared with Hjørring, not with Skive"

    ((to, handed),) = _published_since(built, before)
    assert to == (municipality_tag("Hjørring"),), "the handed-over case is for Hjørring alone"
    assert handed.event_type == "CaseSharedWithMunicipality"
    assert (handed.shared_with, handed.municipality) == ("Hjørring", "Frederiksberg")
    assert handed.institution == a_report()["institution"]
    assert handed.actor.person_id == CONSULTANT.person_id, "shared by SSP's consultant"
    assert handed.reported_by.person_id == "skoleleder-bo", "reported by the school's head"

    later = school.app.recorder.max_notification_id() or 0
    notified = http.post(f"/cases/{case_id}/police-notifications", headers=SCHOOL_STAFF)
    assert notified.status_code == 201, notified.text
    ((to, news),) = _published_since(built, later)
    assert municipality_tag("Hjørring") in to and municipality_tag("Frederiksberg") in to
    assert news.event_type == "PoliceNotified"

    asked = [
        (e.actor.organisation, e.allowed)
        for e in school.app.access_log(f"case:{case_id}")
        if getattr(e, "actor", None) is not None and e.actor.role is Role.TJENESTE
    ]
    assert asked == [("ssp.hjoerring", False), ("ssp.hjoerring", True), ("ssp.skive", False)]


def test_the_municipality_a_case_was_shared_with_is_told_of_its_erasure_and_can_open_it(
    service: Callable[..., Built], tmp_path: Path
) -> None:
    authority = SigningKey(tmp_path / "authority.key")
    hjoerring = SigningKey(tmp_path / "ssp.hjoerring.key")
    directory = DeploymentDirectory(authority.public_key, tmp_path / "school" / "directory.json")
    directory.keep(
        sign_entry(
            authority,
            deployment="ssp.hjoerring",
            url="http://127.0.0.1:9",
            public_key=hjoerring.public_key,
            serves=ServesV1.of(municipalities=["Hjørring"]),
        )
    )
    built = service(
        "school",
        directory_authority_key=authority.public_key,
        school_municipalities=["Frederiksberg"],
    )
    school, http = built
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    notices = notices_transport_key(school.app.deployment)

    def ask_notices_key() -> int:
        request, _ = make_request("ssp.hjoerring", "school", notices, hjoerring)
        return http.post(KEY_EXCHANGE_PATH, json=request.model_dump(mode="json")).status_code

    assert ask_notices_key() == 403, "nothing of Frederiksberg's was shared with Hjørring yet"
    school.app.save(*school.app.on_case_shared(_shared(case_id, "Hjørring")))
    assert ask_notices_key() == 200

    before = school.app.recorder.max_notification_id() or 0
    erased = http.post(
        f"/cases/{case_id}/erasure", json={"reason": "GDPR art. 17"}, headers=SCHOOL_STAFF
    )
    assert erased.status_code == 200, erased.text
    ((to, notice),) = _published_since(built, before)
    assert notice.event_type == "CaseErased"
    assert municipality_tag("Hjørring") in to and municipality_tag("Frederiksberg") in to
