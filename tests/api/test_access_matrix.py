"""The access matrix, generated from the three services' OpenAPI documents.

Every operation × every role a professional signs in with × the record's own
organisation, another organisation and an organisation that exists nowhere. Outside its
own organisation nobody gets a 2xx on a record, and nobody can tell an existing record
from an erased one or from an id that was never used: the three answer alike, status and
body. Inside it, each operation is shown to be reachable (its example request passes
validation and access for some role), so the matrix is not passing only because every
request was malformed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from eventsourcing.persistence import Tracking
from fastapi.testclient import TestClient

from contracts.case_events import CaseErasedV2, FingerprintV1, MaterialFingerprintedV1
from contracts.envelope import ActorV2
from contracts.key_exchange import PSEUDONYM_KEY
from domain.actors import PROFESSIONAL_ROLES, SCHOOL_ROLES, Role
from domain.fingerprints import FingerprintKind
from infra.settings import ServiceName
from services.ssp.linking import clusters_listing
from tests.api.bodies import BODIES
from tests.api.openapi_requests import Operation, example, operations
from tests.identities import bearer
from tests.messages import envelope, notified, reported
from tests.system import a_report

OWN = {
    "institution": "Frederiksberg Skole",
    "municipality": "Frederiksberg",
    "district": "koebenhavn",
}
OTHER = {"institution": "Gentofte Skole", "municipality": "Gentofte", "district": "fyn"}
NOWHERE = {"institution": "random-org-xyz", "municipality": "random-org-xyz", "district": "xyz"}
SIGNED_BY_A_SYSTEM = "/integrations/"
"""Operations a municipality's system calls with a signed body, not a professional's token."""
ORGANISATIONS = {"own": OWN, "other": OTHER, "nowhere": NOWHERE}
VIDEO_MD5 = "9e107d9d372bb6826bd81d3542a419d6"
RECORD_PARAMS = {
    "case_id",
    "notification_id",
    "cluster_id",
    "link_id",
    "municipality",
    "police_district",
}


def token(role: Role, organisations: dict[str, str]) -> dict[str, str]:
    if role in SCHOOL_ROLES:
        organisation = organisations["institution"]
    elif role is Role.POLITI:
        organisation = organisations["district"]
    else:
        organisation = organisations["municipality"]
    return bearer(f"{role.value}-matrix", role.value, organisation)


@dataclass
class World:
    """One service with records of the own organisation: live ones and an erased one."""

    http: TestClient
    existing: dict[str, str]
    erased: dict[str, str]
    unknown: dict[str, str]
    components: dict[str, Any] = field(default_factory=dict)

    def body(self, operation: Operation) -> Any:
        """A valid body: the command's known example, or one made from its schema."""
        if operation.body_schema is None:
            return None
        known = BODIES.get(operation.template.rsplit("/", 1)[-1])
        return known if known is not None else example(operation.body_schema, self.components)


def _save(app: Any, position: int, aggregates: list[Any]) -> None:
    app.save_tracked(Tracking("school", position), *aggregates)


def _as_own(event: Any) -> Any:
    """The event as if the own organisation's school had published it."""
    return type(event).model_validate(
        {
            **event.model_dump(),
            "institution": OWN["institution"],
            "municipality": OWN["municipality"],
            "police_district": OWN["district"],
        }
    )


def _erased_message(position: int, case_id: uuid.UUID) -> CaseErasedV2:
    actor = ActorV2(person_id="dpo", role="databeskyttelse", organisation="Frederiksberg")
    return CaseErasedV2(**{**envelope(position, case_id), "actor": actor})


def _fingerprinted(position: int, case_id: uuid.UUID) -> MaterialFingerprintedV1:
    return MaterialFingerprintedV1(
        **envelope(position, case_id),
        fingerprints=[FingerprintV1(kind=FingerprintKind.MD5, value=VIDEO_MD5)],
    )


def school_world(http: TestClient, app: Any) -> World:
    app.data_keys.import_key(PSEUDONYM_KEY, bytes(32))  # as if fetched from SSP
    staff = token(Role.LEDELSE, OWN)
    case_id = http.post("/cases", json=a_report(), headers=staff).json()["case_id"]
    erased_id = http.post("/cases", json=a_report(), headers=staff).json()["case_id"]
    erasure = http.post(f"/cases/{erased_id}/erasure", json={"reason": "test"}, headers=staff)
    assert erasure.status_code == 200, erasure.text
    return World(http, {"case_id": case_id}, {"case_id": erased_id}, {})


def ssp_world(http: TestClient, app: Any) -> World:
    case_id, other_id, erased_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for position, case in enumerate((case_id, other_id, erased_id), start=1):
        _save(app, position, app.on_case_reported(_as_own(reported(position, case))))
    _save(app, 4, app.on_material_fingerprinted(_fingerprinted(4, case_id)))
    _save(app, 5, app.on_material_fingerprinted(_fingerprinted(5, other_id)))
    _save(app, 6, app.on_case_erased(_erased_message(6, erased_id)))
    (cluster,) = app.listed(clusters_listing(OWN["municipality"])).items
    return World(
        http,
        {
            "case_id": str(case_id),
            "cluster_id": str(cluster.id),
            "link_id": str(next(iter(cluster.links))),
        },
        {"case_id": str(erased_id)},
        {},
    )


