"""``samspil relay set-aside``: what a service's outbox relay could not publish, and why.

Each entry is a stored event whose translation failed for a reason of its own (or a
later event of the same aggregate, waiting behind it). The events are in the store;
the relay publishes them, in order, when it next starts and they translate.
"""

from __future__ import annotations

from infra.event_store import open_recorder
from infra.relay_set_aside import RelaySetAside
from infra.settings import ServiceName, Settings
from infra.store_sql import StoreSql


def set_aside(settings: Settings, service: ServiceName) -> int:
    """Print one line per set-aside notification; exit status 1 when there are any."""
    kept = RelaySetAside(StoreSql(open_recorder(settings, service))).listed()
    for item in kept:
        print(
            f"{item.topic}\tnotification {item.notification_id}\t{item.originator_id}"
            f"\t{item.set_aside_at.isoformat(timespec='seconds')}\t{item.reason}"
        )
    print(f"{service}: {len(kept)} notification(s) set aside by the relay.")
    return 1 if kept else 0
