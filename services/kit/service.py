"""Assembles a service from its blueprint: store, HTTP API, Kafka router, relay."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

import structlog
from fastapi import APIRouter, FastAPI
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaRouter
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from pydantic import ValidationError

from contracts.audit_events import CheckpointV2
from contracts.deployments import kind_of
from contracts.envelope import IntegrationEvent
from contracts.registry import parse_checkpoint
from contracts.topics import AUDIT_CHECKPOINTS, COMPACTED, DIRECTORY, dead_letter_topic
from infra.audit_chain import ChainStore, Checkpoint
from infra.auth import TokenVerifier
from infra.chain_keeper import ChainKeeper
from infra.directory import DeploymentDirectory
from infra.event_store import store_env
from infra.kafka_admin import KafkaTopics
from infra.key_exchange import KeyExchangeClient, TransportKeys, TrustDirectory, signing_key
from infra.key_holders import KeyHolders
from infra.mail import mailer_from
from infra.messaging import BatchPublisher, make_broker, send_to_dead_letter
from infra.outbox_relay import OutboxRelay, Translate
from infra.relay_position import RelayPositions
from infra.relay_set_aside import RelaySetAside
from infra.settings import ServiceName, Settings
from infra.store_locks import store_lock
from infra.store_workers import StoreWorkers
from services.kit.application import ServiceApplication
from services.kit.asyncapi import install_asyncapi
from services.kit.console import ConsoleSpec, install_console
from services.kit.consumption import Consumption, origin_of
from services.kit.correlation import CorrelationIds
from services.kit.directory_feed import DirectoryFeed, own_entry
from services.kit.http import install_error_handlers
from services.kit.inbound import CaseFilter, Handler, Inbound
from services.kit.key_exchange_api import KeyGrants, key_exchange_routes
from services.kit.leadership import Leadership, OneAtATime
from services.kit.material_guard import MaterialGuard, learn_path_templates
from services.kit.postman import Postman
from services.kit.replicas import ErasuresElsewhere
from services.kit.scheduler import Scheduler, Timed

log = structlog.get_logger(__name__)

A = TypeVar("A", bound=ServiceApplication)


@dataclass(frozen=True)
class Subscription:
    """An upstream topic and what to do with each kind of event on it."""

    topic: str
    handlers: Mapping[type[IntegrationEvent], Handler]
    concerns: Mapping[type[IntegrationEvent], CaseFilter] = field(default_factory=dict)
    """For these kinds, whether the case (by its id, in clear) is one this service holds:
    a message about any other case is skipped unopened, like a kind it does not handle."""
    one_at_a_time: frozenset[type[IntegrationEvent]] = frozenset()
    """Kinds whose handling reads what handling other messages wrote (an index kept in
    memory): handled one at a time across the deployment's replicas, each step after
    the steps before it were saved, so the answer is the same whichever replica gives it."""


@dataclass(frozen=True)
class Blueprint(Generic[A]):
    """What makes one service different from the others."""

    name: ServiceName
    title: str
    description: str
    application: Callable[[dict[str, str], Settings], A]
    routes: Callable[[A], APIRouter]
    publishes_to: str | None = None
    translator: Callable[[A], Translate] | None = None
    subscriptions: Callable[[A], Sequence[Subscription]] = field(default=lambda app: ())
    key_grants: KeyGrants | None = None
    """Which keys this service hands to trusted peers (``POST /internal/transport-keys``)."""
    console: ConsoleSpec[A] | None = None
    """The service's console for professionals, at ``/`` (the API keeps its own paths)."""
    timed: Timed[A] | None = None
    """Aggregates with timed steps (deadlines) the scheduler wakes the service for."""


@dataclass
class RunningService(Generic[A]):
    """A built service: its HTTP app plus the parts tests and benchmarks reach into."""

    http: FastAPI
    app: A
    broker: KafkaBroker
    relay: OutboxRelay | None
    topics: KafkaTopics
    all_topics: list[str]
    chain_keeper: ChainKeeper
    leadership: Leadership
    scheduler: Scheduler[A] | None = None


def combined(*routers: APIRouter) -> APIRouter:
    """One router from several, for a service whose API has more than one part."""
    router = APIRouter()
    for part in routers:
        router.include_router(part)
    return router


