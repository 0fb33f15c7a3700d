"""Console fixtures: a service built on a real encrypted store with the embedded issuer,
so its sign-in page offers the demonstration professionals (on loopback only)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.settings import ServiceName, Settings
from services.kit.service import RunningService, build
from services.run.blueprints import BLUEPRINTS

Built = tuple[RunningService[Any], TestClient]


class Browser:
    """A test client that signs in as a demonstration professional and posts forms as
    the page would (with the page's CSRF token)."""

    def __init__(self, http: TestClient) -> None:
        self.http = http

    def sign_in(self, person: str) -> None:
        answer = self.http.post(
            "/signin/demonstration", data={"person": person}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text

    def page(self, path: str, expect: int = 200) -> str:
        answer = self.http.get(path)
        assert answer.status_code == expect, answer.text
        return answer.text

    def csrf(self, path: str = "/sager") -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.page(path))
        assert found, "every page with a form carries the CSRF token"
        return found.group(1)

    def post(self, path: str, data: dict[str, Any], *, page: str = "/sager") -> Any:
        return self.http.post(path, data={"csrf": self.csrf(page), **data}, follow_redirects=False)


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Callable[..., tuple[RunningService[Any], Browser]]]:
    built: list[RunningService[Any]] = []

    def make(name: ServiceName, **settings: Any) -> tuple[RunningService[Any], Browser]:
        config = Settings(
            _env_file=None,
            data_dir=tmp_path,
            kafka_bootstrap="127.0.0.1:9",
            **settings,
        )
        running = build(BLUEPRINTS[name], config)
        built.append(running)
        return running, Browser(TestClient(running.http, base_url="http://127.0.0.1"))

    yield make
    for running in built:
        running.app.close()
