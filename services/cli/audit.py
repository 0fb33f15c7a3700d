"""``samspil audit verify`` and ``samspil audit export``."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import ProcessRecorder
from jinja2 import Environment, PackageLoader, select_autoescape
from tqdm import tqdm

from infra.audit_chain import ChainStore, Checkpoint
from infra.audit_verify import verify_store
from infra.event_store import open_recorder, store_env
from infra.settings import SERVICES, ServiceName, Settings
from infra.store_sql import StoreSql
from services.kit.audit_export import export_case
from services.school.application import SchoolApplication

LARGE_STORE = 10_000
"""From this many records on, verification shows a progress bar."""


def open_store(settings: Settings, service: ServiceName) -> tuple[ProcessRecorder, ChainStore]:
    recorder = open_recorder(settings, service)
    return recorder, ChainStore(StoreSql(recorder))


def _store_exists(settings: Settings, service: ServiceName) -> bool:
    return bool(settings.database_url) or (settings.service_dir(service) / "events.sqlite").exists()


def verify(settings: Settings, service: ServiceName) -> int:
    if not _store_exists(settings, service):
        print(
            f"samspil audit verify: no {service} store under {settings.data_dir}", file=sys.stderr
        )
        return 2
    recorder, chain = open_store(settings, service)
    peers: list[tuple[str, Checkpoint]] = []
    for other in SERVICES:
        if other != service and _store_exists(settings, other):
            _, their_chain = open_store(settings, other)
            peers.extend((other, c) for c in their_chain.checkpoints(service))
    public_file = settings.service_dir(service) / "signing.pub"
    public_key = public_file.read_text().strip() if public_file.exists() else None
    total = recorder.max_notification_id() or 0
    with tqdm(total=total, unit="records", disable=total < LARGE_STORE, file=sys.stderr) as bar:
        problems = verify_store(
            recorder,
            service=service,
            public_key=public_key,
            peer_checkpoints=peers,
            progress=bar.update,
        )
    checkpoints = len(chain.checkpoints(service))
    if not problems:
        print(
            f"{service}: intact — {total} records, {checkpoints} own checkpoints, "
            f"{len(peers)} copies kept by other services."
        )
        return 0
    print(f"{service}: NOT intact. First broken {problems[0]}")
    for problem in problems[1:10]:
        print(f"  also {problem}")
    if len(problems) > 10:
        print(f"  … and {len(problems) - 10} more")
    return 1


def export(settings: Settings, case_id: UUID, out: Path) -> int:
    app = SchoolApplication(store_env(settings, "school"), settings)
    try:
        chronology = export_case(app, case_id, datetime.now(UTC))
    finally:
        app.close()
    out.mkdir(parents=True, exist_ok=True)
    json_file = out / f"case-{case_id}.json"
    html_file = out / f"case-{case_id}.html"
    json_file.write_text(
        json.dumps(chronology.model_dump(mode="json"), indent=2, ensure_ascii=False), "utf-8"
    )
    templates = Environment(
        loader=PackageLoader("services.kit", "templates"), autoescape=select_autoescape()
    )
    html_file.write_text(
        templates.get_template("audit_export.html").render(export=chronology), "utf-8"
    )
    print(f"wrote {json_file}\nwrote {html_file}")
    return 0
