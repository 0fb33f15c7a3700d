"""Where the municipal authority's case system records its receipt of an underretning.

No professional signs in here: the receipt is its own credential, a JWT signed by the
case system of the case's municipality (``infra.case_systems``). It answers only for
that municipality's cases: any other case id is not found, as if it did not exist.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import structlog
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from domain.commands import Wording
from domain.references import case_reference
from infra.case_systems import CaseSystems, ReceiptRefused
from services.kit.http import refusal
from services.school.application import SchoolApplication

log = structlog.get_logger(__name__)

RECEIPT_REFUSED = Wording(
    "Kvitteringen blev afvist: den er ikke gyldigt underskrevet af et sagssystem, som "
    "Samspil kender (udstedt af kommunen, til Samspil, med kort levetid).",
    "The receipt was refused: it is not validly signed by a case system Samspil knows "
    "(issued by the municipality, for Samspil, with a short lifetime).",
)


class ReceiptPosted(BaseModel):
    model_config = ConfigDict(extra="forbid")

    receipt: str = Field(
        min_length=1,
        description="The receipt: a JWT signed by the municipality's case system "
        "(iss: the municipality, aud: samspil:underretning-receipt, sub: the case id).",
    )


class ReceiptRecorded(BaseModel):
    case_id: UUID
    case_reference: str
    confirmed_at: datetime
    """When the authority signed the receipt."""
    recorded_at: datetime
    """When Samspil recorded it: what meets the case's deadline."""


def receipt_routes(app: SchoolApplication) -> APIRouter:
    router = APIRouter(tags=["municipal case systems"])
    case_systems = CaseSystems(app.settings)

    @router.post(
        "/integrations/underretning-receipts",
        summary="The municipal authority confirms it received a case's underretning",
        response_model=ReceiptRecorded,
        responses={401: {"description": "Not a receipt signed by a known case system"}},
    )
    async def record(request: Request, posted: ReceiptPosted) -> ReceiptRecorded | JSONResponse:
        try:
            receipt = case_systems.verify(posted.receipt)
        except ReceiptRefused as error:
            log.warning("receipt.refused", reason=error.kind)
            return refusal(request, 401, "ReceiptRefused", RECEIPT_REFUSED)
        case = await run_in_threadpool(app.record_underretning_receipt, receipt)
        assert case.underretning_receipt is not None and case.underretning_confirmed_at
        return ReceiptRecorded(
            case_id=case.id,
            case_reference=case_reference(case.id),
            confirmed_at=case.underretning_confirmed_at,
            recorded_at=case.underretning_receipt.at,
        )

    return router
