"""Requests built from a service's own OpenAPI document, so that tests cover every
operation it has — including the ones added after the test was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra.key_exchange import KEY_EXCHANGE_PATH

NOT_FOR_PROFESSIONALS = {"/health", KEY_EXCHANGE_PATH}
"""Load balancers' probe, and the services' signed key exchange (no bearer tokens)."""

_KNOWN_PATTERNS = {
    r"^\d{6}-?\d{4}$": "010203-1234",
}


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    path_params: tuple[str, ...]
    query: dict[str, Any] = field(default_factory=dict)
    """Required query parameters, with example values."""
    body_schema: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.template}"

    def path(self, values: dict[str, str]) -> str:
        return self.template.format(**{p: values[p] for p in self.path_params})


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    components = document.get("components", {})
    for template, methods in document["paths"].items():
        if template in NOT_FOR_PROFESSIONALS:
            continue
        for method, spec in methods.items():
            parameters = spec.get("parameters", [])
            path_params = tuple(p["name"] for p in parameters if p["in"] == "path")
            query = {
                p["name"]: example(p["schema"], components)
                for p in parameters
                if p["in"] == "query" and p.get("required")
            }
            content = spec.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            found.append(Operation(method, template, path_params, query, schema))
    return found


def resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = components["schemas"][name]
    return schema


def example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A value the schema accepts: the first of its examples, enums and alternatives."""
    schema = resolve(schema, components)
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for alternatives in ("anyOf", "oneOf"):
        if alternatives in schema:
            options = [s for s in schema[alternatives] if s.get("type") != "null"]
            return example(options[0], components)
    if "allOf" in schema:
        return example(schema["allOf"][0], components)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {name: example(properties[name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), components)] * max(1, schema.get("minItems", 1))
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        return schema.get("minimum", schema.get("exclusiveMinimum", 0))
    if kind == "string":
        return _string(schema)
    return None


def _string(schema: dict[str, Any]) -> str:
    if schema.get("pattern") in _KNOWN_PATTERNS:
        return _KNOWN_PATTERNS[schema["pattern"]]
    if schema.get("format") == "date-time":
        return "2026-11-01T10:00:00Z"
    if schema.get("format") == "uuid":
        return "00000000-0000-4000-8000-000000000001"
    text = "Eleven har fortalt det til sin lærer."
    return text[: schema.get("maxLength", len(text))].ljust(schema.get("minLength", 0), "x")
