"""The school's commands on a case, and how it applies what the police send back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Transcoding
from eventsourcing.utils import get_topic

from contracts.coordination_events import CaseLinkedV1, CaseSharedV1, SspAdviceGivenV1
from contracts.directory import ServesV1, municipality_tag
from contracts.key_exchange import PSEUDONYM_KEY
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from domain.access import (
    SCHOOL_RECORD_READERS,
    Organisation,
    case_organisations,
    may,
    may_read_audit_export,
    records_receipt_for,
    sees_case,
)
from domain.actors import SCHOOL_ROLES, Actor, Role
from domain.case import Case
from domain.case_facts import InvolvedParty, InvolvedRole
from domain.commands import SchoolCommand, own_institution_only
from domain.deadlines.clock import DeadlineClock
from domain.erasure import Erasure
from domain.geography import PoliceDistrict, same_name
from domain.listing import Listing
from domain.offences import OffenceCategory
from domain.retention import retention_due
from infra.audit_verify import stored_records
from infra.case_systems import SignedReceipt
from infra.keyring import KeyDestroyed
from infra.pseudonyms import pseudonym
from infra.settings import Settings
from services.kit.application import FingerprintAsDict, Forbidden, ServiceApplication
from services.kit.audit_export import AuditExport, export_case
from services.kit.deadline_rules import DeadlineRules
from services.school.deadlines import SchoolClocks

T = TypeVar("T")

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

RETENTION = "retention"
SHARED_WITH = "shared-with-municipalities"
"""Every municipality a case here was shared with (by a digest of its name): their SSP
deployments are told of this deployment's erasures too, and may open the notices."""


def municipality_entry(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"samspil:shared-with:{municipality_tag(name)}")
"""The access-log subject of retention runs (and of refused attempts)."""


@dataclass(frozen=True)
class Commanded(Generic[T]):
    """A command's outcome: the case as stored, and what the command returned."""

    case: Case
    result: T


class InvolvedPartyAsDict(Transcoding):
    type = InvolvedParty
    name = "involved_party"

    def encode(self, obj: InvolvedParty) -> dict[str, Any]:
        return {
            "role": obj.role.value,
            "description": obj.description,
            "is_minor": obj.is_minor,
            "same_school": obj.same_school,
        }

    def decode(self, data: dict[str, Any]) -> InvolvedParty:
        return InvolvedParty(
            InvolvedRole(data["role"]),
            data["description"],
            data["is_minor"],
            data.get("same_school"),
        )


