"""``samspil audit verify`` and ``samspil audit export``."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import ProcessRecorder
from jinja2 import Environment, PackageLoader, select_autoescape
from tqdm import tqdm

from contracts.deployments import DEPLOYMENT_ID, kind_of
from infra.audit_chain import ChainStore, Checkpoint
from infra.audit_verify import verify_store
from infra.event_store import open_recorder, store_env
from infra.key_exchange import TrustDirectory
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
    """Verify the store of this deployment of ``service`` (``SAMSPIL_DEPLOYMENT_ID``, or
    the kind's one deployment) against its own checkpoints and the copies of them kept
    by the other stores here; copies of other deployments are never compared with it."""
    deployment = settings.deployment(service)
    if not re.fullmatch(DEPLOYMENT_ID, deployment) or kind_of(deployment) != service:
        print(
            f"samspil audit verify: {deployment} is not a {service} deployment", file=sys.stderr
        )
        return 2
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
            peers.extend((other, c) for c in their_chain.checkpoints(deployment))
    total = recorder.max_notification_id() or 0
    with tqdm(total=total, unit="records", disable=total < LARGE_STORE, file=sys.stderr) as bar:
        problems = verify_store(
            recorder,
            deployment=deployment,
            public_key=_public_key(settings, service, deployment),
            peer_checkpoints=peers,
            progress=bar.update,
        )
    checkpoints = len(chain.checkpoints(deployment))
    if not problems:
        print(
            f"{deployment}: intact — {total} records, {checkpoints} own checkpoints, "
            f"{len(peers)} copies kept by other services."
        )
        return 0
    print(f"{deployment}: NOT intact. First broken {problems[0]}")
    for problem in problems[1:10]:
        print(f"  also {problem}")
    if len(problems) > 10:
        print(f"  … and {len(problems) - 10} more")
    return 1


def _public_key(settings: Settings, service: ServiceName, deployment: str) -> str | None:
    """The deployment's public key: beside its signing key, else as its peers trust it."""
    public_file = settings.service_dir(service) / "signing.pub"
    if public_file.exists():
        return public_file.read_text().strip()
    return TrustDirectory(settings.trust_path()).public_key(deployment)


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
