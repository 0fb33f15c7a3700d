"""Runs one service in this process: ``samspil serve SERVICE``."""

from __future__ import annotations

import uvicorn

from infra.logging import configure_logging
from infra.settings import ServiceName, Settings
from services.kit.service import build
from services.run.blueprints import BLUEPRINTS


def serve(service: ServiceName, settings: Settings) -> None:
    configure_logging(settings.log_format, service)
    running = build(BLUEPRINTS[service], settings)
    uvicorn.run(
        running.http,
        host=settings.http_host,
        port=settings.port_of(service),
        log_level="warning",
        log_config=None,  # uvicorn's records go through the safe root handler
        timeout_graceful_shutdown=10,
    )
