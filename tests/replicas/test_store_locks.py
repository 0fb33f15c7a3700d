"""One holder at a time of a deployment's store lock, released when its process dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra.settings import Settings
from infra.store_locks import StoreLock, store_lock
from services.kit.leadership import Leadership, OneAtATime

HOLD_UNTIL_KILLED = """
import sys, time
from pathlib import Path
from infra.settings import Settings
from infra.store_locks import store_lock
settings = Settings(_env_file=None, data_dir=Path(sys.argv[1]), database_url=sys.argv[2],
                    database_schema_prefix=sys.argv[3])
lock = store_lock(settings, "school", "leader")
assert lock.try_acquire()
print("held", flush=True)
time.sleep(600)
"""


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    prefix = request.getfixturevalue("postgres_schema_prefix") if url else "samspil"
    return Settings(
        _env_file=None, data_dir=tmp_path, database_url=url, database_schema_prefix=prefix
    )


def test_only_one_holds_the_lock_until_it_lets_go(settings: Settings) -> None:
    first, second = (store_lock(settings, "school", "leader") for _ in range(2))
    assert first.try_acquire()
    assert not second.try_acquire()
    assert first.still_held() and not second.still_held()
    first.release()
    assert second.try_acquire()
    second.release()


def test_a_deployment_lock_does_not_hold_another_deployments_store(settings: Settings) -> None:
    school, ssp = store_lock(settings, "school", "leader"), store_lock(settings, "ssp", "leader")
    assert school.try_acquire() and ssp.try_acquire()
    school.release()
    ssp.release()


def test_the_lock_of_a_process_killed_outright_is_free_at_once(settings: Settings) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLD_UNTIL_KILLED,
            str(settings.data_dir),
            settings.database_url,
            settings.database_schema_prefix,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    standby = store_lock(settings, "school", "leader")
    assert not standby.try_acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    deadline = time.monotonic() + 5
    while not standby.try_acquire():
        assert time.monotonic() < deadline, "the dead holder's lock was never released"
        time.sleep(0.05)
    standby.release()


async def _counting(log: list[str], name: str) -> None:
    while True:
        log.append(name)
        await asyncio.sleep(0.01)


async def test_a_standby_does_the_work_only_once_the_leader_stopped(settings: Settings) -> None:
    done: list[str] = []
    leader = Leadership(
        store_lock(settings, "school", "leader"), [lambda: _counting(done, "a")], 0.05
    )
    standby_lock: StoreLock = store_lock(settings, "school", "leader")
    standby = Leadership(standby_lock, [lambda: _counting(done, "b")], 0.05)
    leading = asyncio.create_task(leader.run())
    await asyncio.sleep(0.2)
    waiting = asyncio.create_task(standby.run())
    await asyncio.sleep(0.3)
    assert leader.leading and not standby.leading
    assert "b" not in done
    leading.cancel()
    await asyncio.gather(leading, return_exceptions=True)
    await asyncio.sleep(0.4)
    assert standby.leading
    assert done[-1] == "b"
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)


async def test_steps_one_at_a_time_never_overlap_across_holders(settings: Settings) -> None:
    turns = [OneAtATime(store_lock(settings, "ssp", "steps")) for _ in range(2)]
    inside: list[int] = []
    overlaps: list[int] = []

    async def step(turn: OneAtATime, n: int) -> None:
        async with turn.turn():
            if inside:
                overlaps.append(n)
            inside.append(n)
            await asyncio.sleep(0.01)
            inside.remove(n)

    await asyncio.gather(*(step(turns[n % 2], n) for n in range(20)))
    assert overlaps == []


async def test_work_that_stops_is_started_again_and_the_lock_not_kept_idle(
    settings: Settings,
) -> None:
    starts: list[int] = []

    async def failing() -> None:
        starts.append(1)
        raise RuntimeError("the relay stopped")

    leader = Leadership(store_lock(settings, "school", "leader"), [failing], 0.05)
    running = asyncio.create_task(leader.run())
    await asyncio.sleep(0.5)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    assert len(starts) >= 2, "the stopped work was never started again"
    assert store_lock(settings, "school", "leader").try_acquire(), "the lock was kept"
