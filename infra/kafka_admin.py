"""Topic provisioning with kafka-python's admin client."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

T = TypeVar("T")


class KafkaTopics:
    """Creates missing topics and tells a topic's id (which changes if it is recreated)."""

    def __init__(
        self,
        bootstrap: str,
        partitions: int,
        replication_factor: int,
        compacted: Iterable[str] = (),
    ) -> None:
        self._bootstrap = bootstrap
        self._compacted = frozenset(compacted)
        """Topics that keep each key's latest message only (the directory of deployments)."""
        self._partitions = partitions
        self._replication_factor = replication_factor
        self._client: KafkaAdminClient | None = None
        self._lock = threading.Lock()

    def _call(self, action: Callable[[KafkaAdminClient], T]) -> T:
        """Run ``action`` on a shared admin client, reconnecting once if the broker went away."""
        with self._lock:
            for attempt in (1, 2):
                if self._client is None:
                    self._client = KafkaAdminClient(
                        bootstrap_servers=self._bootstrap,
                        client_id="samspil-admin",
                        request_timeout_ms=10_000,
                    )
                try:
                    return action(self._client)
                except KafkaError:
                    self.close_unlocked()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def close_unlocked(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def close(self) -> None:
        with self._lock:
            self.close_unlocked()

    def ensure(self, topics: Iterable[str]) -> None:
        wanted = list(topics)

        def create_missing(admin: KafkaAdminClient) -> None:
            existing = set(admin.list_topics())
            missing = [t for t in wanted if t not in existing]
            if missing:
                with contextlib.suppress(TopicAlreadyExistsError):  # created meanwhile
                    admin.create_topics(
                        [
                            NewTopic(
                                t,
                                self._partitions,
                                self._replication_factor,
                                topic_configs=(
                                    {"cleanup.policy": "compact"} if t in self._compacted else {}
                                ),
                            )
                            for t in missing
                        ]
                    )

        self._call(create_missing)

    def topic_id(self, topic: str) -> str:
        """The broker's id for ``topic``, creating the topic first if it is missing."""
        self.ensure([topic])
        (description,) = self._call(lambda admin: admin.describe_topics([topic]))
        return str(description.get("topic_id") or "")
