"""Every choice and every form field has Danish (and English) words.

The enums are found by importing every module under ``domain``, so a new enum or a new
member without a label fails here, and so does a new request field without a label.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from enum import Enum, StrEnum
from types import ModuleType

import pytest
from pydantic import BaseModel

import domain
from domain.actors import Role
from domain.commands import SchoolCommand
from domain.geography import PoliceDistrict
from domain.material.encodings import Encoding
from domain.material.signatures import FileFormat
from domain.vocabulary import NoLabel, choices, has_label, label, labelled_enums
from services.school import requests
from services.school.field_labels import (
    FIELD_HINTS,
    FIELD_HINTS_IN,
    FIELD_LABELS,
    FIELD_LABELS_IN,
    field_hint,
    field_label,
)

EXCLUDED: dict[type[Enum], str] = {
    Encoding: "how refused file content was written (base64, hex, ...): a detail of "
    "detection, never shown; the professional reads the Refusal's message",
    FileFormat: "which file signature refused content carried: a detail of detection, "
    "never shown; the professional reads the Refusal's message",
}
"""Enums that no professional meets in a form or on a page, and why."""

DANISH_CODES = {Role.LEDELSE, Role.RESSOURCEPERSON, Role.KLASSETEAM}
"""Members whose code is already the Danish word; their label may read as the code."""


def _enums_in(owner: ModuleType | type, module: str) -> set[type[Enum]]:
    """Enums defined in ``module``, at its top level or nested in its classes."""
    found: set[type[Enum]] = set()
    for value in vars(owner).values():
        if not inspect.isclass(value) or value.__module__ != module or value is owner:
            continue
        if issubclass(value, Enum):
            found.add(value)
        elif value.__qualname__.startswith(getattr(owner, "__qualname__", "")):
            found |= _enums_in(value, module)
    return found


def _domain_enums() -> list[type[Enum]]:
    found: set[type[Enum]] = set()
    for info in pkgutil.walk_packages(domain.__path__, "domain."):
        found |= _enums_in(importlib.import_module(info.name), info.name)
    return sorted(found, key=lambda enum: f"{enum.__module__}.{enum.__qualname__}")


DOMAIN_ENUMS = _domain_enums()
LABELLED = [enum for enum in DOMAIN_ENUMS if enum not in EXCLUDED]
MEMBERS = [
    pytest.param(member, id=f"{enum.__qualname__}.{member.name}")
    for enum in LABELLED
    for member in enum
]


def _as_code_reads(member: Enum) -> str:
    """The member's code as a lazy label would show it: "known_offender" -> "known offender"."""
    return str(member.value).replace("_", " ").replace("-", " ").strip().casefold()


def test_the_enums_are_found_in_every_module_under_domain() -> None:
    names = {enum.__name__ for enum in DOMAIN_ENUMS}
    assert {
        "ActionStep",
        "Level",
        "Context",
        "Provision",
        "OffenceCategory",
        "PoliceDistrict",
        "FingerprintKind",
        "Status",
        "CoordinationStep",
    } <= names
    assert len(DOMAIN_ENUMS) > 30


@pytest.mark.parametrize("member", MEMBERS)
def test_every_member_of_every_domain_enum_has_danish_and_english_words(member: Enum) -> None:
    assert has_label(member), f"add {type(member).__name__}.{member.name} to domain.vocabulary"
    wording = label(member)
    assert wording.da.strip() and wording.en.strip()
    assert wording.da == wording.da.strip()
    if member not in DANISH_CODES:
        assert wording.da.casefold() != _as_code_reads(member), "the Danish is only the code"


@pytest.mark.parametrize("enum", LABELLED, ids=lambda enum: enum.__qualname__)
def test_no_two_members_of_an_enum_read_the_same(enum: type[Enum]) -> None:
    danish = [wording.da for _, wording in choices(enum)]
    english = [wording.en for _, wording in choices(enum)]
    assert len(set(danish)) == len(danish)
    assert len(set(english)) == len(english)


