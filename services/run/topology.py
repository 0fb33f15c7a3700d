"""A topology: many deployments of each kind on one broker, as a region runs them.

``samspil up --topology FILE`` reads a TOML file naming each deployment (its id, port
and whom it serves; ``services/run/topologies/nordvest.toml`` is a region) and runs
each as it would run in its own municipality or police district: a data directory,
store, keys and local sign-in of its own, and no trust in any peer but through the
signed directory of deployments. The launcher plays the directory authority: it signs
each deployment's entry with a key kept in the data directory, and gives every
deployment the entries before it starts (as an operator installs them with the
deployment), so the first case finds its peers; the entries also travel on the
directory topic as always.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from contracts.deployments import DeploymentId, kind_of
from contracts.directory import DirectoryEntryV1, ServesV1
from domain.geography import PoliceDistrict
from domain.municipalities import municipality_named
from infra.audit_chain import SigningKey
from infra.auth import local_issuer
from infra.directory import DeploymentDirectory, sign_entry
from infra.settings import ServiceName, Settings


class TopologyError(ValueError):
    """A topology file that cannot be run, naming what is wrong with it."""


class TopologyDeployment(BaseModel):
    """One deployment of a topology: who it is, where it answers, whom it serves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: DeploymentId
    title: str = Field("", max_length=120, description="As its professionals call it.")
    port: int = Field(ge=1024, le=65535)
    municipalities: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    police_districts: tuple[PoliceDistrict, ...] = ()

    @field_validator("municipalities")
    @classmethod
    def _known_municipalities(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [n for n in names if municipality_named(n) is None]
        if unknown:
            raise ValueError(f"not a Danish municipality: {', '.join(unknown)}")
        return names

    @model_validator(mode="after")
    def _serves_what_its_kind_serves(self) -> TopologyDeployment:
        kind = self.kind
        if kind == "police_liaison" and (self.municipalities or self.institutions):
            raise ValueError(f"{self.id}: a police deployment serves police districts only")
        if kind != "police_liaison" and self.police_districts:
            raise ValueError(f"{self.id}: only a police deployment serves police districts")
        if kind == "ssp" and self.institutions:
            raise ValueError(f"{self.id}: an SSP deployment serves municipalities")
        if kind == "matching":
            if self.municipalities or self.institutions or self.police_districts:
                raise ValueError(f"{self.id}: the matching serves every SSP deployment")
        elif not (self.municipalities or self.institutions or self.police_districts):
            raise ValueError(f"{self.id}: name whom it serves")
        return self

    @property
    def kind(self) -> ServiceName:
        return kind_of(self.id)

    @property
    def host(self) -> str:
        """The deployment's id as a host name (``school.hjoerring``: ``school-hjoerring``),
        as its container is called in ``docker-compose.region.yml``."""
        return self.id.replace(".", "-")

    @property
    def serves(self) -> ServesV1:
        if self.kind == "matching":
            return ServesV1(everything=True)
        return ServesV1(
            municipalities=self.municipalities,
            police_districts=self.police_districts,
            institutions=self.institutions,
        )


class Topology(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    deployment: tuple[TopologyDeployment, ...] = Field(min_length=1, max_length=250)

    @model_validator(mode="after")
    def _each_once(self) -> Topology:
        for what, values in (
            ("id", [d.id for d in self.deployment]),
            ("port", [str(d.port) for d in self.deployment]),
        ):
            twice = sorted({v for v in values if values.count(v) > 1})
            if twice:
                raise ValueError(f"two deployments have the {what} {', '.join(twice)}")
        if len([d for d in self.deployment if d.kind == "matching"]) > 1:
            raise ValueError("one matching deployment links them all: name only one")
        return self

    @property
    def matcher(self) -> str | None:
        """The matching deployment the SSP deployments offer their cases to, if any."""
        return next((d.id for d in self.deployment if d.kind == "matching"), None)

    @classmethod
    def load(cls, path: Path) -> Topology:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            return cls.model_validate(raw)
        except OSError as error:
            raise TopologyError(f"{path}: {error.strerror}") from None
        except tomllib.TOMLDecodeError as error:
            raise TopologyError(f"{path}: not TOML: {error}") from None
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'topology'}: {e['msg']}"
                for e in error.errors()
            )
            raise TopologyError(f"{path}: {problems}") from None


@dataclass(frozen=True)
class Member:
    """One deployment of a running topology: its settings and its process environment."""

    deployment: TopologyDeployment
    settings: Settings
    env: dict[str, str]


AUTHORITY_KEY = "directory-authority.key"
AUTHORITY_PUBLIC_KEY = "directory-authority.pub"
LOCAL_URLS = "http://{http_host}:{port}"
"""Where each deployment answers, in its directory entry: ``{http_host}`` (the settings'),
``{host}`` (the deployment's host name) and ``{port}`` (its port) are filled in."""


