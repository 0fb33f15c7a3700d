"""What SSP's console calls things: form fields and link statuses.

The API's request models name their fields in English code; a form shows these labels
instead. Why a link was made is said in Danish by ``domain.vocabulary.reasons``.
"""

from __future__ import annotations

from pydantic import BaseModel

from domain.commands import Wording
from domain.vocabulary import label
from services.kit.console.forms import FormWords
from services.ssp import api
from services.ssp.action_plan_api import AnswerGiven

FIELD_LABELS: dict[tuple[type[BaseModel], str], Wording] = {
    (api.TakeCoordinationStep, "step"): Wording("Hvad er gjort?", "What was done"),
    (api.TakeCoordinationStep, "counterpart"): Wording(
        "Med hvem (skole, SSP-team eller politienhed)",
        "With whom (school, SSP team or police unit)",
    ),
    (api.TakeCoordinationStep, "note"): Wording("Hvad blev aftalt?", "What was agreed"),
    (api.ShareWith, "municipality"): Wording("Kommune", "Municipality"),
    (api.Dismissal, "reason"): Wording("Hvorfor er forbindelsen forkert?", "Why the link is wrong"),
    (AnswerGiven, "yes"): Wording("Ja", "Yes"),
    (AnswerGiven, "note"): Wording("Hvad ligger bag svaret?", "What lies behind the answer"),
}
FIELD_HINTS: dict[tuple[type[BaseModel], str], Wording] = {
    (api.TakeCoordinationStep, "note"): Wording(
        "Skriv ikke børns navne.", "Do not write children's names."
    ),
    (api.ShareWith, "municipality"): Wording(
        "Kommunens SSP-team ser derefter sagen i sin oversigt og kan koordinere med.",
        "That municipality's SSP team then sees the case in its overview and can coordinate.",
    ),
    (AnswerGiven, "yes"): Wording(
        "Sæt kryds for ja; uden kryds er svaret nej.", "Tick for yes; unticked, the answer is no."
    ),
    (AnswerGiven, "note"): Wording("Skriv ikke navne.", "Do not write names."),
    (api.Dismissal, "reason"): Wording(
        "En sag, der kun var med i klyngen ved denne forbindelse, forlader klyngen.",
        "A case held in the cluster only by this link leaves the cluster.",
    ),
}


def words_for(model: type[BaseModel]) -> FormWords:
    """A form's labels and hints, as the fields are named in this request model."""

    def field(name: str) -> Wording:
        return FIELD_LABELS.get((model, name), Wording(name, name))

    return FormWords(field=field, choice=label, hint=lambda name: FIELD_HINTS.get((model, name)))


LINK_STATUSES: dict[str, Wording] = {
    "proposed": Wording("Foreslået – afventer afgørelse", "Proposed – awaiting a decision"),
    "confirmed": Wording("Bekræftet", "Confirmed"),
    "dismissed": Wording("Afvist", "Dismissed"),
}


def link_status(status: str) -> Wording:
    return LINK_STATUSES.get(status, Wording(status, status))
