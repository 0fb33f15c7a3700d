"""Listings grown by other agencies' messages are snapshotted, as listings saved here are."""

from __future__ import annotations

import uuid
from pathlib import Path

from contracts.topics import SCHOOL_CASE_EVENTS
from domain.listing import Listing
from infra.event_store import store_env
from infra.settings import Settings
from services.ssp.application import SspApplication, overview_name
from tests.handlers.conftest import Harness
from tests.identities import PUBLIC_KEY_FILE
from tests.messages import reported, wire


async def test_the_ssp_overview_grown_by_reports_is_snapshotted_and_reads_the_same(
    harness: Harness, tmp_path: Path
) -> None:
    ssp, broker, dead = await harness("ssp")
    interval = SspApplication.snapshotting_intervals[Listing]
    listing_id = Listing.create_id(overview_name("Aarhus"))
    case_ids = [uuid.uuid4() for _ in range(interval + 5)]
    for position, case_id in enumerate(case_ids, start=1):
        await broker.publish(wire(reported(position, case_id), ssp), SCHOOL_CASE_EVENTS)

    assert dead == []
    assert ssp.snapshots is not None
    (snapshot,) = ssp.snapshots.get(listing_id)
    assert snapshot.originator_version == interval
    at_snapshot = snapshot.mutate(None)
    assert at_snapshot.ids == case_ids[: interval - 1], "the listing as it stood at that version"

    newest_first = list(reversed(case_ids))
    assert [f.case_id for f in ssp.overview("Aarhus", limit=500).items] == newest_first
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        kafka_bootstrap="x:9",
        auth_public_key_file=PUBLIC_KEY_FILE,
    )
    fresh = SspApplication(store_env(settings, "ssp"), settings)  # nothing cached
    try:
        reread = fresh.repository.get(listing_id)
        assert reread.ids == case_ids, "snapshot plus the events after it"
        assert reread.version == interval + 6
    finally:
        fresh.close()