def deployment_data_dir(base: Settings, deployment: str) -> Path:
    """Where a running topology keeps one deployment's store, keys and sign-in."""
    return base.data_dir / "deployments" / deployment


def members(
    topology: Topology, base: Settings, base_env: dict[str, str], urls: str = LOCAL_URLS
) -> list[Member]:
    """Each deployment's settings and environment, with its signed directory entry made
    and every entry installed beside its store (its data directory is its own); the
    authority's public key is left beside its key, for deployments started elsewhere."""
    authority = SigningKey(base.data_dir / AUTHORITY_KEY)
    (base.data_dir / AUTHORITY_PUBLIC_KEY).write_text(authority.public_key + "\n", "ascii")
    matcher = topology.matcher
    laid_out = [
        _lay_out(d, base, base_env, authority.public_key, matcher) for d in topology.deployment
    ]
    entries = [
        sign_entry(
            authority,
            deployment=m.deployment.id,
            url=urls.format(
                http_host=m.settings.http_host, host=m.deployment.host, port=m.deployment.port
            ),
            public_key=SigningKey(
                m.settings.service_dir(m.deployment.kind) / "signing.key"
            ).public_key,
            serves=m.deployment.serves,
        )
        for m in laid_out
    ]
    for member, own in zip(laid_out, entries, strict=True):
        Path(member.env["SAMSPIL_DIRECTORY_ENTRY_FILE"]).write_text(
            own.model_dump_json(indent=2) + "\n", encoding="utf-8"
        )
        _install(member, entries, authority.public_key)
    return laid_out


def schema_prefix_of(prefix: str, deployment: str) -> str:
    """``region`` and ``school.hjoerring`` give ``region_school_hjoerring``: letters,
    digits and underscores, as PostgreSQL names need no quoting."""
    return f"{prefix}_{re.sub(r'[^a-z0-9]+', '_', deployment.lower())}"


def _lay_out(
    deployment: TopologyDeployment,
    base: Settings,
    base_env: dict[str, str],
    authority: str,
    matcher: str | None,
) -> Member:
    kind = deployment.kind
    data_dir = deployment_data_dir(base, deployment.id).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = base.model_copy(
        update={
            "data_dir": data_dir,
            "deployment_id": deployment.id,
            f"{kind}_port": deployment.port,
            "directory_authority_key": authority,
            "school_municipalities": list(deployment.municipalities),
            "school_institutions": list(deployment.institutions),
            "ssp_municipalities": list(deployment.municipalities),
            "police_districts": list(deployment.police_districts),
        }
    )
    if base.database_url:  # its own schemas on a shared server, never another's store
        prefix = schema_prefix_of(base.database_schema_prefix, deployment.id)
        settings = settings.model_copy(update={"database_schema_prefix": prefix})
    local_issuer(settings)  # its own sign-in, made before the service reads its public key
    by_kind: dict[str, dict[str, list[str]]] = {
        "school": {
            "SAMSPIL_SCHOOL_MUNICIPALITIES": list(deployment.municipalities),
            "SAMSPIL_SCHOOL_INSTITUTIONS": list(deployment.institutions),
        },
        "ssp": {"SAMSPIL_SSP_MUNICIPALITIES": list(deployment.municipalities)},
        "police_liaison": {"SAMSPIL_POLICE_DISTRICTS": list(deployment.police_districts)},
        "matching": {},
    }
    serving = by_kind[kind]
    env = {
        **base_env,
        "SAMSPIL_DATA_DIR": str(data_dir),
        "SAMSPIL_DEPLOYMENT_ID": deployment.id,
        f"SAMSPIL_{kind.upper()}_PORT": str(deployment.port),
        "SAMSPIL_DIRECTORY_AUTHORITY_KEY": authority,
        "SAMSPIL_DIRECTORY_ENTRY_FILE": str(data_dir / "directory-entry.json"),
        **{name: json.dumps(value) for name, value in serving.items()},
    }
    if base.database_url:
        env["SAMSPIL_DATABASE_SCHEMA_PREFIX"] = settings.database_schema_prefix
    if kind == "ssp" and matcher is not None:
        env["SAMSPIL_MATCHING_DEPLOYMENT"] = matcher
        settings = settings.model_copy(update={"matching_deployment": matcher})
    return Member(deployment, settings, env)


def _install(member: Member, entries: list[DirectoryEntryV1], authority: str) -> None:
    cache = member.settings.service_dir(member.deployment.kind) / "directory.json"
    directory = DeploymentDirectory(authority, cache)
    for entry in entries:
        directory.keep(entry)
