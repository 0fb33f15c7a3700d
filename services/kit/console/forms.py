"""Console forms made from the same request models as the API, and read back into them.

A form's fields are derived from the command's pydantic model, so the console posts
exactly what the API accepts and the model validates both: an enum becomes a choice, a
list of enums a group of check boxes, a list of small models a few rows of fields. The
posted form is read back into the model's shape and validated by the model itself; a
refusal names the fields in Danish and English, as the API's 422 does.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from domain.commands import Wording
from services.kit.validation_errors import problem, summary

ROWS_OF_A_LIST = 3
"""Rows offered for a list of small models (people involved, fingerprints)."""
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
"""A time typed into a form is Danish time."""
LONG_TEXT = 200
"""Text fields allowed more characters than this get a text area."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: Wording


@dataclass(frozen=True)
class FormField:
    """One field of a console form, with what the template needs to draw it."""

    name: str
    """The posted name: ``reason``, or ``involved.0.role`` in a row of a list."""
    kind: str
    """text, textarea, number, date, datetime, checkbox, select, checkboxes, lines, rows."""
    label: Wording
    required: bool
    hint: Wording | None = None
    choices: tuple[Choice, ...] = ()
    maximum: int | None = None
    minimum: int | None = None
    max_length: int | None = None
    rows: tuple[tuple[FormField, ...], ...] = field(default=())
    """For ``rows``: the fields of each row."""


Labeller = Callable[[str], Wording]
"""A field's label by its name."""
ChoiceLabeller = Callable[[Enum], Wording]


@dataclass(frozen=True)
class FormWords:
    """How a service names its fields and choices (its own vocabulary)."""

    field: Labeller
    choice: ChoiceLabeller
    hint: Callable[[str], Wording | None] = lambda _: None


class FormInvalid(Exception):
    """The posted form did not validate: which fields, in Danish and English."""

    def __init__(self, wording: Wording, fields: Sequence[str]) -> None:
        super().__init__(wording.en)
        self.wording = wording
        self.fields = list(fields)


def form_fields(
    model: type[BaseModel],
    words: FormWords,
    *,
    choices: Mapping[str, Sequence[Choice]] | None = None,
    prefix: str = "",
) -> list[FormField]:
    """The fields of ``model``; ``choices`` offers values for a field the case decides
    (the deletion request a confirmation is for, say) as a choice."""
    offered = choices or {}
    return [
        _field(f"{prefix}{name}", name, info, words, offered)
        for name, info in model.model_fields.items()
    ]


def _field(
    posted: str,
    name: str,
    info: FieldInfo,
    words: FormWords,
    offered: Mapping[str, Sequence[Choice]],
) -> FormField:
    kind, inner = _kind(info.annotation)
    common: dict[str, Any] = {
        "name": posted,
        "label": words.field(name),
        "required": info.is_required(),
        "hint": words.hint(name),
    }
    if name in offered:
        return FormField(kind="select", choices=tuple(offered[name]), **common)
    if kind in ("select", "checkboxes"):
        assert inner is not None and issubclass(inner, Enum)
        members = tuple(Choice(str(m.value), words.choice(m)) for m in inner)
        return FormField(kind=kind, choices=members, **common)
    if kind == "rows":
        assert inner is not None and issubclass(inner, BaseModel)
        rows = tuple(  # a row left empty is no row: none of its fields is required
            tuple(
                replace(f, required=False)
                for f in form_fields(inner, words, choices=offered, prefix=f"{posted}.{row}.")
            )
            for row in range(ROWS_OF_A_LIST)
        )
        return FormField(kind=kind, rows=rows, **common)
    limits = _limits(info)
    if kind == "text" and (limits.get("max_length") or 0) > LONG_TEXT:
        kind = "textarea"
    return FormField(
        kind=kind,
        max_length=limits.get("max_length"),
        minimum=limits.get("minimum"),
        maximum=limits.get("maximum"),
        **common,
    )


def _kind(annotation: Any) -> tuple[str, type | None]:
    annotation = _without_none(annotation)
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation)
        item = _without_none(item)
        if isinstance(item, type) and issubclass(item, Enum):
            return "checkboxes", item
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "rows", item
        return "lines", None
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return "select", annotation
        if issubclass(annotation, bool):
            return "checkbox", None
        if issubclass(annotation, int):
            return "number", None
        if issubclass(annotation, datetime):
            return "datetime", None
        if issubclass(annotation, date):
            return "date", None
        if issubclass(annotation, UUID):
            return "text", None
    return "text", None


def _without_none(annotation: Any) -> Any:
    """``X | None`` is ``X`` (not required); ``Annotated`` text types are their ``str``."""
    if get_origin(annotation) in (Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        annotation = rest[0] if len(rest) == 1 else annotation
    metadata = getattr(annotation, "__metadata__", None)
    return get_args(annotation)[0] if metadata is not None else annotation


def _limits(info: FieldInfo) -> dict[str, int]:
    limits: dict[str, int] = {}
    for constraint in info.metadata:
        for attribute, key in (
            ("max_length", "max_length"),
            ("ge", "minimum"),
            ("le", "maximum"),
        ):
            value = getattr(constraint, attribute, None)
            if isinstance(value, int):
                limits[key] = value
    return limits


def read_form(model: type[BaseModel], posted: Mapping[str, Sequence[str]]) -> BaseModel:
    """The posted form as the model, validated by it; ``FormInvalid`` naming the fields."""
    try:
        return model.model_validate(_shape(model, posted, ""))
    except ValidationError as error:
        problems = [problem(e) for e in error.errors()]
        fields = [".".join(str(p) for p in e["loc"]) for e in error.errors()]
        raise FormInvalid(summary(problems), fields) from None


def _shape(
    model: type[BaseModel], posted: Mapping[str, Sequence[str]], prefix: str
) -> dict[str, Any]:
    """The nested dict the model validates, from flat form names; an empty field is
    left out, so a missing required field is named by the model, not guessed here."""
    shaped: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        kind, inner = _kind(info.annotation)
        values = [v for v in posted.get(key, ()) if v.strip()]
        if kind == "checkbox":
            if values or info.is_required():
                shaped[name] = bool(values)
        elif kind == "checkboxes":
            shaped[name] = values
        elif kind == "lines":
            shaped[name] = [line.strip() for v in values for line in v.splitlines() if line.strip()]
        elif kind == "rows":
            assert inner is not None and issubclass(inner, BaseModel)
            rows = [_shape(inner, posted, f"{key}.{row}.") for row in range(ROWS_OF_A_LIST)]
            shaped[name] = [
                row for row in rows if any(v not in (None, "", False) for v in row.values())
            ]
        elif values and kind == "datetime":
            shaped[name] = _danish_moment(values[0].strip())
        elif values:
            shaped[name] = values[0].strip()
    return shaped


def _danish_moment(typed: str) -> str:
    """A browser's local date and time (no offset) is Danish time; anything else is
    left for the model to judge."""
    try:
        moment = datetime.fromisoformat(typed)
    except ValueError:
        return typed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=DANISH_TIME)
    return moment.isoformat()
