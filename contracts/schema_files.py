"""Published JSON Schemas, and the check that a published schema was not edited.

Receivers validate strictly (unknown fields are refused), so any change to the
shape of a published version — a field added, removed, retyped or an enum value
dropped — breaks someone. Only wording (titles, descriptions) may change; anything
else needs a new version.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts.registry import AUDIT_PUBLISHED, PUBLISHED, WIRE_FORMATS, schema_name

SCHEMA_DIR = Path(__file__).parent / "schemas"
_WORDING = frozenset({"title", "description", "examples"})


def current_schemas() -> dict[str, dict[str, Any]]:
    schemas = {schema_name(c): c.model_json_schema() for c in (*PUBLISHED, *AUDIT_PUBLISHED)}
    return schemas | {name: c.model_json_schema() for name, c in WIRE_FORMATS.items()}


def published_schemas(directory: Path = SCHEMA_DIR) -> dict[str, dict[str, Any]]:
    return {
        path.name.removesuffix(".json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.json"))
    }


def _shape(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in sorted(node.items()) if k not in _WORDING}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return node


def _first_difference(old: Any, new: Any, path: str) -> str | None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            if key not in new:
                return f"{path}/{key} was removed"
            if key not in old:
                return f"{path}/{key} was added"
            found = _first_difference(old[key], new[key], f"{path}/{key}")
            if found:
                return found
        return None
    if old != new:
        return f"{path} changed from {json.dumps(old)} to {json.dumps(new)}"
    return None


def incompatibilities(
    published: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]
) -> list[str]:
    """One line per published schema whose shape differs from, or is missing in, the code."""
    problems = []
    for name, old in published.items():
        if name not in current:
            problems.append(f"{name}: published but no longer defined in contracts")
            continue
        diff = _first_difference(_shape(old), _shape(current[name]), "")
        if diff:
            problems.append(f"{name}: {diff} (publish a new version instead)")
    return problems


def export_new(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write schemas of versions not yet published; never overwrite a published one."""
    published = published_schemas(directory)
    problems = incompatibilities(published, current_schemas())
    if problems:
        raise ValueError("; ".join(problems))
    written = []
    directory.mkdir(parents=True, exist_ok=True)
    for name, schema in current_schemas().items():
        if name not in published:
            path = directory / f"{name}.json"
            path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
    return written
