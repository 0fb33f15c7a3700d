"""The README's run command starts the whole system, and the demo walks a case through it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from infra.tansu import free_port
from tests.system import wait_until

pytestmark = pytest.mark.e2e


def test_samspil_up_serves_every_agency_and_the_demo_completes(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SAMSPIL_DATA_DIR": str(tmp_path / "data"),
        "SAMSPIL_SCHOOL_PORT": str(free_port()),
        "SAMSPIL_SSP_PORT": str(free_port()),
        "SAMSPIL_POLICE_LIAISON_PORT": str(free_port()),
    }
    env.pop("SAMSPIL_KAFKA_BOOTSTRAP", None)
    env.pop("SAMSPIL_DATABASE_URL", None)
    samspil = [sys.executable, "-m", "services.cli"]
    up = subprocess.Popen(
        [*samspil, "up"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    try:
        assert up.stdout is not None
        for line in up.stdout:
            lines.append(line)
            if line.startswith("Try `samspil demo`"):
                break
        printed = "".join(lines)
        assert "Samspil is running." in printed, printed
        consoles = printed.index("Consoles")
        assert consoles < printed.index("/docs"), "the consoles come first"
        for port in ("SCHOOL", "SSP", "POLICE_LIAISON"):
            assert f"http://127.0.0.1:{env[f'SAMSPIL_{port}_PORT']}/\n" in printed
        school = f"http://127.0.0.1:{env['SAMSPIL_SCHOOL_PORT']}"
        signin = httpx.get(f"{school}/", follow_redirects=True, headers={"Accept-Language": "da"})
        assert "Hanne, ledelse, Hjørring Gymnasium og HF" in signin.text
        for port in ("SCHOOL", "SSP", "POLICE_LIAISON"):
            assert f"http://127.0.0.1:{env[f'SAMSPIL_{port}_PORT']}/docs" in printed
        assert "embedded Tansu" in printed
        assert str(tmp_path / "data") in printed

        demo = subprocess.run(
            [*samspil, "demo"], env=env, capture_output=True, text=True, timeout=120
        )
        assert demo.returncode == 0, demo.stdout + demo.stderr
        shown = demo.stdout
        for view in ("SSP Hjørring ser", "Nordjyllands Politis indbakke", "Tjeklisten"):
            assert f"=== {view} ===" in shown, shown
        assert "har kvitteret for orienteringen" in shown
        assert "Snapchat er bedt om at fjerne billedet" in shown
        assert "{" not in shown, "the demo prints words, not JSON"

        case_id = shown.split("samspil erase ", 1)[1].split()[0]
        erase = [*samspil, "erase", case_id, "--reason", "GDPR art. 17 request"]
        erase += ["--municipality", "Hjørring"]
        erased = subprocess.run(erase, env=env, capture_output=True, text=True, timeout=60)
        assert erased.returncode == 0, erased.stdout + erased.stderr
        assert f"Case {case_id} erased" in erased.stdout
        again = subprocess.run(erase, env=env, capture_output=True, text=True, timeout=60)
        assert again.returncode == 1 and "was erased on" in again.stdout
    finally:
        up.send_signal(signal.SIGINT)
        assert up.wait(timeout=60) == 0
    assert not (tmp_path / "data" / "running.json").exists()
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        "auth",
        "logs",
        "mail",
        "police_liaison",
        "school",
        "ssp",
        "trust",
    ]
    wait_until("no service left running", lambda: _nothing_listens(env))


def _nothing_listens(env: dict[str, str]) -> bool:
    for name in ("SCHOOL", "SSP", "POLICE_LIAISON"):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", int(env[f"SAMSPIL_{name}_PORT"]))) == 0:
                return False
    return True
