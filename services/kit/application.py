"""The ``eventsourcing`` application every service builds on."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate, DomainEvent
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    ProcessRecorder,
    RecordConflictError,
    Recording,
    Tracking,
    Transcoding,
)

from contracts.sealed import case_transport_key, match_transport_key
from domain.access import SCHOOL_COMMANDS, Organisation, acts_for
from domain.access_log import AccessLog
from domain.actors import Actor, Role
from domain.commands import SchoolCommand, Wording, role_refusal
from domain.erasure import Erasure
from domain.errors import CaseErased
from domain.fingerprints import Fingerprint, FingerprintKind
from domain.listing import Listing
from infra.directory import DeploymentDirectory
from infra.encryption import service_keks
from infra.key_exchange import TransportKeys
from infra.keyring import DataKeys, EnvelopeMapper, KeyDestroyed
from infra.logging import current_correlation_id
from infra.mail_outbox import outbox_from
from infra.people import People
from infra.receipts import RECEIPTS_KEY, Receipt
from infra.settings import Settings
from infra.store_sql import StoreSql, is_tracked
from infra.store_workers import StoreWorkers
from services.kit.replicas import forget_case_in_memory
from services.kit.writers import CONFLICT_RETRIES, WriteLocks, pause_before_retry

# The repository cache hands out deep copies of aggregates. UUIDs are immutable, yet
# ``copy`` rebuilds each one through its pickle protocol, which made copying a listing or
# a cluster of a thousand cases cost milliseconds; copied as themselves, it costs little.
copy._deepcopy_dispatch[UUID] = copy._deepcopy_atomic  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    offset: int
    limit: int


T = TypeVar("T")

_COMMANDS = {c.value for c in SchoolCommand}
CORRELATIONS_KEPT = 10_000


@dataclass(frozen=True)
class ErasedRecord:
    """A record whose case was erased: its kind and place remain, its content is gone."""

    originator_version: int
    topic: str


class NotFound(Exception):
    """The record does not exist here, or not where the caller looked for it."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was not found.")
        self.what = what


class Forbidden(Exception):
    """The caller sees the record but their role may not do this (HTTP 403)."""

    def __init__(self, wording: Wording, *, code: str) -> None:
        super().__init__(wording.en)
        self.wording = wording
        self.code = code
        """Stable and machine-readable, like a domain error's."""


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, str]:
        return {
            "person_id": obj.person_id,
            "role": obj.role.value,
            "organisation": obj.organisation,
        }

    def decode(self, data: dict[str, str]) -> Actor:
        return Actor(data["person_id"], Role(data["role"]), data["organisation"])


class DateAsISO(Transcoding):
    """A calendar day (a deferral's reassessment date), as YYYY-MM-DD."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class FingerprintAsDict(Transcoding):
    """A material fingerprint, for the services whose aggregates record them."""

    type = Fingerprint
    name = "fingerprint"

    def encode(self, obj: Fingerprint) -> dict[str, str]:
        return {"kind": obj.kind.value, "value": obj.value}

    def decode(self, data: dict[str, str]) -> Fingerprint:
        return Fingerprint(FingerprintKind(data["kind"]), data["value"])


class FieldsAsDict(Transcoding):
    """A frozen dataclass of plain values (numbers, strings, None) as a dict of its fields,
    under ``name``: for a service's own value types."""

    def __init__(self, kind: type[Any], name: str) -> None:
        self.type = kind
        self.name = name

    def encode(self, obj: Any) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def distinct(aggregates: Iterable[Aggregate]) -> list[Aggregate]:
    """Each changed aggregate once, in order (one may be changed by several steps)."""
    return list({id(a): a for a in aggregates}.values())


def case_key(event: Any, case_aggregates: tuple[type[Aggregate], ...] = ()) -> str | None:
    """The data key of the case an event belongs to, when the event itself says so (or is
    one of ``case_aggregates``, the aggregates that are cases themselves)."""
    case_id = getattr(event, "case_id", None)
    if case_id is not None:
        return f"case:{case_id}"
    subject = getattr(event, "subject", None)
    if isinstance(subject, str) and subject.startswith("case:"):
        return subject
    if any(isinstance(event, aggregate.Event) for aggregate in case_aggregates):
        return f"case:{event.originator_id}"
    if isinstance(event, Receipt.Event):
        return RECEIPTS_KEY  # one key for all: receipts carry no case content
    return None


