"""The ``samspil`` command."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path
from typing import cast
from uuid import UUID

from domain.actors import PROFESSIONAL_ROLES
from infra.settings import SERVICES, ServiceName, Settings

MUNICIPALITY_HELP = (
    "the municipality of the data protection officer the command acts as (with the local "
    "issuer; with --token, your token names it)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="samspil",
        description="Samspil: schools, SSP and police handling digital sexual offences together.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser(
        "up", help="start the whole system (embedded broker unless configured)"
    )
    start.add_argument(
        "--topology", type=Path, help="a TOML file of deployments to run instead of one of each"
    )
    serve = commands.add_parser("serve", help="run one service in this process")
    serve.add_argument("service", choices=(*SERVICES, "matching"))
    demo = commands.add_parser("demo", help="walk one case through the running system")
    demo.add_argument(
        "--topology", type=Path, help="the topology `samspil up --topology` is running"
    )
    token = commands.add_parser("token", help="print a bearer token from the local issuer")
    token.add_argument("--role", required=True, choices=sorted(r.value for r in PROFESSIONAL_ROLES))
    token.add_argument("--org", required=True, help="institution, municipality or police district")
    token.add_argument("--person", required=True, help="the person's id")
    token.add_argument("--hours", type=float, default=8.0, help="how long it is valid")
    audit = commands.add_parser("audit", help="verify a store, or export a case's chronology")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="check a store's chain and checkpoints")
    verify.add_argument("--service", choices=SERVICES, default="school")
    verify.add_argument("--database-url", help="a PostgreSQL store (default: the settings')")
    verify.add_argument(
        "--deployment",
        help="whose store it is, e.g. school.gentofte (default: SAMSPIL_DEPLOYMENT_ID, "
        "or the service's one deployment)",
    )
    export = audit_commands.add_parser("export", help="write a case's chronology (JSON, HTML)")
    export.add_argument("case_id", type=UUID)
    export.add_argument("--out", type=Path, default=Path("."), help="folder to write into")
    erase = commands.add_parser("erase", help="erase a case everywhere (crypto-shredding)")
    erase.add_argument("case_id", type=UUID)
    erase.add_argument("--reason", required=True, help="why, without personal data")
    erase.add_argument("--person", default="samspil-erase", help="who asks (default: %(default)s)")
    erase.add_argument("--token", help="your bearer token, when an OIDC provider issues them")
    erase.add_argument("--municipality", help=MUNICIPALITY_HELP)
    fingerprint = commands.add_parser(
        "fingerprint", help="print a file's fingerprints (PDQ, MD5, SHA-256); stores nothing"
    )
    fingerprint.add_argument("file", type=Path, help="the image or video, where it is")
    stats = commands.add_parser("stats", help="counts by district or municipality and quarter")
    stats.add_argument(
        "--by", choices=["police_district", "municipality"], default="police_district"
    )
    stats.add_argument("--csv", action="store_true", help="CSV instead of a table")
    stats.add_argument("--person", default="samspil-stats", help="who asks")
    stats.add_argument("--token", help="your bearer token, from your OIDC provider")
    stats.add_argument("--municipality", help=MUNICIPALITY_HELP)
    retention = commands.add_parser("retention", help="the retention policy")
    retention_commands = retention.add_subparsers(dest="retention_command", required=True)
    retention_run = retention_commands.add_parser("run", help="erase the cases that are due")
    retention_run.add_argument("--dry-run", action="store_true", help="only list them")
    retention_run.add_argument("--person", default="samspil-retention", help="who runs it")
    retention_run.add_argument(
        "--token", help="your bearer token, when an OIDC provider issues them"
    )
    retention_run.add_argument("--municipality", help=MUNICIPALITY_HELP)
    keys = commands.add_parser("keys", help="key management")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    rotate = key_commands.add_parser("rotate", help="re-wrap every data key under a new KEK")
    rotate.add_argument("--service", choices=SERVICES, required=True)
    rotate.add_argument("--new-key", help="the new KEK (base64), when the KEK is configured")
    relay = commands.add_parser("relay", help="the outbox relay")
    relay_commands = relay.add_subparsers(dest="relay_command", required=True)
    held = relay_commands.add_parser(
        "set-aside", help="list stored events the relay could not publish, and why"
    )
    held.add_argument("--service", choices=(*SERVICES, "matching"), required=True)
    contracts = commands.add_parser("contracts", help="integration event contracts")
    contracts.add_argument("action", choices=["export"], help="write schemas of new versions")
    commands.add_parser(
        "asyncapi", help="write each service's AsyncAPI document into contracts/asyncapi/"
    )
    directory = commands.add_parser("directory", help="the directory of deployments")
    directory_commands = directory.add_subparsers(dest="directory_command", required=True)
    sign = directory_commands.add_parser(
        "sign", help="sign a deployment's entry with the directory authority's key"
    )
    sign.add_argument("--authority-key", type=Path, required=True, help="its Ed25519 key file")
    sign.add_argument("--deployment", required=True, help="e.g. ssp.hjoerring")
    sign.add_argument("--url", required=True, help="where it answers, e.g. https://…")
    sign.add_argument("--public-key", required=True, help="its DEPLOYMENT.pub (file or base64)")
    sign.add_argument("--municipality", action="append", default=[], help="served (repeat)")
    sign.add_argument("--district", action="append", default=[], help="police district served")
    sign.add_argument("--institution", action="append", default=[], help="institution served")
    sign.add_argument("--out", type=Path, required=True, help="where to write the entry (JSON)")
    topology = commands.add_parser("topology", help="a topology of deployments")
    topology_commands = topology.add_subparsers(dest="topology_command", required=True)
    prepare = topology_commands.add_parser(
        "prepare", help="lay out each deployment's keys and signed entry, to start elsewhere"
    )
    prepare.add_argument("--topology", type=Path, required=True, help="the TOML file")
    prepare.add_argument(
        "--urls",
        default="http://{http_host}:{port}",
        help="where each deployment answers; {host} is its id as a host name, {port} its port"
        " (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    settings = Settings()
    if args.command == "up":
        from services.run.launcher import up

        return up(settings, args.topology)
    if args.command == "serve":
        from services.run.serve import serve as run

        run(cast(ServiceName, args.service), settings)
        return 0
    if args.command == "token":
        from infra.auth import local_issuer

        try:
            printed = local_issuer(settings).token(
                settings,
                person=args.person,
                role=args.role,
                organisation=args.org,
                lifetime=timedelta(hours=args.hours),
            )
        except ValueError as refused:
            print(f"samspil token: {refused}", file=sys.stderr)
            return 2
        print(printed)
        return 0
    if args.command == "audit":
        from services.cli.audit import export as export_case
        from services.cli.audit import verify as verify_store

        if args.audit_command == "verify":
            if args.database_url:
                settings = settings.model_copy(update={"database_url": args.database_url})
            if args.deployment:
                settings = settings.model_copy(update={"deployment_id": args.deployment})
            return verify_store(settings, cast(ServiceName, args.service))
        return export_case(settings, args.case_id, args.out)
    if args.command == "erase":
        from services.cli.erase import erase as erase_case

        return erase_case(
            settings,
            args.case_id,
            reason=args.reason,
            person=args.person,
            municipality=args.municipality,
            token=args.token,
        )
    if args.command == "fingerprint":
        from services.cli.fingerprint import fingerprint as print_fingerprints

        return print_fingerprints(args.file)
    if args.command == "stats":
        from services.cli.stats import stats as print_stats

        return print_stats(
            settings,
            by=args.by,
            as_csv=args.csv,
            person=args.person,
            municipality=args.municipality,
            token=args.token,
        )
    if args.command == "retention":
        from services.cli.retention import run as run_retention

        return run_retention(
            settings,
            dry_run=args.dry_run,
            person=args.person,
            municipality=args.municipality,
            token=args.token,
        )
    if args.command == "keys":
        from services.cli.keys import rotate as rotate_keys

        return rotate_keys(settings, cast(ServiceName, args.service), args.new_key)
    if args.command == "relay":
        from services.cli.relay import set_aside

        return set_aside(settings, cast(ServiceName, args.service))
    if args.command == "demo":
        if args.topology is not None:
            from services.cli.demo_region import run_region_demo

            return run_region_demo(settings, args.topology)
        from services.cli.demo import run_demo

        return run_demo(settings)
    if args.command == "topology":
        from services.cli.topology import prepare as prepare_topology

        return prepare_topology(settings, args.topology, args.urls)
    if args.command == "directory":
        from services.cli.directory import sign as sign_entry

        return sign_entry(
            authority_key=args.authority_key,
            deployment=args.deployment,
            url=args.url,
            public_key=args.public_key,
            municipalities=args.municipality,
            police_districts=args.district,
            institutions=args.institution,
            out=args.out,
        )
    if args.command == "asyncapi":
        from services.cli.asyncapi import export as export_asyncapi

        for path in export_asyncapi():
            print(f"wrote {path}")
        return 0
    from contracts.schema_files import export_new

    for path in export_new():
        print(f"wrote {path}")
    return 0
