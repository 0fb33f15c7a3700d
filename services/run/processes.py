"""One service as a process of its own: start it, wait until it answers, stop it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from infra.settings import ServiceName, Settings


class LaunchError(RuntimeError):
    pass


@dataclass
class ServiceProcess:
    name: ServiceName
    url: str
    log_file: Path
    process: subprocess.Popen[bytes]


def check_port_free(host: str, port: int, setting: str) -> None:
    with socket.socket() as sock:
        if sock.connect_ex((host, port)) == 0:
            raise LaunchError(f"port {port} on {host} is taken: choose another with {setting}")


def answers_health(service: ServiceProcess, timeout: float = 1.0) -> bool:
    """Does the service answer ``/health``? Uvicorn serves only once its lifespan has started,
    so by then the store is open and the Kafka consumers have joined their groups."""
    try:
        return httpx.get(f"{service.url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def wait_healthy(service: ServiceProcess, timeout: float = 60.0) -> None:
    """Wait until the service answers on /health (its Kafka consumers have joined by then)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            tail = service.log_file.read_text(errors="replace")[-3000:]
            raise LaunchError(f"the {service.name} service stopped while starting:\n{tail}")
        if answers_health(service):
            return
        time.sleep(0.2)
    raise LaunchError(f"the {service.name} service did not answer within {timeout:.0f} s")


def start_service(
    name: ServiceName, settings: Settings, env: dict[str, str], log_name: str = ""
) -> ServiceProcess:
    """Start ``samspil serve NAME`` as its own process, logging to the data directory
    (``logs/NAME.log``, or ``logs/LOG_NAME.log`` for one of several replicas)."""
    port = settings.port_of(name)
    check_port_free(settings.http_host, port, f"SAMSPIL_{name.upper()}_PORT")
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_file = logs / f"{log_name or name}.log"
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


def exit_description(returncode: int) -> str:
    """``exit code 1`` or ``killed by SIGKILL``, from a ``Popen.returncode``."""
    if returncode >= 0:
        return f"exit code {returncode}"
    try:
        return f"killed by {signal.Signals(-returncode).name}"
    except ValueError:
        return f"killed by signal {-returncode}"
