"""The deployment files (docker-compose.yml, Dockerfile) agree with the code they deploy.

Every ``SAMSPIL_*`` variable must name a field of ``infra.settings.Settings`` and every
service's environment must validate through ``Settings``, so a typo or a renamed setting
fails here instead of being silently ignored in production.
"""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from infra.settings import SERVICES, ServiceName, Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
PREFIX = "SAMSPIL_"

# Stand-ins for variables the deployment must provide (``${NAME:?message}``).
PLACEHOLDER_KEY = base64.b64encode(bytes(range(32))).decode("ascii")

INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_]\w*))"
)
REQUIRED_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_]\w*):?\?[^}]*\}")
HEALTH_URL = re.compile(r"https?://[^/\s'\"]+:(?P<port>\d+)/health")


# --- reading the files --------------------------------------------------------------------


def placeholder(name: str) -> str:
    return PLACEHOLDER_KEY if name.endswith("CIPHER_KEY") else f"placeholder-{name.lower()}"


def interpolate(value: str) -> str:
    """Compose's variable interpolation, with placeholders for variables without default."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        if match["op"] and match["op"].endswith("-"):
            return match["arg"]
        return placeholder(name)

    return INTERPOLATION.sub(replace, value)


def resolve(node: Any) -> Any:
    if isinstance(node, str):
        return interpolate(node)
    if isinstance(node, dict):
        return {key: resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item) for item in node]
    return node


@functools.cache
def raw_compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), "docker-compose.yml is not a mapping"
    return loaded


def compose() -> dict[str, Any]:
    return resolve(raw_compose())


def services(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return document["services"]


def env_value(key: str, value: Any) -> str:
    if value is None:  # ``KEY:`` passes the variable through from the host
        return placeholder(key)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = [item.split("=", 1) if "=" in item else [item, None] for item in env]
        return {key: env_value(key, value) for key, value in pairs}
    return {str(key): env_value(str(key), value) for key, value in env.items()}


def command(service: dict[str, Any]) -> list[str]:
    cmd = service.get("command") or []
    return shlex.split(cmd) if isinstance(cmd, str) else [str(part) for part in cmd]


def served_service(service: dict[str, Any]) -> str | None:
    cmd = command(service)
    return cmd[2] if cmd[:2] == ["samspil", "serve"] and len(cmd) > 2 else None


def compose_name_of(service: ServiceName) -> str:
    serving = [
        name
        for name, definition in services(compose()).items()
        if served_service(definition) == service
    ]
    assert len(serving) == 1, f"{service} is served by {serving or 'no compose service'}"
    return serving[0]


def names_of(document: dict[str, Any], name: str) -> set[str]:
    """The names a compose service is reachable by on the compose network."""
    definition = services(document)[name]
    names = {name}
    aliases = ("hostname", "container_name")
    names.update(str(definition[key]) for key in aliases if key in definition)
    return names


def service_named_by(document: dict[str, Any], host: str | None) -> str:
    for name in services(document):
        if host in names_of(document, name):
            return name
    raise AssertionError(f"{host!r} is not a service of docker-compose.yml")


def depends_on_healthy(definition: dict[str, Any], dependency: str) -> bool:
    depends = definition.get("depends_on") or {}
    if not isinstance(depends, dict):
        return False
    return (depends.get(dependency) or {}).get("condition") == "service_healthy"


def port_mappings(definition: dict[str, Any]) -> list[tuple[int | None, int]]:
    """(published, target) per ``ports`` entry, short or long syntax."""
    mappings: list[tuple[int | None, int]] = []
    for entry in definition.get("ports") or []:
        if isinstance(entry, dict):
            published = entry.get("published")
            mappings.append((int(published) if published else None, int(entry["target"])))
            continue
        parts = str(entry).split("/", 1)[0].rsplit(":", 2)
        published_part = parts[-2] if len(parts) > 1 else ""
        mappings.append((int(published_part) if published_part else None, int(parts[-1])))
    return mappings


def volume_targets(definition: dict[str, Any]) -> dict[str, str]:
    """Mount target -> named volume (or host path) of a service."""
    targets: dict[str, str] = {}
    for entry in definition.get("volumes") or []:
        if isinstance(entry, dict):
            targets[str(entry["target"])] = str(entry.get("source", ""))
        else:
            source, _, rest = str(entry).partition(":")
            targets[rest.split(":", 1)[0] if rest else source] = source if rest else ""
    return targets


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, arguments in dockerfile_instructions():
        if keyword != "ENV":
            continue
        tokens = shlex.split(arguments)
        if tokens and "=" not in tokens[0]:
            env[tokens[0]] = " ".join(tokens[1:])
        else:
            env.update(token.split("=", 1) for token in tokens)
    return env


def settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """``Settings`` as the process would read them from exactly this environment."""
    for key in list(os.environ):
        if key.upper().startswith(PREFIX):
            monkeypatch.delenv(key)
    for key, value in env.items():
        if key.upper().startswith(PREFIX):
            monkeypatch.setenv(key, value)
    return Settings(_env_file=None)


def container_settings(service: ServiceName, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The image's ``ENV`` overlaid by the service's compose environment, through Settings."""
    definition = services(compose())[compose_name_of(service)]
    return settings_from({**dockerfile_env(), **environment(definition)}, monkeypatch)


