"""SSP keeps a file per school case in the municipalities it serves."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from eventsourcing.domain import Aggregate

from contracts.case_events import (
    CaseAssessedV1,
    CaseClosedV1,
    CaseErasedV1,
    CaseReopenedV1,
    CaseReportedV1,
    CooperationRequestedV1,
    ParentsInformedV1,
    ParentsInvolvementDeferredV1,
    PoliceNotifiedV1,
    TakedownRequestedV1,
)
from contracts.envelope import IntegrationEvent
from domain.access import sees_municipality
from domain.actors import Actor
from domain.coordination import SspCaseFile
from domain.errors import CaseErased
from domain.handling_model import Level
from infra.settings import Settings
from services.kit.application import Page, ServiceApplication


def overview_name(municipality: str) -> str:
    return f"municipality:{municipality.strip().casefold()}"


class SspApplication(ServiceApplication):
    name = "ssp"

    def __init__(self, env: dict[str, str], settings: Settings) -> None:
        super().__init__(env, settings)
        self.municipalities = {m.strip().casefold() for m in settings.ssp_municipalities}

    def serves(self, municipality: str) -> bool:
        return not self.municipalities or municipality.strip().casefold() in self.municipalities

    def overview(self, municipality: str, *, offset: int = 0, limit: int = 50) -> Page:
        """The municipality's case files (``SspCaseFile``), newest first."""
        return self.listed(overview_name(municipality), offset=offset, limit=limit)

    def overview_as(
        self, actor: Actor, municipality: str, *, offset: int = 0, limit: int = 50
    ) -> Page:
        """The overview, for the municipality's own SSP consultant only."""
        return self.listed_as(
            actor,
            overview_name(municipality),
            action="read overview",
            visible=sees_municipality(actor, municipality),
            offset=offset,
            limit=limit,
        )

    def on_case_reported(self, event: CaseReportedV1) -> list[Aggregate]:
        if not self.serves(event.municipality):
            return []
        case_file = SspCaseFile(
            case_id=event.case_id,
            institution=event.institution,
            municipality=event.municipality,
            police_district=event.police_district,
            offence_category=event.offence_category,
            victim_is_minor=event.victim_is_minor,
            reported_at=event.occurred_at,
            reported_by=event.actor.to_domain(),
        )
        overview = self.listing(overview_name(event.municipality))
        overview.add(case_file.id)
        return [case_file, overview]

    def _case_file(
        self, event: ParentsInformedV1 | TakedownRequestedV1 | PoliceNotifiedV1
    ) -> SspCaseFile | None:
        """None for cases outside the municipalities this service serves."""
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        return case_file

    def _note(
        self, event: IntegrationEvent, note: Callable[[SspCaseFile], object]
    ) -> list[Aggregate]:
        """Apply ``note`` to the case's file; cases outside this SSP's municipalities have none."""
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is None:
            return []
        note(case_file)
        return [case_file]

    def on_parents_informed(self, event: ParentsInformedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_parents_informed(at=event.occurred_at, by=by))

    def on_takedown_requested(self, event: TakedownRequestedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(
            event,
            lambda f: f.note_takedown_requested(
                platform=event.platform, at=event.occurred_at, by=by
            ),
        )

    def on_police_notified(self, event: PoliceNotifiedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_police_notified(at=event.occurred_at, by=by))

    def on_assessed(self, event: CaseAssessedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(
            event,
            lambda f: f.note_assessed(
                level=Level(event.level), context=event.context, track=event.track, by=by
            ),
        )

    def on_parents_involvement_deferred(
        self, event: ParentsInvolvementDeferredV1
    ) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_parents_involvement_deferred(by=by))

    def on_cooperation_requested(self, event: CooperationRequestedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(
            event, lambda f: f.note_cooperation_requested(schools=event.schools, by=by)
        )

    def on_closed(self, event: CaseClosedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_closed(outcome=event.outcome, by=by))

    def on_case_erased(self, event: CaseErasedV1) -> list[Aggregate]:
        """Take the case out of the overview, then destroy its key here too."""
        if self.erasure(event.case_id) is None and self.get_or_none(event.case_id) is None:
            return []  # a case of another municipality: nothing of it is here
        before: list[Aggregate] = []
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is not None:
            overview = self.listing(overview_name(case_file.municipality))
            overview.remove(case_file.id)
            before.append(overview)
        with contextlib.suppress(CaseErased):  # a redelivery finds it done
            self.erase_case(
                event.case_id,
                reason="erased by the school",
                actor=event.actor.to_domain(),
                before=before,
            )
        return []

    def on_reopened(self, event: CaseReopenedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_reopened(by=by))