def police_world(http: TestClient, app: Any) -> World:
    case_id, erased_id = uuid.uuid4(), uuid.uuid4()
    notification_id, erased_notification = uuid.uuid4(), uuid.uuid4()
    _save(app, 1, app.on_police_notified(_as_own(notified(1, case_id, notification_id))))
    _save(app, 2, app.on_police_notified(_as_own(notified(2, erased_id, erased_notification))))
    _save(app, 3, app.on_case_erased(_erased_message(3, erased_id)))
    return World(
        http,
        {"notification_id": str(notification_id)},
        {"notification_id": str(erased_notification)},
        {},
    )


WORLDS: dict[ServiceName, Callable[[TestClient, Any], World]] = {
    "school": school_world,
    "ssp": ssp_world,
    "police_liaison": police_world,
}


@pytest.fixture(params=list(WORLDS))
def world(request: pytest.FixtureRequest, service: Any) -> Iterator[tuple[World, list[Operation]]]:
    name: ServiceName = request.param
    running, http = service(name)
    built = WORLDS[name](http, running.app)
    built.existing |= {"municipality": OWN["municipality"], "police_district": OWN["district"]}
    built.unknown = {
        **{k: str(uuid.uuid4()) for k in ("case_id", "notification_id", "cluster_id", "link_id")},
        "municipality": "Tønder",
        "police_district": "bornholm",
    }
    document = http.get("/openapi.json").json()
    built.components = document.get("components", {})
    yield built, operations(document)


def _send(
    world: World,
    operation: Operation,
    role: Role,
    organisations: dict[str, str],
    values: dict[str, str],
) -> tuple[int, Any]:
    response = world.http.request(
        operation.method,
        operation.path({**world.existing, **values}),
        params=operation.query,
        json=world.body(operation),
        headers=token(role, organisations),
    )
    assert response.status_code < 500, f"{operation.name}: {response.text}"
    is_json = response.headers.get("content-type", "").startswith("application/json")
    return response.status_code, response.json() if is_json else response.text


def _variants(world: World, operation: Operation) -> dict[str, dict[str, str]]:
    """The record the operation names: existing, never used, and (if it has one) erased."""
    named = [p for p in operation.path_params if p in RECORD_PARAMS]
    variants = {
        "existing": {p: world.existing[p] for p in named},
        "unknown": {p: world.unknown[p] for p in named},
    }
    if any(p in world.erased for p in named):
        variants["erased"] = {p: world.erased.get(p, world.existing[p]) for p in named}
    return variants


def test_outside_its_organisation_no_record_is_shown_and_none_can_be_told_from_unknown(
    world: tuple[World, list[Operation]],
) -> None:
    built, ops = world
    checked = 0
    for operation in ops:
        if not any(p in RECORD_PARAMS for p in operation.path_params):
            continue  # not a record of an organisation: reports, statistics, suggestions
        for organisation in ("other", "nowhere"):
            for role in PROFESSIONAL_ROLES:
                answers = {
                    variant: _send(built, operation, role, ORGANISATIONS[organisation], values)
                    for variant, values in _variants(built, operation).items()
                }
                who = f"{operation.name} as {role.value} of {organisation} organisation"
                assert not 200 <= answers["existing"][0] < 300, f"{who}: {answers['existing']}"
                assert len({repr(a) for a in answers.values()}) == 1, f"{who}: {answers}"
                checked += 1
    assert checked >= 2 * len(PROFESSIONAL_ROLES) * 3


def test_inside_its_organisation_every_operation_can_be_reached(
    world: tuple[World, list[Operation]],
) -> None:
    """Destructive operations (erasure) go last, so the others meet the live records."""
    built, ops = world
    unreached = []
    for operation in sorted(ops, key=lambda o: o.template.endswith("/erasure")):
        if operation.template.startswith(SIGNED_BY_A_SYSTEM):
            continue  # its credential is the signed body: test_underretning_receipts
        statuses = {role: _send(built, operation, role, OWN, {})[0] for role in PROFESSIONAL_ROLES}
        if all(status in (401, 403, 404, 422) for status in statuses.values()):
            unreached.append(f"{operation.name}: {statuses}")
    assert not unreached, "\n".join(unreached)


def test_an_erased_record_answers_410_only_to_its_own_organisation(
    world: tuple[World, list[Operation]],
) -> None:
    built, ops = world
    reads = [o for o in ops if o.method == "get" and any(p in built.erased for p in o.path_params)]
    assert reads
    for operation in reads:
        erased = {
            p: built.erased.get(p, built.existing[p])
            for p in operation.path_params
            if p in RECORD_PARAMS
        }
        statuses = {
            role: _send(built, operation, role, OWN, erased)[0] for role in PROFESSIONAL_ROLES
        }
        assert 410 in statuses.values(), f"{operation.name}: {statuses}"
        for role in PROFESSIONAL_ROLES:
            status, body = _send(built, operation, role, OTHER, erased)
            assert status == 404 and "erased" not in repr(body).lower(), operation.name
