"""SSP keeps a file per school case in the municipalities it serves."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from contracts.case_events import (
    CaseReportedV1,
    ParentsInformedV1,
    PoliceNotifiedV1,
    TakedownRequestedV1,
)
from domain.coordination import SspCaseFile
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

    def on_parents_informed(self, event: ParentsInformedV1) -> list[Aggregate]:
        case_file = self._case_file(event)
        if case_file is None:
            return []
        case_file.note_parents_informed(at=event.occurred_at, by=event.actor.to_domain())
        return [case_file]

    def on_takedown_requested(self, event: TakedownRequestedV1) -> list[Aggregate]:
        case_file = self._case_file(event)
        if case_file is None:
            return []
        case_file.note_takedown_requested(
            platform=event.platform, at=event.occurred_at, by=event.actor.to_domain()
        )
        return [case_file]

    def on_police_notified(self, event: PoliceNotifiedV1) -> list[Aggregate]:
        case_file = self._case_file(event)
        if case_file is None:
            return []
        case_file.note_police_notified(at=event.occurred_at, by=event.actor.to_domain())
        return [case_file]
