"""``samspil up``: the whole system on embedded defaults, one process per service.

The services are supervised (``services/run/supervisor.py``): one that dies is restarted
while the others carry on, and so is the embedded broker.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType

from infra.auth import local_issuer
from infra.settings import Settings
from infra.tansu import EmbeddedBroker
from services.kit.console.signin import demonstration_offered
from services.run.processes import (
    LaunchError,
    ServiceProcess,
    start_service,
    stop_services,
    wait_healthy,
)
from services.run.supervisor import SupervisedService, Supervisor
from services.run.topology import Topology, TopologyError, members

__all__ = [
    "LaunchError",
    "ServiceProcess",
    "runtime_file",
    "start_service",
    "stop_services",
    "system_env",
    "up",
    "wait_healthy",
    "write_runtime_file",
]


def runtime_file(settings: Settings) -> Path:
    """Where a running system says where its APIs are (read by ``samspil demo``)."""
    return settings.data_dir / "running.json"


def write_runtime_file(settings: Settings, supervisor: Supervisor) -> None:
    """Each service's URL by name, and under ``pids`` the process ids (they change on a
    restart, so the file is rewritten then). Replaced whole, so a reader never sees half."""
    where: dict[str, object] = dict(supervisor.urls())
    where["pids"] = supervisor.pids()
    partial = runtime_file(settings).with_name("running.json.partial")
    partial.write_text(json.dumps(where, indent=2), encoding="utf-8")
    os.replace(partial, runtime_file(settings))


def system_env(
    settings: Settings, broker: EmbeddedBroker | None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The services' environment: ``base`` (the caller's), the data directory, and the
    embedded broker's address and the client settings it needs, when there is one."""
    env = dict(os.environ if base is None else base)
    env["SAMSPIL_DATA_DIR"] = str(settings.data_dir.resolve())
    if broker is not None:
        env["SAMSPIL_KAFKA_BOOTSTRAP"] = broker.bootstrap
        env["SAMSPIL_KAFKA_IDEMPOTENT_PRODUCER"] = "false"
        env["SAMSPIL_KAFKA_FETCH_MAX_WAIT_MS"] = "10"
    return env


def up(settings: Settings, topology_file: Path | None = None) -> int:
    """Run the system until interrupted: one deployment of each kind, or a topology's."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        topology = Topology.load(topology_file) if topology_file is not None else None
    except TopologyError as error:
        print(f"samspil up: {error}", file=sys.stderr)
        return 2
    if topology is None and not (settings.auth_jwks_url or settings.auth_public_key_file):
        local_issuer(settings)  # made once here, before the services read its public key
    broker: EmbeddedBroker | None = None
    if not settings.kafka_bootstrap:
        broker = EmbeddedBroker(log_file=settings.data_dir / "logs" / "broker.log")
        (settings.data_dir / "logs").mkdir(exist_ok=True)
        broker.start()
    env = system_env(settings, broker)
    running = (
        [
            SupervisedService(m.deployment.kind, m.settings, m.env)
            for m in members(topology, settings, env)
        ]
        if topology is not None
        else None
    )
    supervisor = Supervisor(
        settings,
        env,
        broker,
        on_restart=lambda: write_runtime_file(settings, supervisor),
        services=running,
    )

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        supervisor.start()
        write_runtime_file(settings, supervisor)
        bootstrap = broker.bootstrap if broker else settings.kafka_bootstrap
        if topology is not None:
            _print_topology(settings, topology, bootstrap, supervisor)
        else:
            _print_where(settings, bootstrap, broker is not None, supervisor)
        supervisor.watch()
        return 0
    except KeyboardInterrupt:
        print("\nStopping Samspil …")
        return 0
    except LaunchError as error:
        print(f"samspil up: {error}", file=sys.stderr)
        return 1
    finally:
        supervisor.close()
        runtime_file(settings).unlink(missing_ok=True)


CONSOLE_TITLES = {"school": "school", "ssp": "SSP", "police_liaison": "police liaison"}


def _print_where(
    settings: Settings, bootstrap: str, embedded: bool, supervisor: Supervisor
) -> None:
    store = (
        "PostgreSQL (" + settings.database_url.rsplit("@", 1)[-1] + ")"
        if settings.database_url
        else "SQLite"
    )
    print("Samspil is running.\n")
    print("Consoles — open one in a browser and sign in:")
    for service in supervisor.services:
        print(f"  {CONSOLE_TITLES[service.name]:<15} {service.url}/")
    if demonstration_offered(settings):
        print("  (sign in as a demonstration professional, e.g. Hanne, ledelse, at the school)")
    print("\nAPIs (bearer token: `samspil token`):")
    for service in supervisor.services:
        print(f"  {service.name:<15} API  {service.url}")
        print(f"  {'':<15} docs {service.url}/docs")
    kind = "embedded Tansu, in memory" if embedded else "configured"
    print(f"\n  Kafka broker    {bootstrap} ({kind})")
    print(f"  Event stores    {store}, encrypted per service")
    print(f"  Data directory  {settings.data_dir.resolve()}")
    print(f"  Logs            {(settings.data_dir / 'logs').resolve()}")
    mail = (
        f"SMTP {settings.smtp_host}:{settings.smtp_port}"
        if settings.smtp_host
        else f"written to {(settings.data_dir / 'mail').resolve()} (no SMTP server set)"
    )
    print(f"  Mail            {mail}")
    print("\nTry `samspil demo` in another terminal. Press Ctrl-C to stop.")
    sys.stdout.flush()


def _print_topology(
    settings: Settings, topology: Topology, bootstrap: str, supervisor: Supervisor
) -> None:
    urls = supervisor.urls()
    print(f"Samspil is running the topology {topology.name!r}.\n")
    print("Each deployment has its console, API (/docs) and sign-in of its own:")
    for d in topology.deployment:
        print(f"  {d.id:<30} {urls[d.id]}/  {d.title}")
    print(f"\n  Kafka broker    {bootstrap}")
    print(f"  Data directory  {settings.data_dir.resolve()} (each deployment in deployments/)")
    print("  Directory       signed by the key in directory-authority.key there")
    print("\nTry `samspil demo --topology FILE` in another terminal. Press Ctrl-C to stop.")
    sys.stdout.flush()