def service_named_by_image(document: dict[str, Any], image: str) -> str:
    names = [
        name
        for name, definition in services(document).items()
        if str(definition.get("image", "")).split(":", 1)[0] == image
    ]
    assert len(names) == 1, f"expected one {image} service, found {names}"
    return names[0]


def kafka_name(document: dict[str, Any]) -> str:
    kafkas = [
        name
        for name, definition in services(document).items()
        if str(definition.get("image", "")).startswith("apache/kafka")
    ]
    assert len(kafkas) == 1, f"expected one apache/kafka service, found {kafkas}"
    return kafkas[0]


def listeners(value: str) -> dict[str, tuple[str, int]]:
    """``NAME://host:port,...`` -> {NAME: (host, port)}."""
    parsed = {}
    for item in value.split(","):
        name, _, address = item.strip().partition("://")
        host, _, port = address.rpartition(":")
        parsed[name] = (host, int(port))
    return parsed


# --- the compose file -----------------------------------------------------------------------


def test_compose_file_parses_and_has_all_parts() -> None:
    document = compose()
    assert isinstance(document.get("services"), dict)
    served = sorted(s for s in map(served_service, services(document).values()) if s)
    assert served == sorted(SERVICES), "each Samspil service runs in exactly one container"
    assert any(str(d.get("image", "")).startswith("postgres") for d in services(document).values())
    kafka_name(document)


