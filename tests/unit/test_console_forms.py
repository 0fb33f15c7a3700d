"""Console forms are made from the API's request models and read back through them."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from domain.commands import Wording
from domain.vocabulary import label
from services.kit.console.forms import FormInvalid, FormWords, form_fields, read_form
from services.school import requests as r

WORDS = FormWords(field=lambda name: Wording(f"da:{name}", f"en:{name}"), choice=label)


def _by_name(model: type) -> dict[str, object]:
    return {f.name: f for f in form_fields(model, WORDS)}  # type: ignore[arg-type]


def test_each_kind_of_field_becomes_the_control_a_person_expects() -> None:
    assess = _by_name(r.Assess)
    assert assess["material"].kind == "checkboxes"  # type: ignore[attr-defined]
    assert assess["reaction"].kind == "select"  # type: ignore[attr-defined]
    assert assess["level"].required is False  # type: ignore[attr-defined]
    reaction = assess["reaction"].choices  # type: ignore[attr-defined]
    assert reaction[0].label.da and reaction[0].label.da != reaction[0].value
    facts = _by_name(r.UncoverFacts)
    rows = facts["involved"].rows  # type: ignore[attr-defined]
    assert [f.name for f in rows[1]][:2] == ["involved.1.role", "involved.1.description"]
    assert not any(f.required for row in rows for f in row), "an empty row is no row"
    assert _by_name(r.DeferInformingParents)["reassess_by"].kind == "date"  # type: ignore[attr-defined]
    assert _by_name(r.LogbookEntry)["when"].kind == "datetime"  # type: ignore[attr-defined]
    assert _by_name(r.Cooperation)["schools"].kind == "lines"  # type: ignore[attr-defined]


def test_a_posted_form_is_read_into_the_model_rows_lines_and_danish_time() -> None:
    facts = read_form(
        r.UncoverFacts,
        {
            "involved.0.role": ["known_offender"],
            "involved.0.description": ["tidligere kæreste"],
            "involved.0.is_minor": ["true"],
            "involved.1.role": [""],
            "what_happened": ["Et billede er delt."],
            "where": ["Snapchat"],
            "spread": ["group_chat"],
        },
    )
    assert isinstance(facts, r.UncoverFacts)
    assert [(p.role.value, p.is_minor) for p in facts.involved] == [("known_offender", True)]
    cooperation = read_form(r.Cooperation, {"schools": ["Skole A\r\n\r\nSkole B"]})
    assert cooperation.schools == ["Skole A", "Skole B"]  # type: ignore[attr-defined]
    entry = read_form(
        r.LogbookEntry,
        {
            "who": ["eleven"],
            "what": ["fortalte"],
            "where": ["kontoret"],
            "when": ["2026-12-02T10:30"],
        },
    )
    assert entry.when == datetime(2026, 12, 2, 10, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))  # type: ignore[attr-defined]


def test_a_form_missing_a_required_field_is_refused_naming_it_in_danish() -> None:
    with pytest.raises(FormInvalid) as refused:
        read_form(
            r.Assess, {"material": ["naked_body"], "context": ["B"], "track": ["pedagogical"]}
        )
    assert "'reaction'" in refused.value.wording.da and "feltet" in refused.value.wording.da
    assert refused.value.fields == ["reaction"]
