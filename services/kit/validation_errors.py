"""422 for a malformed request, naming each field, in English and Danish, echoing nothing.

FastAPI's own answer repeats each bad field's ``input`` and ``ctx``; the input of an
over-long field may be the material itself. This answer keeps each problem's ``loc``
and ``type`` and says what is wrong in both languages, from the constraint alone. Like
every refusal it has a stable ``error`` code, and sums up which fields to correct in
``detail_da`` and ``detail_en``, and in ``message`` in the language the request prefers
(``Content-Language`` says which).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from domain.commands import Wording, listed
from domain.errors import DomainError
from services.kit.language import Language, requested

_DANISH: Mapping[str, str] = {
    "missing": "Feltet mangler.",
    "extra_forbidden": "Feltet findes ikke i denne forespørgsel.",
    "string_too_short": "Teksten skal have mindst {min_length} tegn.",
    "string_too_long": "Teksten må højst have {max_length} tegn.",
    "string_pattern_mismatch": "Værdien har ikke den krævede form.",
    "string_type": "Værdien skal være en tekst.",
    "too_short": "Listen skal have mindst {min_length} elementer.",
    "too_long": "Listen må højst have {max_length} elementer.",
    "list_type": "Værdien skal være en liste.",
    "dict_type": "Værdien skal være et objekt.",
    "model_attributes_type": "Værdien skal være et objekt.",
    "model_type": "Værdien skal være et objekt.",
    "enum": "Værdien skal være en af: {expected}.",
    "literal_error": "Værdien skal være en af: {expected}.",
    "int_parsing": "Værdien skal være et helt tal.",
    "int_type": "Værdien skal være et helt tal.",
    "int_from_float": "Værdien skal være et helt tal.",
    "float_parsing": "Værdien skal være et tal.",
    "float_type": "Værdien skal være et tal.",
    "bool_parsing": "Værdien skal være sand eller falsk (true/false).",
    "bool_type": "Værdien skal være sand eller falsk (true/false).",
    "uuid_parsing": "Værdien skal være et gyldigt UUID.",
    "uuid_type": "Værdien skal være et gyldigt UUID.",
    "datetime_parsing": "Værdien skal være et tidspunkt (ISO 8601, fx 2026-03-14T09:15:00Z).",
    "datetime_from_date_parsing": "Værdien skal være et tidspunkt (ISO 8601).",
    "datetime_type": "Værdien skal være et tidspunkt (ISO 8601).",
    "greater_than_equal": "Værdien skal være mindst {ge}.",
    "greater_than": "Værdien skal være større end {gt}.",
    "less_than_equal": "Værdien må højst være {le}.",
    "less_than": "Værdien skal være mindre end {lt}.",
    "json_invalid": "Indholdet er ikke gyldig JSON.",
    "json_type": "Indholdet skal være JSON.",
    "value_error": "Værdien er ugyldig.",
}
_CONSTRAINTS = ("min_length", "max_length", "expected", "ge", "gt", "le", "lt")
"""The only parts of ``ctx`` ever shown: limits from the schema, never the input."""


def _field(location: Sequence[Any]) -> str:
    named = [str(part) for part in location if not isinstance(part, int)]
    return named[-1] if named else "body"


def _danish(error: Mapping[str, Any]) -> str:
    context = error.get("ctx") or {}
    if isinstance(context.get("error"), DomainError):  # a domain rule says it in Danish too
        danish = str(context["error"].message_da)
        return f"{danish[:1].upper()}{danish[1:]}."
    limits = {key: str(context[key]) for key in _CONSTRAINTS if key in context}
    if "expected" in limits:
        limits["expected"] = limits["expected"].replace(" or ", " eller ")
    template = _DANISH.get(str(error.get("type")))
    try:
        if template:
            return template.format(**limits)
    except KeyError:
        pass  # a limit the template needs is not given: say it in general terms
    return f"Feltet '{_field(error.get('loc', ()))}' er ugyldigt."


def _english(error: Mapping[str, Any]) -> str:
    """Pydantic's message, unless it quotes the input (a custom validator's might)."""
    message = str(error.get("msg", ""))
    given = error.get("input")
    if isinstance(given, str) and len(given) >= 4 and given in message:
        return f"The field '{_field(error.get('loc', ()))}' is not valid."
    return message


def problem(error: Mapping[str, Any]) -> dict[str, Any]:
    """One validation problem without its input: where, what kind, and why in two languages."""
    return {
        "loc": list(error.get("loc", ())),
        "type": str(error.get("type", "value_error")),
        "msg": _english(error),
        "msg_da": _danish(error),
    }


def summary(problems: Sequence[Mapping[str, Any]]) -> Wording:
    """Which fields to correct, in one sentence in each language."""
    names = list(dict.fromkeys(f"'{_field(p.get('loc', ()))}'" for p in problems)) or ["'body'"]
    plural = len(names) > 1
    return Wording(
        f"Forespørgslen blev ikke modtaget. Ret {'felterne' if plural else 'feltet'} "
        f"{listed(names, 'og')}.",
        f"The request was not accepted. Correct the field{'s' if plural else ''} "
        f"{listed(names, 'and')}.",
    )


def refused_body(
    language: Language, code: str, problems: list[dict[str, Any]], wording: Wording
) -> dict[str, Any]:
    """A 422 (or 413, 415) body: the problems under ``detail``, as FastAPI documents it,
    with the stable code and the summary in both languages and in the negotiated one."""
    return {
        "detail": problems,
        "error": code,
        "message": language.of(wording),
        "detail_da": wording.da,
        "detail_en": wording.en,
    }


async def refuse_invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [problem(e) for e in error.errors()]
    language = requested(request.scope)
    return JSONResponse(
        status_code=422,
        content=refused_body(language, "InvalidRequest", problems, summary(problems)),
        headers={"Content-Language": language.value},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, refuse_invalid_request)