def test_kafka_runs_in_kraft_mode_without_zookeeper() -> None:
    document = compose()
    name = kafka_name(document)
    kafka = services(document)[name]
    env = environment(kafka)

    for other, definition in services(document).items():
        assert "zookeeper" not in other.lower()
        assert "zookeeper" not in str(definition.get("image", "")).lower()
    assert not any("ZOOKEEPER" in key for key in env)

    roles = {role.strip() for role in env["KAFKA_PROCESS_ROLES"].split(",")}
    assert {"broker", "controller"} <= roles
    node_id = int(env["KAFKA_NODE_ID"])

    bound = listeners(env["KAFKA_LISTENERS"])
    protocol_map = env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    protocols = dict(item.strip().split(":", 1) for item in protocol_map)
    assert set(bound) <= set(protocols), "every listener needs a security protocol"
    controllers = [n.strip() for n in env["KAFKA_CONTROLLER_LISTENER_NAMES"].split(",")]
    assert controllers and all(n in bound for n in controllers)

    # A single combined node votes for itself, on its controller listener.
    controller_port = bound[controllers[0]][1]
    voters = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")
    assert len(voters) == 1
    voter_id, _, voter_address = voters[0].partition("@")
    voter_host, _, voter_port = voter_address.rpartition(":")
    assert int(voter_id) == node_id
    assert voter_host in names_of(document, name)
    assert int(voter_port) == controller_port

    advertised = listeners(env["KAFKA_ADVERTISED_LISTENERS"])
    assert advertised and not set(advertised) & set(controllers)
    for listener, (host, port) in advertised.items():
        assert listener in bound and bound[listener][1] == port
        assert host in names_of(document, name), "clients on the compose network must reach it"

    assert int(env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]) == 1
    assert int(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")) == 1
    assert kafka.get("healthcheck", {}).get("test"), "services wait for a healthy broker"


def test_postgres_is_15_with_healthcheck_password_and_named_volume() -> None:
    document = compose()
    postgres = services(document)[service_named_by_image(document, "postgres")]
    assert re.fullmatch(r"postgres:15([.-].*)?", str(postgres["image"]))
    assert environment(postgres).get("POSTGRES_PASSWORD")
    assert postgres.get("healthcheck", {}).get("test")
    source = volume_targets(postgres).get("/var/lib/postgresql/data")
    assert source in (document.get("volumes") or {}), "the database lives in a named volume"


@pytest.mark.parametrize("service", SERVICES)
def test_service_command_serves_a_known_service(service: ServiceName) -> None:
    name = compose_name_of(service)
    definition = services(compose())[name]
    cmd = command(definition)
    assert cmd == ["samspil", "serve", service]
    assert cmd[2] in SERVICES
    assert name == service.replace("_", "-")
    assert "build" in definition, "the service runs the project's own image"


def test_every_built_container_runs_a_samspil_service() -> None:
    for name, definition in services(compose()).items():
        if "build" in definition:
            assert served_service(definition) in SERVICES, f"{name} would run the image default"


@pytest.mark.parametrize("service", SERVICES)
def test_every_samspil_variable_names_a_setting(service: ServiceName) -> None:
    fields = {PREFIX + field.upper() for field in Settings.model_fields}
    env = environment(services(compose())[compose_name_of(service)])
    unknown = sorted(key for key in env if key.upper().startswith(PREFIX) and key not in fields)
    assert not unknown, f"not settings of infra.settings.Settings: {unknown}"


@pytest.mark.parametrize("service", SERVICES)
def test_environment_is_valid_for_settings(
    service: ServiceName, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = environment(services(compose())[compose_name_of(service)])
    settings = container_settings(service, monkeypatch)
    for key, value in env.items():
        if not key.startswith(PREFIX):
            continue
        field = key[len(PREFIX) :].lower()
        parsed = getattr(settings, field)
        if isinstance(parsed, list):
            assert parsed == json.loads(value)
        elif isinstance(parsed, bool):
            assert parsed == (value.lower() in ("1", "true", "yes", "on"))
        elif isinstance(parsed, Path):
            assert parsed == Path(value)
        else:
            assert str(parsed) == value or parsed == type(parsed)(value)


@pytest.mark.parametrize("service", SERVICES)
def test_service_sets_what_a_deployment_needs(
    service: ServiceName, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = environment(services(compose())[compose_name_of(service)])
    for needed in ("DATABASE_URL", "KAFKA_BOOTSTRAP", "CIPHER_KEY", "HTTP_HOST"):
        assert env.get(PREFIX + needed), f"{service} does not set {PREFIX}{needed}"
    settings = container_settings(service, monkeypatch)
    assert settings.http_host == "0.0.0.0", "the API must be reachable from outside the container"
    assert settings.database_url and settings.kafka_bootstrap and settings.cipher_key


def test_each_service_needs_its_own_cipher_key() -> None:
    variables = []
    for service in SERVICES:
        raw = raw_compose()["services"][compose_name_of(service)]
        value = str(environment(raw).get(PREFIX + "CIPHER_KEY", ""))
        match = REQUIRED_VARIABLE.fullmatch(value)
        assert match, f"{service}: the key must come from a required variable, not {value!r}"
        variables.append(match["name"])
    assert len(set(variables)) == len(variables), "services must not share a store key"


@pytest.mark.parametrize("service", SERVICES)
def test_published_port_is_the_port_the_service_listens_on(
    service: ServiceName, monkeypatch: pytest.MonkeyPatch
) -> None:
    definition = services(compose())[compose_name_of(service)]
    port = container_settings(service, monkeypatch).port_of(service)
    assert (port, port) in port_mappings(definition)
    health = " ".join(map(str, definition.get("healthcheck", {}).get("test") or []))
    health_ports = {int(m["port"]) for m in HEALTH_URL.finditer(health)}
    assert health_ports == {port}, f"{service}'s healthcheck asks the wrong port"


@pytest.mark.parametrize("service", SERVICES)
def test_database_url_points_at_the_postgres_service(
    service: ServiceName, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = compose()
    definition = services(document)[compose_name_of(service)]
    url = urlparse(container_settings(service, monkeypatch).database_url)
    assert url.scheme in ("postgresql", "postgres")
    host = service_named_by(document, url.hostname)
    postgres = services(document)[host]
    assert str(postgres.get("image", "")).startswith("postgres")
    assert (url.port or 5432) == 5432
    postgres_env = environment(postgres)
    user = postgres_env.get("POSTGRES_USER", "postgres")
    assert url.username == user
    assert url.password == postgres_env["POSTGRES_PASSWORD"]
    assert url.path.strip("/") == postgres_env.get("POSTGRES_DB", user)
    assert depends_on_healthy(definition, host)


@pytest.mark.parametrize("service", SERVICES)
def test_kafka_bootstrap_points_at_the_kafka_service(
    service: ServiceName, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = compose()
    definition = services(document)[compose_name_of(service)]
    kafka = kafka_name(document)
    advertised = {
        f"{host}:{port}"
        for host, port in listeners(
            environment(services(document)[kafka])["KAFKA_ADVERTISED_LISTENERS"]
        ).values()
    }
    bootstrap = container_settings(service, monkeypatch).kafka_bootstrap.split(",")
    for address in bootstrap:
        host, _, _ = address.strip().rpartition(":")
        assert service_named_by(document, host) == kafka
        assert address.strip() in advertised, f"{address} is not a listener the broker advertises"
    assert depends_on_healthy(definition, kafka)


@pytest.mark.parametrize("service", SERVICES)
def test_idempotent_producer_is_on_for_real_kafka(
    service: ServiceName, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert container_settings(service, monkeypatch).kafka_idempotent_producer is True


@pytest.mark.parametrize("service", SERVICES)
def test_data_directory_is_a_volume(service: ServiceName, monkeypatch: pytest.MonkeyPatch) -> None:
    definition = services(compose())[compose_name_of(service)]
    data_dir = container_settings(service, monkeypatch).data_dir
    assert data_dir.is_absolute()
    source = volume_targets(definition).get(str(data_dir))
    assert source in (compose().get("volumes") or {}), f"{data_dir} of {service} is not kept"


def test_services_read_json_logs_into_collectors(monkeypatch: pytest.MonkeyPatch) -> None:
    for service in SERVICES:
        assert container_settings(service, monkeypatch).log_format == "json"


# --- the image ------------------------------------------------------------------------------


def test_image_is_python_311_slim_and_serves_by_default() -> None:
    instructions = dockerfile_instructions()
    froms = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert froms and froms[-1].split()[0] == "python:3.11-slim"
    cmds = [arguments for keyword, arguments in instructions if keyword == "CMD"]
    assert cmds, "the image has a default command"
    default = json.loads(cmds[-1])
    assert default[:2] == ["samspil", "serve"] and default[2] in SERVICES
    assert any(
        keyword == "RUN" and re.search(r"\bpip install \.(\s|$)", arguments)
        for keyword, arguments in instructions
    )


def test_image_environment_names_real_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = {PREFIX + field.upper() for field in Settings.model_fields}
    env = dockerfile_env()
    unknown = sorted(key for key in env if key.startswith(PREFIX) and key not in fields)
    assert not unknown, f"not settings of infra.settings.Settings: {unknown}"
    assert settings_from(env, monkeypatch).http_host == "0.0.0.0"
