"""Settings for a benchmark run, independent of the caller's environment and ``.env``."""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import uvicorn
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import FastAPI

from infra.settings import Settings


def bench_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Embedded SQLite stores under ``data_dir``, encrypted with a key made for this run.

    A ``SAMSPIL_DATABASE_URL`` or ``.env`` on the machine must not send the benchmark to
    another database, and giving the key up front keeps the store exactly as configured in
    production while skipping the key file and its warning.
    """
    key = base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url="",
        cipher_key=key,
        **overrides,
    )


@contextlib.asynccontextmanager
async def serving(http: FastAPI, port: int) -> AsyncIterator[None]:
    """Serve a service's HTTP API (and run its lifespan) on ``port`` for the block.

    The school must really listen: the other services fetch transport keys from it.
    """
    server = uvicorn.Server(uvicorn.Config(http, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        yield
    finally:
        server.should_exit = True
        await task
