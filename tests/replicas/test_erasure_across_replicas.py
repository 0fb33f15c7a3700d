"""A case erased at one replica is gone at the others too: cached records and keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.sealed import case_transport_key
from infra.event_store import store_env
from infra.keyring import KeyDestroyed
from infra.settings import Settings
from services.kit.replicas import ErasuresElsewhere
from services.school.application import SchoolApplication
from tests.builders import TEACHER


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = request.getfixturevalue("postgres_url") if request.param == "postgres" else ""
    prefix = request.getfixturevalue("postgres_schema_prefix") if url else "samspil"
    return Settings(
        _env_file=None, data_dir=tmp_path, database_url=url, database_schema_prefix=prefix
    )


def test_a_replica_forgets_what_another_erased_though_it_had_it_in_memory(
    settings: Settings,
) -> None:
    erasing = SchoolApplication(store_env(settings, "school"), settings)
    other = SchoolApplication(store_env(settings, "school"), settings)
    try:
        case = erasing.report_case(
            institution="Skolen",
            municipality="Aarhus",
            police_district="oestjylland",
            offence_category="grooming",
            victim_is_minor=True,
            description="Billeder delt i en gruppechat",
            actor=TEACHER,
        )
        transport_key = case_transport_key(case.id)
        erasing.data_keys.key(transport_key, create=True)
        assert [c.id for c in other.readable([case.id])] == [case.id]  # now in its memory
        assert other.data_keys.lookup(transport_key) is not None

        erasing.erase_case(case.id, reason="slettet efter aftale", actor=TEACHER)
        assert ErasuresElsewhere(other).follow() == 1

        assert other.readable([case.id]) == []
        with pytest.raises(KeyDestroyed):
            other.data_keys.lookup(transport_key)
    finally:
        erasing.close()
        other.close()