class ServiceApplication(Application[UUID]):
    """An application whose store is also its outbox and its inbox.

    Its recorder is a process recorder, so the events caused by an upstream message
    are written in one transaction with that message's tracking record.
    """

    env: ClassVar[dict[str, str]] = {"AGGREGATE_CACHE_MAXSIZE": "10000"}
    """A cached aggregate is fast-forwarded from the store on each read, so it is as
    fresh as the store whichever replica of the deployment wrote it last."""

    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Listing: 100}
    """Listings grow with every case; snapshots (encrypted like events) keep reads short."""

    case_aggregates: ClassVar[tuple[type[Aggregate], ...]] = ()
    """The aggregates that are cases themselves, named by the case's id (the school's
    ``Case``): their events are sealed with that case's key though they do not name it."""

    def __init__(self, env: dict[str, str], settings: Settings) -> None:
        self.settings = settings
        self.deployment = settings.deployment(self.name)
        """Which deployment this is (``school.hjoerring``): receivers track it by this."""
        self.serves = settings.serves(self.name)
        """Whom it serves: what is addressed to anyone else is skipped unopened."""
        self.data_keys = DataKeys(service_keks(settings, self.name))
        self.workers = StoreWorkers(self.name)
        """Where async code runs store work; drained before the store closes."""
        self.transport_keys = TransportKeys(self.data_keys, self.workers, fetch=None)
        """Replaced by the service kit with one that can ask the peers that grant keys."""
        self.directory = DeploymentDirectory("")
        """Whom each peer deployment serves; replaced by the service kit with the directory
        it believes (until then, only a kind's one deployment is known)."""
        super().__init__(env)
        self.data_keys.bind(StoreSql(self.recorder))
        self.store_sql = StoreSql(self.recorder)
        self.outbox = outbox_from(self.store_sql, settings)
        self.people = People(self.store_sql)
        """The professionals seen signing in to the console, and their addresses."""
        """Notices waiting for the mail server (reminders, escalations), in the store."""
        self._on_saved: list[Callable[[], None]] = []
        self._on_recorded: list[Callable[[list[str]], None]] = []
        self._correlations: OrderedDict[int, str] = OrderedDict()
        self.write_locks = WriteLocks()
        """One writer at a time per aggregate in this process (see ``written``)."""

    def close(self) -> None:
        self.workers.drain()
        super().close()

    def construct_mapper(self) -> Mapper[UUID]:
        """Each record is sealed with the data key of the case it belongs to."""
        return EnvelopeMapper(
            transcoder=self.construct_transcoder(), keys=self.data_keys, key_owner=self.key_owner
        )

    def key_owner(self, event: Any) -> str | None:
        """The data key of the case ``event`` belongs to, when the event itself says so."""
        return case_key(event, self.case_aggregates)

    def construct_recorder(self) -> ProcessRecorder:
        return self.factory.process_recorder()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """What every service's events carry (actors, days); a service adds the value
        types of its own aggregates. Stored events name their transcoding, so a service
        keeps registering each one its store may hold."""
        super().register_transcodings(transcoder)
        transcoder.register(ActorAsDict())
        transcoder.register(DateAsISO())

    def on_saved(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after new events are stored (the relay uses it to wake up)."""
        self._on_saved.append(callback)

    def on_recorded(self, callback: Callable[[list[str]], None]) -> None:
        """Call ``callback`` with the topics of new events after they are stored (the
        consoles' live updates use it)."""
        self._on_recorded.append(callback)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        super()._notify(recordings)
        correlation_id = current_correlation_id()
        if correlation_id:
            for recording in recordings:
                self._correlations[recording.notification.id] = correlation_id
            while len(self._correlations) > CORRELATIONS_KEPT:
                self._correlations.popitem(last=False)
        if recordings:
            for callback in self._on_saved:
                callback()
            topics = [r.notification.topic for r in recordings]
            for recorded in self._on_recorded:
                recorded(topics)

    def correlation_of(self, notification_id: int) -> str | None:
        """The request that caused a recent notification, so its messages carry the id on."""
        return self._correlations.get(notification_id)

    def is_applied(self, tracking: Tracking) -> bool:
        return is_tracked(self.store_sql, tracking)

    def was_applied(self, tracking: Tracking) -> bool:
        """Tracked, or receipted: a message whose tracking row was lost (``audit verify``
        names it) still counts as applied, so a redelivery cannot apply it twice."""
        receipt = Receipt.create_id(tracking.application_name, tracking.notification_id)
        return self.is_applied(tracking) or bool(self.recorder.select_events(receipt, limit=1))

    def companions(self, aggregates: Sequence[object]) -> list[Aggregate]:
        """Aggregates the service keeps in step with those being saved (a case's clock of
        deadlines), stored in the same transaction. None by default."""
        return []

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Store the aggregates' new events, with their companions', all or nothing."""
        return super().save(*objs, *self.companions(objs), **kwargs)

    def save_tracked(self, tracking: Tracking, *aggregates: Aggregate) -> None:
        """Store the aggregates' new events, the tracking record and its receipt, all or
        nothing. The receipt, a record like any other, puts the tracking record into the
        hash chain (``infra.receipts``), even when the message changed nothing.

        Snapshots are taken as ``save()`` takes them (``snapshotting_intervals``): listings
        grow mostly here, from other agencies' messages."""
        processing_event: ProcessingEvent[UUID] = ProcessingEvent(tracking)
        processing_event.collect_events(*aggregates, *self.companions(aggregates))
        receipt = Receipt(upstream=tracking.application_name, position=tracking.notification_id)
        processing_event.collect_events(*receipt.collect_events())  # events only: not cached
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)

    def history(self, aggregate_id: UUID) -> list[Any]:
        """Every stored event of one aggregate, oldest first; an erased one as ``Erased``."""
        readable: list[Any] = []
        for stored in self.recorder.select_events(aggregate_id):
            try:
                readable.append(cast(DomainEvent, self.mapper.to_domain_event(stored)))
            except KeyDestroyed:
                readable.append(ErasedRecord(stored.originator_version, stored.topic))
        return readable

    def act(self, aggregate_id: UUID, command: Callable[[Any], object]) -> Any:
        """Run one command on an aggregate and store what it recorded; the aggregate."""
        aggregate, _ = self.act_with_result(aggregate_id, command)
        return aggregate

    def act_with_result(self, aggregate_id: UUID, command: Callable[[Any], T]) -> tuple[Any, T]:
        """Run one command on an aggregate, store what it recorded, and answer with the
        aggregate and what the command returned (a new notification's id, say).

        Another writer (a message from another agency, a colleague's request) may
        have changed the aggregate meanwhile; then the command runs again on the
        fresh state, so its rules are checked against what is really stored.
        """

        def change() -> tuple[Sequence[Aggregate], tuple[Any, T]]:
            aggregate: Any = self.repository.get(aggregate_id)
            result = command(aggregate)
            return [aggregate], (aggregate, result)

        return self.written([aggregate_id], change)

    def written(
        self, aggregate_ids: Sequence[UUID], change: Callable[[], tuple[Sequence[Aggregate], T]]
    ) -> T:
        """Make a change to aggregates others may be writing too, and store it; what the
        change answered.

        ``change`` reads what it needs afresh and returns the aggregates to save. It runs
        while this process's other writers of ``aggregate_ids`` wait, and again, after a
        pause, when a writer elsewhere (another replica) got there first; so a colleague's
        report at the same moment is never answered with an error.
        """
        for attempt in range(1, CONFLICT_RETRIES + 1):
            with self.write_locks.holding(*aggregate_ids):
                aggregates, result = change()
                try:
                    self.save(*aggregates)
                    return result
                except RecordConflictError:
                    if attempt == CONFLICT_RETRIES:
                        raise
            pause_before_retry(attempt)
        raise AssertionError("unreachable")

    def check_access(
        self,
        *,
        subject: str,
        actor: Actor,
        action: str,
        visible: bool,
        permitted: bool = True,
        record_allowed: bool = True,
        not_found: str | None = None,
    ) -> None:
        """Refuse what the actor may not see (404) or do (403), recording every refusal.

        Out-of-scope records answer 404 exactly as unknown ones do (``not_found`` names
        what was looked for, by default the subject's kind), so their existence does not
        leak. Allowed reads are recorded too; allowed commands are recorded by their events.
        """
        if not visible:
            self.record_access(subject, actor, action, allowed=False, reason="not visible")
            raise NotFound(not_found or subject.split(":", 1)[0].capitalize())
        if not permitted:
            reason = f"the role {actor.role.value} may not {action}"
            self.record_access(subject, actor, action, allowed=False, reason=reason)
            roles = SCHOOL_COMMANDS.get(SchoolCommand(action)) if action in _COMMANDS else None
            refusal = role_refusal(actor.role, action, roles or ())
            raise Forbidden(refusal, code="RoleNotPermitted")
        if record_allowed:
            self.record_access(subject, actor, action, allowed=True, reason=None)

    def holds_case(self, case_id: UUID) -> bool:
        """Whether anything of the case is stored here: news of any other case is none of
        this deployment's business, so its message is not even opened."""
        return self.data_keys.holds(f"case:{case_id}")

    def record_access(
        self, subject: str, actor: Actor, action: str, *, allowed: bool, reason: str | None
    ) -> None:
        log_id = AccessLog.create_id(subject)

        def change() -> tuple[Sequence[Aggregate], None]:
            log: AccessLog = self.get_or_none(log_id) or AccessLog(subject=subject)
            log.record(actor=actor, action=action, allowed=allowed, reason=reason)
            return [log], None

        self.written([log_id], change)

    def access_log(self, subject: str) -> list[DomainEvent]:
        return self.history(AccessLog.create_id(subject))

    def erasure(self, case_id: UUID) -> Erasure | None:
        found: Erasure | None = self.get_or_none(Erasure.create_id(case_id))
        return found

    def erase_case(
        self,
        case_id: UUID,
        *,
        reason: str,
        actor: Actor,
        seen_by: Iterable[Organisation] = (),
        before: Sequence[Aggregate] = (),
        also_for: Sequence[str] = (),
    ) -> Erasure:
        """Crypto-shred a case here: its data key is destroyed, so its records (events,
        access log, snapshots) can never be read again, and so is its transport key, so
        neither can its messages on the topics; the chain is untouched.

        ``seen_by`` are the organisations that could see the case here: they alone are
        told it was erased (by keyed digest; the record names none of them).
        ``before`` are changes to save first, such as taking the case out of listings.
        ``also_for``: audience tags the erasure notice goes to beyond this deployment's reach.
        """
        key_id = f"case:{case_id}"
        record = self.erasure(case_id)
        if record is not None and self.data_keys.is_destroyed(key_id):
            raise CaseErased(record.created_on.isoformat(), record.reason)
        if record is None:
            record = Erasure(
                erased_case=case_id,
                seen_by=sorted({self.organisation_digest(o) for o in seen_by}),
                reason=reason,
                actor=actor,
                also_for=list(also_for),
            )
            self.save(*before, record)
        forget_case_in_memory(self, case_id)
        # The data key goes last: it is what marks the erasure done, so a run cut short
        # in between is finished by the next one.
        self.data_keys.destroy(case_transport_key(case_id))
        self.data_keys.destroy(match_transport_key(case_id))
        self.data_keys.destroy(key_id)
        return record

    def refuse_if_erased(
        self, actor: Actor, case_id: UUID, action: str, *, readers: frozenset[Role], what: str
    ) -> None:
        """Raise ``CaseErased`` (410, when and why) for an erased case — but only to those
        who could see it (``readers`` acting for one of its organisations); anyone else
        gets the 404 of an unknown ``what``, recorded as a refusal."""
        erased = self.erasure(case_id)
        if erased is None:
            return
        self.check_access(
            subject=f"erasure:{case_id}",
            actor=actor,
            action=action,
            visible=actor.role in readers
            and any(self.organisation_digest(o) in erased.seen_by for o in acts_for(actor)),
            record_allowed=False,
            not_found=what,
        )
        raise CaseErased(erased.created_on.isoformat(), erased.reason)

    def organisation_digest(self, organisation: Organisation) -> str:
        """A keyed digest of an organisation: matches it, yet does not reveal it."""
        secret = self.data_keys.key("service:organisation-digest", create=True)
        return hmac.new(secret, str(organisation).encode(), hashlib.sha256).hexdigest()

    def listing(self, name: str) -> Listing:
        """The listing called ``name``, started on first use."""
        found: Listing | None = self.get_or_none(Listing.create_id(name))
        return found or Listing(name=name)

    def listed(self, name: str, *, offset: int = 0, limit: int = 50) -> Page:
        """One page of the aggregates a listing names, newest first.

        Only the page's aggregates are loaded, so a read costs the same however long
        the listing has grown.
        """
        found: Listing | None = self.get_or_none(Listing.create_id(name))
        ids = list(reversed(found.ids)) if found else []
        items = self.readable(ids[offset : offset + limit])
        return Page(items=items, total=len(ids), offset=offset, limit=limit)

    def readable(self, aggregate_ids: Iterable[UUID]) -> list[Any]:
        """Those of the aggregates that exist and were not erased meanwhile, in order."""
        found: list[Any] = []
        for aggregate_id in aggregate_ids:
            with contextlib.suppress(KeyDestroyed):
                aggregate = self.get_or_none(aggregate_id)
                if aggregate is not None:
                    found.append(aggregate)
        return found

    def listed_as(
        self, actor: Actor, name: str, *, action: str, visible: bool, offset: int, limit: int
    ) -> Page:
        """A listing page for whoever may see it; every read (and refusal) is recorded."""
        self.check_access(subject=name, actor=actor, action=action, visible=visible)
        return self.listed(name, offset=offset, limit=limit)

    def get_or_none(self, aggregate_id: UUID) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
