"""docker-compose.region.yml runs the topology it names, each deployment as
``samspil up --topology`` would run it, and every container can find and trust its peers.

The one-shot ``region-prepare`` container's command is run here, into a temporary
directory standing in for the shared volume; each deployment's container environment is
then read through ``Settings`` as its process would read it, and must be the environment
the topology gives that deployment, its directory entry must say where its container
answers, and its directory cache must hold every peer the authority signed.
"""

from __future__ import annotations

import copy
import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra.directory import DeploymentDirectory
from infra.settings import Settings
from services.cli.main import main as samspil
from services.run.topology import AUTHORITY_PUBLIC_KEY, Topology, TopologyDeployment, members
from tests.test_deployment_config import (
    ROOT,
    command,
    depends_on_healthy,
    dockerfile_env,
    environment,
    port_mappings,
    resolve,
    settings_from,
    volume_targets,
)

REGION_FILE = ROOT / "docker-compose.region.yml"
PREPARE = "region-prepare"
VOLUME_ROOT = "/data"
"""Where the shared volume is mounted in every container of the region."""


@functools.cache
def raw_region() -> dict[str, Any]:
    loaded = yaml.safe_load(REGION_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), "docker-compose.region.yml is not a mapping"
    return loaded


def region_services() -> dict[str, dict[str, Any]]:
    """The services with ``extends`` applied, as compose merges them."""
    document = resolve(copy.deepcopy(raw_region()))
    merged: dict[str, dict[str, Any]] = {}
    for name, definition in document["services"].items():
        extends = definition.pop("extends", None)
        if extends is not None:
            other = yaml.safe_load((ROOT / extends["file"]).read_text(encoding="utf-8"))
            definition = {**resolve(other)["services"][extends["service"]], **definition}
        merged[name] = definition
    return merged


def topology_of_prepare() -> tuple[Topology, list[str]]:
    """The topology region-prepare lays out (a repo file, through its mount) and its args."""
    prepare = region_services()[PREPARE]
    args = command(prepare)
    assert args[:3] == ["samspil", "topology", "prepare"]
    in_container = Path(args[args.index("--topology") + 1])
    mounts = {
        target: source
        for target, source in volume_targets(prepare).items()
        if source.startswith("./")
    }
    for target, source in mounts.items():
        if in_container.is_relative_to(target):
            repo_file = ROOT / source / in_container.relative_to(target)
            return Topology.load(repo_file), args[1:]
    raise AssertionError(f"{in_container} is not a file mounted from the repository")


def deployment_containers() -> dict[str, TopologyDeployment]:
    topology, _ = topology_of_prepare()
    return {d.host: d for d in topology.deployment}


