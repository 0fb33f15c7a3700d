"""``samspil up``: the whole system on embedded defaults, one process per service."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx

from infra.auth import local_issuer
from infra.settings import SERVICES, ServiceName, Settings
from infra.tansu import EmbeddedBroker


class LaunchError(RuntimeError):
    pass


@dataclass
class ServiceProcess:
    name: ServiceName
    url: str
    log_file: Path
    process: subprocess.Popen[bytes]


def runtime_file(settings: Settings) -> Path:
    """Where a running system says where its APIs are (read by ``samspil demo``)."""
    return settings.data_dir / "running.json"


def _check_port_free(host: str, port: int, setting: str) -> None:
    with socket.socket() as sock:
        if sock.connect_ex((host, port)) == 0:
            raise LaunchError(f"port {port} on {host} is taken: choose another with {setting}")


def wait_healthy(service: ServiceProcess, timeout: float = 60.0) -> None:
    """Wait until the service answers on /health (its Kafka consumers have joined by then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            tail = service.log_file.read_text(errors="replace")[-3000:]
            raise LaunchError(f"the {service.name} service stopped while starting:\n{tail}")
        try:
            if httpx.get(f"{service.url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise LaunchError(f"the {service.name} service did not answer within {timeout:.0f} s")


def start_service(name: ServiceName, settings: Settings, env: dict[str, str]) -> ServiceProcess:
    """Start ``samspil serve NAME`` as its own process, logging to the data directory."""
    port = settings.port_of(name)
    _check_port_free(settings.http_host, port, f"SAMSPIL_{name.upper()}_PORT")
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_file = logs / f"{name}.log"
    with open(log_file, "ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "serve", name],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return ServiceProcess(name, f"http://{settings.http_host}:{port}", log_file, process)


def stop_services(services: list[ServiceProcess]) -> None:
    for service in services:
        if service.process.poll() is None:
            service.process.send_signal(signal.SIGTERM)
    for service in services:
        try:
            service.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()


def up(settings: Settings) -> int:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not (settings.auth_jwks_url or settings.auth_public_key_file):
        local_issuer(settings)  # made once here, before the services read its public key
    env = dict(os.environ)
    env["SAMSPIL_DATA_DIR"] = str(settings.data_dir.resolve())
    broker: EmbeddedBroker | None = None
    if not settings.kafka_bootstrap:
        broker = EmbeddedBroker(log_file=settings.data_dir / "logs" / "broker.log")
        (settings.data_dir / "logs").mkdir(exist_ok=True)
        broker.start()
        env["SAMSPIL_KAFKA_BOOTSTRAP"] = broker.bootstrap
        env["SAMSPIL_KAFKA_IDEMPOTENT_PRODUCER"] = "false"
        env["SAMSPIL_KAFKA_FETCH_MAX_WAIT_MS"] = "10"
    services: list[ServiceProcess] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        services = [start_service(name, settings, env) for name in SERVICES]
        for service in services:
            wait_healthy(service)
        runtime_file(settings).write_text(
            json.dumps({s.name: s.url for s in services}, indent=2), encoding="utf-8"
        )
        _print_where(settings, env["SAMSPIL_KAFKA_BOOTSTRAP"], broker is not None, services)
        while all(s.process.poll() is None for s in services):
            time.sleep(0.5)
        stopped = [s.name for s in services if s.process.poll() is not None]
        print(f"\nA service stopped unexpectedly ({', '.join(stopped)}); see its log. Stopping.")
        return 1
    except KeyboardInterrupt:
        print("\nStopping Samspil …")
        return 0
    except LaunchError as error:
        print(f"samspil up: {error}", file=sys.stderr)
        return 1
    finally:
        stop_services(services)
        if broker:
            broker.stop()
        runtime_file(settings).unlink(missing_ok=True)


def _print_where(
    settings: Settings, bootstrap: str, embedded: bool, services: list[ServiceProcess]
) -> None:
    store = (
        "PostgreSQL (" + settings.database_url.rsplit("@", 1)[-1] + ")"
        if settings.database_url
        else "SQLite"
    )
    print("Samspil is running.\n")
    for service in services:
        print(f"  {service.name:<15} API  {service.url}")
        print(f"  {'':<15} docs {service.url}/docs")
    kind = "embedded Tansu, in memory" if embedded else "configured"
    print(f"\n  Kafka broker    {bootstrap} ({kind})")
    print(f"  Event stores    {store}, encrypted per service")
    print(f"  Data directory  {settings.data_dir.resolve()}")
    print(f"  Logs            {(settings.data_dir / 'logs').resolve()}")
    print("\nTry `samspil demo` in another terminal. Press Ctrl-C to stop.")
    sys.stdout.flush()