def test_the_excluded_enums_are_under_domain_and_have_no_table() -> None:
    assert set(EXCLUDED) <= set(DOMAIN_ENUMS)
    assert not set(EXCLUDED) & labelled_enums()


def test_the_vocabulary_labels_only_enums_defined_under_domain() -> None:
    assert labelled_enums() <= set(DOMAIN_ENUMS)


def test_a_member_without_a_label_is_refused_rather_than_shown_as_its_code() -> None:
    class Unlabelled(StrEnum):
        SOMETHING = "something"

    assert not has_label(Unlabelled.SOMETHING)
    assert not has_label("victim")
    with pytest.raises(NoLabel):
        label(Unlabelled.SOMETHING)


def test_police_districts_are_named_as_the_police_name_themselves() -> None:
    assert label(PoliceDistrict.NORDJYLLAND).da == "Nordjyllands Politi"
    assert label(PoliceDistrict.KOEBENHAVN).da == "Københavns Politi"
    assert label(PoliceDistrict.MIDT_OG_VESTSJAELLAND).da == "Midt- og Vestsjællands Politi"
    assert label(PoliceDistrict.SYD_OG_SOENDERJYLLAND).da == "Syd- og Sønderjyllands Politi"
    assert label(PoliceDistrict.BORNHOLM).da == "Bornholms Politi"
    assert all(label(district).da.endswith(" Politi") for district in PoliceDistrict)


def test_labels_an_enum_already_has_are_reused_not_rewritten() -> None:
    for role in Role:
        assert label(role).da.casefold() == role.label_da.casefold()
    for command in SchoolCommand:
        assert label(command).da.casefold() == command.label_da.casefold()
    for district in PoliceDistrict:
        assert label(district).da == district.danish_name


# ------------------------------------------------------------------ request fields

REQUEST_MODELS = sorted(
    (
        model
        for model in vars(requests).values()
        if inspect.isclass(model)
        and issubclass(model, BaseModel)
        and model.__module__ == requests.__name__
    ),
    key=lambda model: model.__name__,
)
FIELDS = [
    pytest.param(model, name, id=f"{model.__name__}.{name}")
    for model in REQUEST_MODELS
    for name in model.model_fields
]


def test_the_request_models_are_found() -> None:
    names = {model.__name__ for model in REQUEST_MODELS}
    assert {"ReportCase", "Involved", "FingerprintIn", "DeferInformingParents"} <= names
    assert len(FIELDS) > 50


@pytest.mark.parametrize(("model", "name"), FIELDS)
def test_every_field_of_every_request_has_danish_and_english_words(
    model: type[BaseModel], name: str
) -> None:
    assert name in FIELD_LABELS, f"add {name!r} to services.school.field_labels"
    for wording in (FIELD_LABELS[name], field_label(model, name)):
        assert wording.da.strip() and wording.en.strip()
    hint = field_hint(model, name)
    assert hint is None or (hint.da.strip() and hint.en.strip())


@pytest.mark.parametrize("model", REQUEST_MODELS, ids=lambda model: model.__name__)
def test_no_two_fields_of_a_request_read_the_same(model: type[BaseModel]) -> None:
    danish = [field_label(model, name).da for name in model.model_fields]
    assert len(set(danish)) == len(danish)


def test_no_field_label_or_hint_names_a_field_that_is_gone() -> None:
    fields = {(model.__name__, name) for model in REQUEST_MODELS for name in model.model_fields}
    names = {name for _, name in fields}
    assert set(FIELD_LABELS) <= names
    assert set(FIELD_HINTS) <= names
    assert set(FIELD_LABELS_IN) <= fields
    assert set(FIELD_HINTS_IN) <= fields


def test_the_value_jump_fields_read_as_a_teacher_would_ask() -> None:
    assert FIELD_LABELS["before_parents_because"].da == (
        "Hvorfor kan dette ikke vente, til forældrene er inddraget?"
    )
    assert FIELD_LABELS["reassess_by"].da == "Genvurderes senest"
