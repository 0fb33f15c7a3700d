"""Published contracts stay compatible, and bad messages are refused naming the field."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from contracts.case_events import CaseReportedV1, FingerprintV1
from contracts.envelope import ActorV1, IntegrationEvent
from contracts.registry import PUBLISHED, parse_event, schema_name
from contracts.schema_files import (
    current_schemas,
    export_new,
    incompatibilities,
    published_schemas,
)
from domain.actors import Role


def a_reported_event() -> CaseReportedV1:
    return CaseReportedV1(
        event_id=IntegrationEvent.make_event_id("school", 1),
        source="school",
        source_position=1,
        case_id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        actor=ActorV1(person_id="p", role=Role.LEDELSE, organisation="Skolen"),
        institution="Skolen",
        municipality="Aarhus",
        police_district="oestjylland",
        offence_category="grooming",
        victim_is_minor=True,
    )


def test_every_contract_has_an_explicit_version_and_a_published_schema() -> None:
    published = published_schemas()
    for contract in PUBLISHED:
        assert contract.model_fields["schema_version"].default >= 1
        assert schema_name(contract) in published, f"run `samspil contracts export` for {contract}"


def test_the_code_matches_every_published_schema() -> None:
    assert incompatibilities(published_schemas(), current_schemas()) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s["properties"].pop("institution"), "/properties/institution was removed"),
        (lambda s: s["properties"].update(extra={"type": "string"}), "/properties/extra was added"),
        (lambda s: s["required"].append("victim_is_minor2"), "/required changed"),
        (
            lambda s: s["properties"]["victim_is_minor"].update(type="string"),
            "/properties/victim_is_minor/type changed",
        ),
        (lambda s: s["$defs"]["PoliceDistrict"]["enum"].pop(), "/$defs/PoliceDistrict/enum"),
    ],
)
def test_an_incompatible_edit_of_a_published_schema_is_caught(edit: object, expected: str) -> None:
    published = published_schemas()
    edited = copy.deepcopy(current_schemas())
    edit(edited["CaseReported.v1"])  # type: ignore[operator]
    problems = incompatibilities(published, edited)
    assert len(problems) == 1
    assert problems[0].startswith("CaseReported.v1:") and expected in problems[0]


def test_rewording_a_description_is_not_a_break() -> None:
    edited = copy.deepcopy(current_schemas())
    edited["CaseReported.v1"]["description"] = "Reworded."
    assert incompatibilities(published_schemas(), edited) == []


def test_export_refuses_to_overwrite_an_edited_published_schema(tmp_path: Path) -> None:
    for name, schema in current_schemas().items():
        if name == "CaseReported.v1":
            schema = copy.deepcopy(schema)
            schema["properties"].pop("institution")
        (tmp_path / f"{name}.json").write_text(json.dumps(schema))
    with pytest.raises(ValueError, match=r"CaseReported\.v1: /properties/institution"):
        export_new(tmp_path)


def test_export_writes_only_versions_not_yet_published(tmp_path: Path) -> None:
    written = export_new(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.json" for n in current_schemas())
    assert export_new(tmp_path) == []


def test_a_message_round_trips_through_its_contract() -> None:
    event = a_reported_event()
    assert parse_event(event.model_dump_json()) == event


def test_a_bad_message_is_refused_naming_the_field() -> None:
    raw = json.loads(a_reported_event().model_dump_json())
    raw["police_district"] = "atlantis"
    with pytest.raises(ValidationError) as refused:
        parse_event(json.dumps(raw))
    assert "police_district" in str(refused.value)


def test_an_unknown_event_type_or_version_is_refused() -> None:
    raw = json.loads(a_reported_event().model_dump_json())
    raw["schema_version"] = 99
    with pytest.raises(ValidationError, match="name no published contract"):
        parse_event(json.dumps(raw))


def test_unknown_fields_are_refused_so_a_receiver_never_drops_data_silently() -> None:
    raw = json.loads(a_reported_event().model_dump_json())
    raw["victim_name"] = "should never travel"
    with pytest.raises(ValidationError, match="victim_name"):
        parse_event(json.dumps(raw))


def test_a_fingerprint_whose_length_is_not_its_kinds_is_refused_naming_the_value() -> None:
    md5 = "9e107d9d372bb6826bd81d3542a419d6"
    assert FingerprintV1(kind="md5", value=md5).to_domain().value == md5
    with pytest.raises(ValidationError, match="a sha256 fingerprint is 64") as refused:
        FingerprintV1(kind="sha256", value=md5)
    assert refused.value.errors()[0]["loc"] == ("value",)
