"""SSP's HTTP API: the municipality overview of school cases."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path
from pydantic import BaseModel

from domain.case_facts import Outcome
from domain.coordination import SspCaseFile
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Track
from domain.offences import OffenceCategory
from services.kit.http import ActingProfessional
from services.kit.views import ActorView, PageInfo, PageLimit, PageOffset
from services.ssp.application import SspApplication


class CaseSummary(BaseModel):
    case_id: UUID
    institution: str
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool
    reported_at: datetime
    reported_by: ActorView
    parents_informed_at: datetime | None
    takedowns_requested: list[str]
    police_notified_at: datetime | None
    level: Level | None
    context: Context | None
    track: Track | None
    parents_involvement_deferred: bool
    """The school used the value-jump rule (værdispringsreglen); the reason stays there."""
    cooperation_with: list[str]
    closed: bool
    outcome: Outcome | None


class MunicipalityOverview(BaseModel):
    municipality: str
    page: PageInfo
    cases: list[CaseSummary]


def summary(case_file: SspCaseFile) -> CaseSummary:
    return CaseSummary(
        case_id=case_file.case_id,
        institution=case_file.institution,
        police_district=case_file.police_district,
        offence_category=case_file.offence_category,
        victim_is_minor=case_file.victim_is_minor,
        reported_at=case_file.reported_at,
        reported_by=ActorView.of(case_file.reported_by),
        parents_informed_at=case_file.parents_informed_at,
        takedowns_requested=case_file.takedowns_requested,
        police_notified_at=case_file.police_notified_at,
        level=case_file.level,
        context=case_file.context,
        track=case_file.track,
        parents_involvement_deferred=case_file.parents_involvement_deferred,
        cooperation_with=case_file.cooperation_with,
        closed=case_file.outcome is not None,
        outcome=case_file.outcome,
    )


def routes(app: SspApplication) -> APIRouter:
    router = APIRouter(tags=["overview"])

    @router.get(
        "/municipalities/{municipality}/overview",
        summary="The school cases of a municipality, newest first, for coordination (Samarbejd)",
    )
    def overview(
        municipality: Annotated[str, Path(min_length=1, max_length=100)],
        actor: ActingProfessional,
        offset: PageOffset = 0,
        limit: PageLimit = 50,
    ) -> MunicipalityOverview:
        page = app.overview_as(actor, municipality, offset=offset, limit=limit)
        return MunicipalityOverview(
            municipality=municipality,
            page=PageInfo(total=page.total, offset=offset, limit=limit),
            cases=[summary(f) for f in page.items],
        )

    return router