def on_disk(value: str, volume: Path) -> str:
    """A container path in the shared volume, as the test's stand-in for it."""
    return value.replace(VOLUME_ROOT, str(volume), 1) if value.startswith(VOLUME_ROOT) else value


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runs region-prepare's command with its container's environment, into a stand-in
    for the shared volume."""
    volume = tmp_path_factory.mktemp("region-data")
    _, args = topology_of_prepare()
    repo_topology = ROOT / "services/run/topologies" / Path(args[args.index("--topology") + 1]).name
    args[args.index("--topology") + 1] = str(repo_topology)
    env = {**dockerfile_env(), **environment(region_services()[PREPARE])}
    env["SAMSPIL_DATA_DIR"] = on_disk(env["SAMSPIL_DATA_DIR"], volume)
    with pytest.MonkeyPatch.context() as patch:
        settings_from(env, patch)  # the container's environment, and only it
        assert samspil(args) == 0
    return volume


def deployment_settings(host: str, volume: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    env = {**dockerfile_env(), **environment(region_services()[host])}
    return settings_from({k: on_disk(v, volume) for k, v in env.items()}, monkeypatch)


def test_every_deployment_of_the_topology_runs_in_a_container_of_its_own() -> None:
    services = region_services()
    containers = deployment_containers()
    built = {name for name, definition in services.items() if "build" in definition}
    assert built == {*containers, PREPARE}, "each deployment once, and nothing else built"
    for host, deployment in containers.items():
        definition = services[host]
        assert command(definition) == ["samspil", "serve", deployment.kind]
        assert (deployment.port, deployment.port) in port_mappings(definition)
        assert f"127.0.0.1:{deployment.port}/health" in " ".join(definition["healthcheck"]["test"])
        depends = definition["depends_on"]
        assert depends[PREPARE]["condition"] == "service_completed_successfully"
        assert depends_on_healthy(definition, "kafka")
        assert depends_on_healthy(definition, "postgres")
        assert VOLUME_ROOT in volume_targets(definition)


def test_broker_and_database_are_those_of_docker_compose_yml() -> None:
    for name in ("kafka", "postgres"):
        extends = raw_region()["services"][name]["extends"]
        assert extends == {"file": "docker-compose.yml", "service": name}
    assert str(region_services()["kafka"]["image"]).startswith("apache/kafka")
    declared = set(raw_region().get("volumes") or {})
    for definition in region_services().values():
        for source in volume_targets(definition).values():
            assert source.startswith("./") or source in declared, f"{source} is not declared"


def test_each_container_has_the_environment_the_topology_gives_its_deployment(
    laid_out: Path, tmp_path: Path
) -> None:
    topology, _ = topology_of_prepare()
    volume = tmp_path / "volume"  # laid out again from a copy, with the same keys
    shutil.copytree(laid_out, volume)
    base = Settings(
        _env_file=None,
        data_dir=volume,
        database_url="postgresql://x@postgres/samspil",
        database_schema_prefix=environment(region_services()[PREPARE])[
            "SAMSPIL_DATABASE_SCHEMA_PREFIX"
        ],
    )

    for member in members(topology, base, {}):
        compose_env = environment(region_services()[member.deployment.host])
        expected = dict(member.env)
        authority = expected.pop("SAMSPIL_DIRECTORY_AUTHORITY_KEY")
        for key, value in expected.items():
            given = on_disk(compose_env.get(key, ""), volume)
            if value.startswith("["):
                assert json.loads(given) == json.loads(value), f"{member.deployment.id}: {key}"
            else:
                assert given == value, f"{member.deployment.id}: {key}"
        key_file = Path(on_disk(compose_env["SAMSPIL_DIRECTORY_AUTHORITY_KEY_FILE"], volume))
        assert key_file == volume / AUTHORITY_PUBLIC_KEY
        assert key_file.read_text(encoding="ascii").strip() == authority


@pytest.mark.parametrize("host", sorted(deployment_containers()))
def test_each_deployment_finds_its_peers_where_their_containers_answer(
    host: str, laid_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployment = deployment_containers()[host]
    settings = deployment_settings(host, laid_out, monkeypatch)
    assert settings.deployment_id == deployment.id
    assert settings.port_of(deployment.kind) == deployment.port
    assert settings.http_host == "0.0.0.0"
    assert settings.data_dir == laid_out / "deployments" / deployment.id

    directory = DeploymentDirectory(
        settings.directory_authority(),
        settings.service_dir(deployment.kind) / "directory.json",
    )
    own = Path(settings.directory_entry_file).read_text(encoding="utf-8")
    assert json.loads(own)["deployment"] == deployment.id
    signing_pub = settings.service_dir(deployment.kind) / "signing.pub"
    assert directory.public_key(deployment.id) == signing_pub.read_text("ascii").strip()
    for peer_host, peer in deployment_containers().items():
        assert directory.url(peer.id) == f"http://{peer_host}:{peer.port}", peer.id
        assert directory.serves(peer.id) == peer.serves


def test_no_two_deployments_share_a_store(laid_out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefixes = [
        deployment_settings(host, laid_out, monkeypatch).database_schema_prefix
        for host in deployment_containers()
    ]
    assert len(set(prefixes)) == len(prefixes)
