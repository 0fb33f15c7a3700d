"""Configuration, read from ``SAMSPIL_*`` environment variables (or a ``.env`` file)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from contracts.directory import ServesV1
from domain.case_facts import Outcome
from domain.deadlines.calendar import DateRange
from domain.geography import PoliceDistrict

ServiceName = Literal["school", "ssp", "police_liaison", "matching"]
"""What a process runs: an agency's service, or the content-blind matching a topology
of many SSP deployments adds."""
SERVICES: tuple[ServiceName, ...] = ("school", "ssp", "police_liaison")
"""The agencies' services: one of each is the whole system on embedded defaults."""


class Settings(BaseSettings):
    """Every setting the services and the ``samspil`` command read.

    The README's configuration table and ``docker-compose.yml`` are checked
    against these fields by the test suite.
    """

    model_config = SettingsConfigDict(env_prefix="SAMSPIL_", env_file=".env", extra="ignore")

    deployment_id: str = Field(
        "",
        pattern=r"^((school|ssp|police|police_liaison|match)(\.[a-z0-9][a-z0-9-]{0,62})?)?$",
        description="This deployment's id: its kind and whom it serves, e.g. "
        "`school.hjoerring`, `ssp.hjoerring`, `police.nordjylland`. Receivers track what it "
        "publishes under this id, and its public key is DEPLOYMENT.pub in the trust "
        "directory. Empty: the service's name (one deployment of each kind).",
    )
    deployment_urls: dict[str, str] = Field(
        default_factory=dict,
        description="Where other deployments answer key requests, by deployment id (JSON, "
        'e.g. {"school.gentofte": "https://samspil.gentofte.dk"}): a case\'s transport key '
        "is asked of the school deployment that published it. A deployment not named: "
        "the school or SSP URL of its kind.",
    )
    directory_authority_key: str = Field(
        "",
        description="The directory authority's Ed25519 public key (base64): only entries of "
        "the directory of deployments it signed are believed. Empty: no directory; peers "
        "are known from the trust directory and the configured URLs alone.",
    )
    directory_authority_key_file: str = Field(
        "",
        description="A file holding the directory authority's public key (base64), used when "
        "DIRECTORY_AUTHORITY_KEY is empty: where a deployment's keys are laid out before it "
        "starts (`samspil topology prepare`), the key is not known to its configuration.",
    )
    directory_entry_file: str = Field(
        "",
        description="This deployment's directory entry as the authority signed it (JSON, "
        "from `samspil directory sign`), published on the directory topic at start and "
        "every few minutes. Empty: none is published.",
    )
    data_dir: Path = Field(
        Path("samspil-data"),
        description="Where embedded stores, generated keys and the broker's runtime file live.",
    )
    database_url: str = Field(
        "",
        description="PostgreSQL URL (postgresql://user:pass@host:port/db). "
        "Empty: one SQLite file per service under the data directory.",
    )
    database_schema_prefix: str = Field(
        "samspil",
        description="With PostgreSQL, each service keeps its store in schema PREFIX_SERVICE.",
    )
    cipher_key: str = Field(
        "",
        description="Base64 key-encryption key (16, 24 or 32 bytes) that wraps this service's "
        "per-case data keys. Empty: generated on first start and kept under the data directory.",
    )
    kafka_bootstrap: str = Field(
        "",
        description="Kafka bootstrap servers. Empty: `samspil up` starts an embedded broker.",
    )
    kafka_idempotent_producer: bool = Field(
        True, description="Idempotent Kafka producer; set false for brokers without it."
    )
    kafka_fetch_max_wait_ms: int = Field(
        500,
        ge=1,
        description="Longest a consumer's fetch waits at the broker for new messages. "
        "Kafka answers as soon as data arrives; the embedded broker waits, so "
        "`samspil up` sets 10 for it.",
    )
    kafka_partitions: int = Field(3, ge=1, description="Partitions of topics Samspil creates.")
    kafka_replication_factor: int = Field(
        1, ge=1, description="Replication factor of topics Samspil creates."
    )
    http_host: str = Field("127.0.0.1", description="Interface the HTTP APIs listen on.")
    school_port: int = Field(8101, description="HTTP port of the school service.")
    ssp_port: int = Field(8102, description="HTTP port of the SSP service.")
    police_liaison_port: int = Field(8103, description="HTTP port of the police-liaison service.")
    matching_port: int = Field(8104, description="HTTP port of the matching service.")
    matching_deployment: str = Field(
        "",
        pattern=r"^(match(\.[a-z0-9][a-z0-9-]{0,62})?)?$",
        description="The content-blind matching deployment (e.g. `match.national`) this SSP "
        "deployment offers its cases' fingerprints to, so material is linked across "
        "municipalities whose SSPs run apart. Empty: none (an SSP serving every "
        "municipality links everything itself).",
    )
    school_municipalities: list[str] = Field(
        default_factory=list,
        description="Municipalities whose schools this school deployment serves (JSON list). "
        "Empty, with no institutions either: all.",
    )
    school_institutions: list[str] = Field(
        default_factory=list,
        description="Institutions this school deployment serves on their own (JSON list), "
        "such as a self-governing gymnasium.",
    )
    ssp_municipalities: list[str] = Field(
        default_factory=list,
        description="Municipalities this SSP service serves (JSON list). Empty: all.",
    )
    police_districts: list[PoliceDistrict] = Field(
        default_factory=list,
        description="Police districts this police-liaison service serves (JSON list). Empty: all.",
    )
    relay_poll_seconds: float = Field(
        0.5, gt=0, description="How often the outbox relay looks for unpublished events."
    )
    retention_years: dict[Outcome, float] = Field(
        default_factory=dict,
        description="Years a closed case is kept, by outcome (JSON, e.g. "
        '{"resolved": 5, "no_further_action": 2}). An outcome not named is kept.',
    )
    school_holidays: list[DateRange] = Field(
        default_factory=list,
        description="The municipality's school holidays, which deadlines in school days skip "
        '(JSON list of ranges, both days included, e.g. [{"first": "2026-10-12", '
        '"last": "2026-10-16"}]). Empty: only weekends and public holidays are skipped.',
    )
    checkpoint_seconds: float = Field(
        10.0, gt=0, description="How often a service signs and shares its chain head."
    )
    signing_key_file: str = Field(
        "",
        description="Ed25519 key that signs this service's checkpoints. Empty: generated "
        "on first start and kept under the data directory.",
    )
    trust_dir: str = Field(
        "",
        description="Directory of the services' public keys (SERVICE.pub): each service puts "
        "its own there and trusts its peers' when they ask for transport keys. Empty: "
        "DATA_DIR/trust.",
    )
    school_url: str = Field(
        "",
        description="Where SSP and the police liaison reach the school service for transport "
        "keys. Empty: http://HTTP_HOST:SCHOOL_PORT.",
    )
    ssp_url: str = Field(
        "",
        description="Where the school reaches the SSP service for its pseudonym key. Empty: "
        "http://HTTP_HOST:SSP_PORT.",
    )
    auth_issuer: str = Field(
        "samspil-local", description="Expected `iss` of bearer tokens (your OIDC provider's)."
    )
    auth_audience: str = Field("samspil", description="Expected `aud` of bearer tokens.")
    auth_jwks_url: str = Field(
        "", description="JWKS URL of the OIDC provider. Empty: the local issuer's key."
    )
    auth_public_key_file: str = Field(
        "",
        description="PEM public key that signs tokens, instead of a JWKS URL. Empty: the "
        "local issuer's key under the data directory.",
    )
    auth_max_token_hours: float = Field(
        12.0,
        gt=0,
        description="Longest lifetime of a bearer token (expiry minus now, and minus its "
        "issue time), in hours: a token that would live longer is refused.",
    )
    auth_role_claim: str = Field("samspil_role", description="Token claim naming the role.")
    auth_organisation_claim: str = Field(
        "samspil_org",
        description="Token claim naming the organisation: the institution, the municipality "
        "(SSP) or the police district.",
    )
    log_format: Literal["console", "json"] = Field(
        "console", description="Log lines for people (console) or for collectors (json)."
    )
    deadline_policy: dict[str, int] = Field(
        default_factory=dict,
        description="The municipality's deadlines, changing the defaults, as JSON: "
        '{"parents_informed_school_days": 1, "police_acknowledged_working_days": 2, '
        '"evidence_decided_working_days": 5, "takedown_answered_days": 2, '
        '"complaint_filed_days": 7, "underretning_received_working_days": 6, '
        '"escalate_after_working_days": 1}.',
    )
    escalation_chain: dict[str, list[list[str]]] = Field(
        default_factory=dict,
        description="Whom a missed deadline is told, step by step, by kind, as JSON (e.g. "
        '{"police_acknowledged": [["police_lead", "ssp"], ["management"]]}); each step is '
        "a list of responsible, management, police_lead, ssp. A kind not named keeps the "
        "default chain.",
    )
    clock_offset_hours: float = Field(
        0.0,
        ge=0,
        description="For exercises and tests: the deadline scheduler sees the time this many "
        "hours ahead, so that what would fall due later falls due now. 0 in production.",
    )
    escalation_contacts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="E-mail addresses for those a missed deadline is told, as JSON: "
        '{"police_lead@nordjylland": ["ssp-leder@politi.dk"], "ssp@Hjørring": [...], '
        '"ledelse@Hjørring Gymnasium og HF": [...], "ressourceperson@…": [...]}. '
        "Whoever has no address here is told in the console only.",
    )
    case_system_keys: dict[str, str] = Field(
        default_factory=dict,
        description="The municipal authorities' case systems that record an underretning's "
        'receipt, as JSON: {"Hjørring": "/etc/samspil/hjoerring-sagssystem.pem"}, each a '
        "PEM public key. A case system posts its receipt to the school service's "
        "/integrations/underretning-receipts as a JWT it signs (iss: the municipality). "
        "Empty: none, and every receipt is refused.",
    )
    oidc_discovery_url: str = Field(
        "",
        description="The municipality's OpenID Connect provider (its "
        "/.well-known/openid-configuration URL): the consoles sign people in there "
        "(authorization code flow with PKCE). Empty: the local issuer's demonstration sign-in, "
        "offered only on loopback.",
    )
    oidc_client_id: str = Field("", description="The consoles' client id at the provider.")
    oidc_client_secret: str = Field(
        "", description="The consoles' client secret at the provider (empty: a public client)."
    )
    oidc_scopes: str = Field(
        "openid profile", description="Scopes the consoles ask the provider for."
    )
    console_public_url: str = Field(
        "",
        description="Where people reach a service's console, as the provider redirects back "
        "to it (e.g. https://samspil.hjoerring.dk). Empty: http://HTTP_HOST:PORT.",
    )
    console_idle_minutes: float = Field(
        15.0, gt=0, description="Minutes of inactivity after which a console signs out."
    )
    console_secret: str = Field(
        "",
        description="Key that signs console session cookies (base64, 32 bytes). Empty: "
        "generated on first start and kept under the service's data directory.",
    )
    console_assets_dir: str = Field(
        "",
        description="Where the consoles' front-end packages are installed (node_modules, from "
        "`make up`'s install step). Empty: the project's node_modules.",
    )
    smtp_host: str = Field(
        "",
        description="SMTP server for notification mails. Empty: each mail is written as an "
        ".eml file to DATA_DIR/mail (the embedded default), and the log says where.",
    )
    smtp_port: int = Field(587, description="Port of the SMTP server (submission).")
    smtp_sender: str = Field("samspil@localhost", description="From address of notification mails.")
    smtp_username: str = Field("", description="User name at the SMTP server. Empty: no login.")
    smtp_password: str = Field("", description="Password at the SMTP server.")
    smtp_starttls: bool = Field(
        True,
        description="Upgrade the SMTP connection with STARTTLS before logging in; a server "
        "that does not offer it is sent nothing.",
    )
    mail_digest_hour: Annotated[int, Field(ge=0, le=23)] | Literal["now"] = Field(
        7,
        description="Local hour (Danish time, 0-23) at which each person's daily digest "
        "mail is sent. `now`: at the next delivery, still one mail per person.",
    )

    def auth_max_token_lifetime(self) -> timedelta:
        return timedelta(hours=self.auth_max_token_hours)

    def console_base_url(self, service: ServiceName) -> str:
        return self.console_public_url.rstrip("/") or (
            f"http://{self.http_host}:{self.port_of(service)}"
        )

    def console_assets_path(self) -> Path:
        if self.console_assets_dir:
            return Path(self.console_assets_dir)
        return Path(__file__).resolve().parents[1] / "node_modules"  # the project's own

    def port_of(self, service: ServiceName) -> int:
        return {
            "school": self.school_port,
            "ssp": self.ssp_port,
            "police_liaison": self.police_liaison_port,
            "matching": self.matching_port,
        }[service]

    def deployment(self, service: str) -> str:
        """This process's deployment id, running ``service``."""
        return self.deployment_id or ("match" if service == "matching" else service)

    def serves(self, service: str) -> ServesV1:
        """Whom this deployment serves: what is addressed to anyone else it skips unopened."""
        if service == "school":
            return ServesV1.of(
                municipalities=self.school_municipalities, institutions=self.school_institutions
            )
        if service == "ssp":
            return ServesV1.of(municipalities=self.ssp_municipalities)
        if service == "matching":
            return ServesV1(everything=True)  # what is addressed to it, from anywhere
        return ServesV1.of(police_districts=self.police_districts)

    def service_dir(self, service: ServiceName) -> Path:
        return self.data_dir / service

    def directory_authority(self) -> str:
        """The directory authority's public key (base64), from the setting or its file;
        empty when this deployment believes no directory."""
        if self.directory_authority_key or not self.directory_authority_key_file:
            return self.directory_authority_key
        return Path(self.directory_authority_key_file).read_text(encoding="ascii").strip()

    def trust_path(self) -> Path:
        return Path(self.trust_dir) if self.trust_dir else self.data_dir / "trust"

    def school_base_url(self) -> str:
        return self.school_url.rstrip("/") or f"http://{self.http_host}:{self.school_port}"

    def ssp_base_url(self) -> str:
        return self.ssp_url.rstrip("/") or f"http://{self.http_host}:{self.ssp_port}"