class SchoolApplication(ServiceApplication):
    name = "school"
    case_aggregates = (Case,)

    def __init__(self, env: dict[str, str], settings: Settings) -> None:
        super().__init__(env, settings)
        self.clocks: SchoolClocks = SchoolClocks(self, DeadlineRules.from_settings(settings))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """A case's people and the fingerprints of its material."""
        super().register_transcodings(transcoder)
        transcoder.register(InvolvedPartyAsDict())
        transcoder.register(FingerprintAsDict())

    def companions(self, aggregates: Sequence[object]) -> list[Aggregate]:
        """Each changed case's clock of deadlines, reconciled in the same transaction."""
        clocks = getattr(self, "clocks", None)
        if clocks is None:
            return []
        changed = [a for a in aggregates if isinstance(a, Case) and a.pending_events]
        return [c for c in (clocks.reconciled(case) for case in changed) if c is not None]

    def report_case(
        self,
        *,
        institution: str,
        municipality: str,
        police_district: PoliceDistrict,
        offence_category: OffenceCategory,
        victim_is_minor: bool,
        description: str,
        actor: Actor,
    ) -> Case:
        name = self.cases_listing(institution)

        def change() -> tuple[Sequence[Aggregate], Case]:
            case = Case(
                institution=institution,
                municipality=municipality,
                police_district=police_district,
                offence_category=offence_category,
                victim_is_minor=victim_is_minor,
                description=description,
                actor=actor,
            )
            listing = self.listing(name)
            listing.add(case.id)
            return [case, listing], case

        # Every report at the school writes its one listing: colleagues take turns.
        return self.written([Listing.create_id(name)], change)

    def case_history(self, case_id: UUID) -> list[Any]:
        """The case's history with its clock's: every deed, and every deadline set, met,
        lifted, missed and escalated, in the order they happened."""
        clock = [
            e
            for e in self.history(DeadlineClock.create_id(case_id))
            if not isinstance(e, DeadlineClock.Started)
        ]
        events = [*self.history(case_id), *clock]
        return sorted(
            events, key=lambda e: getattr(e, "timestamp", None) or datetime.min.replace(tzinfo=UTC)
        )

    def cases_listing(self, institution: str) -> str:
        """The listing of an institution's cases (its staff's "Mine sager"), named by a
        keyed digest: the store names no school, and nothing of an erased case's school
        stays readable in it."""
        return f"institution:{self.organisation_digest(Organisation.institution(institution))}"

    def cases_as(self, actor: Actor, *, closed: bool) -> list[Case]:
        """The actor's institution's open (or closed) cases, newest activity first."""
        name = self.cases_listing(actor.organisation)
        self.check_access(
            subject=name,
            actor=actor,
            action="list cases",
            visible=actor.role in SCHOOL_ROLES,
        )
        found: Listing | None = self.get_or_none(Listing.create_id(name))
        cases = [c for c in self.readable(found.ids if found else []) if isinstance(c, Case)]
        chosen = [c for c in cases if c.is_closed is closed]
        return sorted(chosen, key=lambda c: c.modified_on, reverse=True)

    def report_case_as(self, actor: Actor, **report: Any) -> Case:
        """A school reports its own cases: the institution must be the actor's own."""
        if not may(actor, SchoolCommand.REPORT) or not same_name(
            report["institution"], actor.organisation
        ):
            raise Forbidden(own_institution_only(actor.organisation), code="OwnInstitutionOnly")
        return self.report_case(**report, actor=actor)

    def read_case_as(self, actor: Actor, case_id: UUID) -> Case:
        case = self._visible_case(actor, case_id, SchoolCommand.READ, record_allowed=True)
        return case

    def command_as(
        self, actor: Actor, case_id: UUID, command: SchoolCommand, run: Callable[[Case], T]
    ) -> Commanded[T]:
        """Run a school command for ``actor`` (own institution only, in a role allowed it);
        the case as stored, and what the command returned (a new id, say)."""
        self._visible_case(actor, case_id, command, record_allowed=False)
        case, result = self.act_with_result(case_id, run)
        return Commanded(case, result)

    def record_underretning_receipt(self, receipt: SignedReceipt) -> Case:
        """The authority's receipt, posted by its case system: recorded once on the case
        of the municipality that signed it. Any other case answers as one that does not
        exist, and so does an erased one: there is nothing left to confirm."""
        actor = Actor.case_system(receipt.municipality)
        case_id = receipt.case_id
        self._visible_case(
            actor,
            case_id,
            "record underretning receipt",
            record_allowed=False,
            permitted=True,
            sees=records_receipt_for,
        )
        confirmed = receipt.confirmed_at
        recorded: Case = self.act(
            case_id, lambda c: c.record_underretning_receipt(confirmed_at=confirmed, actor=actor)
        )
        return recorded

    def today(self) -> date:
        """The day in Denmark: deferrals and agreed updates fall due by Danish dates."""
        return datetime.now(DANISH_TIME).date()

    def may_command(self, actor: Actor, case_id: UUID, command: SchoolCommand) -> None:
        """Refuse (404/403, recorded) before any work is done for a command."""
        self._visible_case(actor, case_id, command, record_allowed=False)

    def due_for_retention(self, now: datetime) -> list[UUID]:
        """Closed cases whose retention period has run out, oldest first."""
        closed = stored_records(self.recorder, topics=[get_topic(Case.Closed)])
        candidates = dict.fromkeys(n.originator_id for page in closed for n in page)
        due = []
        for case_id in candidates:
            case_uuid = UUID(str(case_id))
            if self.erasure(case_uuid) is not None:
                continue
            case = self.get_case(case_uuid)
            closings = [e for e in self.history(case_uuid) if isinstance(e, Case.Closed)]
            if (
                case.outcome is not None
                and closings
                and retention_due(
                    closings[-1].timestamp, case.outcome, self.settings.retention_years, now
                )
            ):
                due.append(case_uuid)
        return due

    def run_retention(self, actor: Actor, now: datetime, *, dry_run: bool) -> list[UUID]:
        """Erase (or, in a dry run, only list) the cases the retention policy says are due:
        those of the data protection officer's own municipality, and no others."""
        self.check_access(
            subject=RETENTION,
            actor=actor,
            action="run retention",
            visible=True,
            permitted=actor.role is Role.DATABESKYTTELSE,
            record_allowed=False,
        )
        municipality = Organisation.municipality(actor.organisation)
        due = [
            case_id
            for case_id in self.due_for_retention(now)
            if Organisation.municipality(self.get_case(case_id).municipality) == municipality
        ]
        if not dry_run:
            for case_id in due:
                case = self.get_case(case_id)
                self._erase(case, f"retention: closed as {case.outcome}, period ended", actor)
        return due

    def erase_as(self, actor: Actor, case_id: UUID, reason: str) -> Erasure:
        """Erase a case (GDPR art. 17, retention): content gone everywhere, the chain intact."""
        case = self._visible_case(actor, case_id, SchoolCommand.ERASURE, record_allowed=False)
        return self._erase(case, reason, actor)

    def _erase(self, case: Case, reason: str, actor: Actor) -> Erasure:
        """Told to whoever could see the case, the municipalities it was shared with too."""
        return self.erase_case(
            case.id,
            reason=reason,
            actor=actor,
            seen_by=case_organisations(case),
            also_for=[municipality_tag(m) for m in case.shared_with],
        )

    def audit_export_as(self, actor: Actor, case_id: UUID, now: datetime) -> AuditExport:
        """Every deed and read of a case, for an auditor of its institution or municipality."""
        self._visible_case(
            actor,
            case_id,
            "audit export",
            record_allowed=False,
            permitted=may_read_audit_export(actor),
        )
        export = export_case(self, case_id, now)
        self.record_access(f"case:{case_id}", actor, "audit export", allowed=True, reason=None)
        return export

    def _visible_case(
        self,
        actor: Actor,
        case_id: UUID,
        action: str,
        *,
        record_allowed: bool,
        permitted: bool | None = None,
        sees: Callable[[Actor, Case], bool] = sees_case,
    ) -> Case:
        """The case, for those of its organisations whose role may do ``action`` (``sees``
        says who may learn that it exists: its own staff, or its municipality's case system).

        Anyone else — another school, another municipality, another kind of
        professional — gets the same 404 for it as for an id that never existed, and the
        same for an erased case; those who could see an erased case get 410.
        """
        self.refuse_if_erased(actor, case_id, action, readers=SCHOOL_RECORD_READERS, what="Case")
        case = self._readable_case(case_id)
        self.check_access(
            subject=f"case:{case_id}",
            actor=actor,
            action=action,
            visible=case is not None and sees(actor, case),
            permitted=may(actor, SchoolCommand(action)) if permitted is None else permitted,
            record_allowed=record_allowed,
            not_found="Case",
        )
        assert case is not None
        return case

    def _readable_case(self, case_id: UUID) -> Case | None:
        """The case, or None for an unknown id, another kind of record or a shredded case."""
        try:
            found = self.get_or_none(case_id)
        except KeyDestroyed:
            return None
        return found if isinstance(found, Case) else None

    def get_case(self, case_id: UUID) -> Case:
        case: Case = self.repository.get(case_id)
        return case

    def notify_police(self, case_id: UUID, actor: Actor) -> tuple[Case, UUID]:
        sent: list[UUID] = []
        case: Case = self.act(case_id, lambda c: sent.append(c.notify_police(actor=actor)))
        return case, sent[-1]

    def on_police_acknowledged(self, event: PoliceNotificationAcknowledgedV1) -> list[Case]:
        case = self.get_case(event.case_id)
        case.record_police_acknowledgement(
            notification_id=event.police_notification_id, actor=event.actor.to_domain()
        )
        return [case]

    async def pseudonym_of(self, national_id: str) -> str:
        """The person's pseudonym under SSP's key (fetched from SSP the first time)."""
        key = await self.transport_keys.for_reading(PSEUDONYM_KEY)
        return pseudonym(key, national_id)

    def on_case_linked(self, event: CaseLinkedV1) -> list[Case]:
        """SSP found the same material at other schools: the case shows how widely."""
        case = self.get_case(event.case_id)
        case.note_linked_to_incident(
            cluster_id=event.cluster_id,
            schools=event.schools,
            municipalities=event.municipalities,
            actor=event.actor.to_domain(),
        )
        return [case]

    def on_case_shared(self, event: CaseSharedV1) -> list[Aggregate]:
        """The case's SSP shared it with another municipality's SSP: that SSP is handed
        the case and its news, and may ask for its key."""
        case = self.get_case(event.case_id)
        case.note_shared_with(municipality=event.municipality, actor=event.actor.to_domain())
        shared = self.listing(SHARED_WITH)
        shared.add(municipality_entry(event.municipality))
        return [case, shared]

    def shares_with(self, serves: ServesV1) -> bool:
        """Whether a case here was ever shared with a municipality ``serves`` names."""
        found: Listing | None = self.get_or_none(Listing.create_id(SHARED_WITH))
        entries = set(found.ids) if found else set()
        return any(municipality_entry(m) in entries for m in serves.municipalities)

    def on_ssp_advice(self, event: SspAdviceGivenV1) -> list[Case]:
        """The SSP consultant gave advice: the card's sparring is done, by them (even on a
        closed case, where it shows as having arrived after closing)."""
        case = self.get_case(event.case_id)
        case.record_ssp_advice(actor=event.actor.to_domain())
        return [case]

    def on_evidence_decision(self, event: EvidenceDecisionV1) -> list[Case]:
        case = self.get_case(event.case_id)
        if event.decision == "hold":
            case.record_evidence_hold(actor=event.actor.to_domain())
        else:
            case.record_evidence_hold_lifted(actor=event.actor.to_domain())
        return [case]