def build(blueprint: Blueprint[A], settings: Settings) -> RunningService[A]:
    if not settings.kafka_bootstrap:
        raise ValueError("SAMSPIL_KAFKA_BOOTSTRAP is not set: the service needs a Kafka broker")
    deployment = settings.deployment(blueprint.name)
    if kind_of(deployment) != blueprint.name:
        raise ValueError(f"SAMSPIL_DEPLOYMENT_ID {deployment} is not a {blueprint.name} deployment")
    app = blueprint.application(store_env(settings, blueprint.name), settings)
    broker = make_broker(settings, client_id=f"samspil-{blueprint.name}")
    topics = KafkaTopics(
        settings.kafka_bootstrap,
        settings.kafka_partitions,
        settings.kafka_replication_factor,
        compacted=COMPACTED,
    )
    dead_letters = dead_letter_topic(blueprint.name)
    all_topics = [dead_letters]

    router = KafkaRouter()
    consumption = Consumption(broker, dead_letters)
    turns = OneAtATime(store_lock(settings, blueprint.name, "steps-one-at-a-time"))
    for subscription in blueprint.subscriptions(app):
        all_topics.append(subscription.topic)
        inbound = Inbound(
            app,
            subscription.handlers,
            broker,
            dead_letters,
            subscription.concerns,
            subscription.one_at_a_time,
            turns,
        )
        _subscribe(
            router,
            deployment,  # each deployment reads every message: a consumer group of its own
            settings,  # (its replicas share the group, and so the partitions)
            subscription,
            inbound,
            consumption,
        )

    signer = signing_key(settings, blueprint.name)
    deployments = DeploymentDirectory(
        settings.directory_authority(),
        settings.service_dir(blueprint.name) / "directory.json",
    )
    app.directory = deployments
    trust = TrustDirectory(settings.trust_path(), deployments)
    trust.publish(deployment, signer)
    feed = DirectoryFeed(deployments, broker, dead_letters, own_entry(settings, deployment, signer))
    if feed.own is not None:
        deployments.keep(feed.own)  # refused at once when the authority did not sign it
    _subscribe_directory(router, settings, feed, consumption)
    all_topics.append(DIRECTORY)
    key_client = KeyExchangeClient(settings, blueprint.name, signer, trust)
    app.transport_keys = TransportKeys(
        app.data_keys, app.workers, fetch=key_client.fetch, holders=KeyHolders(app.store_sql)
    )

    chain = ChainStore(app.store_sql)
    copies = CheckpointCopies(deployment, chain, app.workers, trust, broker, dead_letters)
    _subscribe_checkpoints(router, deployment, settings, copies, consumption)
    all_topics.append(AUDIT_CHECKPOINTS)
    keeper = ChainKeeper(
        deployment=deployment,
        recorder=app.recorder,
        workers=app.workers,
        chain=chain,
        key=signer,
        share=lambda checkpoint: _share(broker, checkpoint),
        poll_seconds=settings.relay_poll_seconds,
        checkpoint_seconds=settings.checkpoint_seconds,
    )

    broker.include_router(router)

    relay = None
    if blueprint.publishes_to and blueprint.translator:
        all_topics.append(blueprint.publishes_to)
        relay = OutboxRelay(
            recorder=app.recorder,
            workers=app.workers,
            topic=blueprint.publishes_to,
            translate=blueprint.translator(app),
            publish=BatchPublisher(broker),
            positions=RelayPositions(app.store_sql),
            set_aside=RelaySetAside(app.store_sql),
            topics=topics,
            poll_seconds=settings.relay_poll_seconds,
            correlation_of=app.correlation_of,
        )
        app.on_saved(relay.wake)

    ahead = timedelta(hours=settings.clock_offset_hours)
    scheduler = (
        Scheduler(app, blueprint.timed, now=lambda: datetime.now(UTC) + ahead)
        if blueprint.timed
        else None
    )
    postman = Postman(app.outbox, mailer_from(settings), app.workers)
    # What a deployment does once, its leader does: a standby replica takes over.
    leadership = Leadership(
        store_lock(settings, blueprint.name, "leader"),
        [
            task
            for task in (
                relay.run if relay else None,
                keeper.run,
                scheduler.run if scheduler else None,
                postman.run,
            )
            if task is not None
        ],
    )
    erasures = ErasuresElsewhere(app)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(topics.ensure, all_topics)
        await asyncio.to_thread(learn_path_templates, http)
        await broker.start()
        if console is not None:
            await console.live.attach()
        tasks = [
            asyncio.create_task(leadership.run()),
            asyncio.create_task(feed.run()),
            asyncio.create_task(erasures.run()),
        ]
        log.info("service.started", topics=all_topics)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await broker.stop()
            await key_client.aclose()
            topics.close()
            await asyncio.to_thread(app.close)  # waits for store work still running
            log.info("service.stopped")

    http = FastAPI(title=blueprint.title, description=blueprint.description, lifespan=lifespan)
    http.state.token_verifier = TokenVerifier(settings)
    install_error_handlers(http)
    http.add_middleware(MaterialGuard)
    http.add_middleware(CorrelationIds)

    @http.get("/health", tags=["operations"])
    def health() -> dict[str, str]:
        """``role``: ``leader`` for the replica that publishes and runs the deployment's
        background work, ``standby`` for one ready to take over."""
        role = "leader" if leadership.leading else "standby"
        return {"service": blueprint.name, "status": "ok", "role": role}

    install_asyncapi(http, blueprint, app)
    http.include_router(blueprint.routes(app))
    console = (
        install_console(http, app, settings, blueprint.name, blueprint.console)
        if blueprint.console
        else None
    )
    if blueprint.key_grants is not None:
        http.include_router(key_exchange_routes(app, signer, trust, blueprint.key_grants))
    return RunningService(
        http, app, broker, relay, topics, all_topics, keeper, leadership, scheduler
    )


