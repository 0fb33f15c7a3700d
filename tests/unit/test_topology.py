"""Topology files: the shipped region loads, and a mistake is refused naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.directory import DeploymentDirectory
from infra.event_store import postgres_schema
from infra.settings import Settings
from services.run.topology import Topology, TopologyError, members

REGION = Path(__file__).parents[2] / "services" / "run" / "topologies" / "nordvest.toml"


def test_the_shipped_region_has_two_municipalities_a_gymnasium_two_districts_and_matching() -> None:
    region = Topology.load(REGION)
    kinds = [d.kind for d in region.deployment]
    assert kinds.count("school") == 3 and kinds.count("ssp") == 2
    assert kinds.count("police_liaison") == 2 and region.matcher == "match.national"
    ssp_municipalities = {m for d in region.deployment if d.kind == "ssp" for m in d.municipalities}
    assert ssp_municipalities == {"Hjørring", "Skive"}
    assert any(d.institutions for d in region.deployment), "a gymnasium on its own"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[[deployment]]\nid = "ssp.x"\nport = 9001\nmunicipalities = ["Atlantis"]', "Atlantis"),
        ('[[deployment]]\nid = "police.x"\nport = 9001\nmunicipalities = ["Skive"]', "police"),
        ('[[deployment]]\nid = "school.x"\nport = 80\nmunicipalities = ["Skive"]', "port"),
        ('[[deployment]]\nid = "teacher.x"\nport = 9001\nmunicipalities = ["Skive"]', "id"),
        ('[[deployment]]\nid = "ssp.x"\nport = 9001', "name whom it serves"),
        (
            '[[deployment]]\nid = "ssp.x"\nport = 9001\nmunicipalities = ["Skive"]\n'
            '[[deployment]]\nid = "ssp.y"\nport = 9001\nmunicipalities = ["Hjørring"]',
            "port 9001",
        ),
        ("deployment = [", "not TOML"),
    ],
)
def test_a_mistake_in_a_topology_is_refused_naming_it(
    tmp_path: Path, text: str, named: str
) -> None:
    path = tmp_path / "t.toml"
    path.write_text('name = "x"\n' + text + "\n", encoding="utf-8")
    with pytest.raises(TopologyError, match=named):
        Topology.load(path)


def test_each_deployment_gets_its_own_data_directory_and_the_authoritys_signed_entries(
    tmp_path: Path,
) -> None:
    region = Topology.load(REGION)
    base = Settings(_env_file=None, data_dir=tmp_path)
    laid_out = members(region, base, {})
    dirs = {m.settings.data_dir for m in laid_out}
    assert len(dirs) == len(region.deployment), "no two share a store"
    skive = next(m for m in laid_out if m.deployment.id == "ssp.skive")
    assert skive.env["SAMSPIL_SSP_MUNICIPALITIES"] == '["Skive"]'
    assert skive.env["SAMSPIL_MATCHING_DEPLOYMENT"] == "match.national"
    assert skive.settings.serves("ssp").serves_municipality("Skive")
    assert not skive.settings.serves("ssp").serves_municipality("Hjørring")
    known = DeploymentDirectory(
        skive.env["SAMSPIL_DIRECTORY_AUTHORITY_KEY"],
        skive.settings.service_dir("ssp") / "directory.json",
    )
    assert known.serving("ssp", ("municipality:hjørring",)) == ["ssp.hjoerring"]
    assert known.url("police.nordjylland") is not None


def test_on_postgresql_each_deployment_gets_schemas_of_its_own(tmp_path: Path) -> None:
    region = Topology.load(REGION)
    base = Settings(
        _env_file=None,
        data_dir=tmp_path,
        database_url="postgresql://samspil@db.example:5432/samspil",
        database_schema_prefix="region",
    )
    laid_out = members(region, base, {})
    schemas = {postgres_schema(m.settings, m.deployment.kind) for m in laid_out}
    assert len(schemas) == len(region.deployment), "two deployments would share one store"
    for member in laid_out:
        assert member.env["SAMSPIL_DATABASE_SCHEMA_PREFIX"] == (
            member.settings.database_schema_prefix
        )
    hjoerring = next(m for m in laid_out if m.deployment.id == "school.hjoerring")
    assert postgres_schema(hjoerring.settings, "school") == "region_school_hjoerring_school"
