"""``samspil asyncapi``: each service's AsyncAPI document, exported into the repository.

The copies in ``contracts/asyncapi/`` let a reader (or another team's tooling) see every
topic and message without running a service; each is what that service serves at
``/asyncapi.json``, and a test fails when the code no longer matches them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import contracts
from services.kit.asyncapi import asyncapi_document
from services.run.blueprints import BLUEPRINTS

ASYNCAPI_DIR = Path(contracts.__file__).parent / "asyncapi"
REGENERATE = "run `.venv/bin/samspil asyncapi` and commit contracts/asyncapi/"


def current_documents() -> dict[str, dict[str, Any]]:
    """Each service's document, by service name, as the code makes it now."""
    return {name: asyncapi_document(blueprint) for name, blueprint in BLUEPRINTS.items()}


def as_text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export(directory: Path = ASYNCAPI_DIR) -> list[Path]:
    """Write each service's document; returns those that were missing or out of date."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in current_documents().items():
        path = directory / f"{name}.json"
        text = as_text(document)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