async def _raw_body(message: StreamMessage[Any]) -> bytes:
    """Hand the handler the bytes as sent: the contracts, not faststream, decide validity."""
    return message.body


def _subscribe(
    router: KafkaRouter,
    deployment: str,
    settings: Settings,
    subscription: Subscription,
    inbound: Inbound,
    consumption: Consumption,
) -> None:
    @router.subscriber(
        subscription.topic,
        # One consumer group per subscribed topic: consumers of different topics in one
        # group would make the broker rebalance the group back and forth.
        group_id=f"samspil-{deployment}-{subscription.topic}",
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        decoder=_raw_body,
    )
    async def consume(body: bytes, message: KafkaMessage) -> None:
        await consumption.take(body, message, inbound.receive)


async def _share(broker: KafkaBroker, checkpoint: Checkpoint) -> None:
    """Publish as version 2, keyed by deployment: each deployment's checkpoints in order."""
    message = CheckpointV2(**asdict(checkpoint))
    await broker.publish(
        message.model_dump_json().encode(), AUDIT_CHECKPOINTS, key=checkpoint.deployment.encode()
    )


@dataclass(frozen=True)
class CheckpointCopies:
    """Keeps every other deployment's signed checkpoints: our copy catches a rewrite of theirs.

    Copies are kept by deployment, so two deployments of one kind (both numbering from 1)
    keep two chains. A checkpoint is kept only if the deployment it names signed it, by
    the key the trust directory holds for that deployment; any other is dead-lettered, so
    a forged one, or one deployment's signing for another, can never take a genuine one's
    place (the first copy at a deployment's position is the one kept).
    """

    deployment: str
    """Ours: checkpoints naming it are our own, kept when we sign them."""
    chain: ChainStore
    workers: StoreWorkers
    trust: TrustDirectory
    broker: KafkaBroker
    dead_letters: str

    async def keep(self, body: bytes, message: KafkaMessage) -> None:
        try:
            received = parse_checkpoint(body)
        except ValidationError as error:
            reason = f"invalid checkpoint: {error.error_count()} problem(s)"
            await self._refuse(body, message, reason)
            return
        deployment = received.deployment  # version 1: the one deployment of its kind
        if deployment == self.deployment:
            return  # our own, kept when signed
        checkpoint = Checkpoint(
            deployment,
            received.notification_id,
            received.chain_hash,
            received.signed_at,
            received.signature,
            received.public_key,
        )
        trusted = self.trust.public_key(deployment)
        if trusted is None:
            await self._refuse(body, message, f"no trusted key for {deployment}")
        elif checkpoint.public_key != trusted or not checkpoint.signature_valid(trusted):
            await self._refuse(body, message, f"not signed by {deployment}'s trusted key")
        else:
            await self.workers.run(self.chain.keep, checkpoint)

    async def _refuse(self, body: bytes, message: KafkaMessage, reason: str) -> None:
        log.warning("checkpoint.refused", reason=reason)
        record = message.raw_message
        await send_to_dead_letter(
            self.broker,
            self.dead_letters,
            raw=body,
            key=None if isinstance(record, tuple) else record.key,
            reason=reason,
            origin=origin_of(message),
        )


def _subscribe_directory(
    router: KafkaRouter, settings: Settings, feed: DirectoryFeed, consumption: Consumption
) -> None:
    @router.subscriber(
        DIRECTORY,
        group_id=None,  # no group: every process reads every entry, from the beginning
        auto_offset_reset="earliest",
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        decoder=_raw_body,
    )
    async def keep(body: bytes, message: KafkaMessage) -> None:
        await consumption.take(body, message, feed.keep)


def _subscribe_checkpoints(
    router: KafkaRouter,
    deployment: str,
    settings: Settings,
    copies: CheckpointCopies,
    consumption: Consumption,
) -> None:
    @router.subscriber(
        AUDIT_CHECKPOINTS,
        group_id=f"samspil-{deployment}-checkpoints",
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        decoder=_raw_body,
    )
    async def keep(body: bytes, message: KafkaMessage) -> None:
        await consumption.take(body, message, copies.keep)
