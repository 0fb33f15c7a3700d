"""The deadlines of a case, as a professional reads them."""

from __future__ import annotations

from domain.commands import Wording
from domain.deadlines.clock import Standing, Tell
from domain.deadlines.kinds import DeadlineKind
from domain.vocabulary.tables import Tables

DEADLINE_KINDS = {
    DeadlineKind.PARENTS_INFORMED: Wording(
        "Forældrene informeres hurtigst muligt", "The parents informed as soon as possible"
    ),
    DeadlineKind.DEFERRAL_REASSESSED: Wording(
        "Udskydelsen efter værdispringsreglen genvurderes",
        "The value-jump deferral reassessed",
    ),
    DeadlineKind.POLICE_ACKNOWLEDGED: Wording(
        "Politiet kvitterer for orienteringen", "The police acknowledge the notification"
    ),
    DeadlineKind.EVIDENCE_DECIDED: Wording(
        "Politiet træffer afgørelse om bevissikring", "The police decide on the evidence"
    ),
    DeadlineKind.TAKEDOWN_ANSWERED: Wording(
        "Platformen svarer på anmodningen om fjernelse",
        "The platform answers the takedown request",
    ),
    DeadlineKind.COMPLAINT_FILED: Wording(
        "Klage til Datatilsynet efter platformens afslag",
        "Complaint to Datatilsynet after the platform refused",
    ),
    DeadlineKind.PARENTS_UPDATED: Wording(
        "Forældrene opdateres som aftalt", "The parents updated as agreed"
    ),
    DeadlineKind.UNDERRETNING_RECEIVED: Wording(
        "Myndighedsafdelingen kvitterer for underretningen",
        "The municipal authority confirms the underretning's receipt",
    ),
}

STANDINGS = {
    Standing.OPEN: Wording("Åben", "Open"),
    Standing.MET: Wording("Overholdt", "Met"),
    Standing.LIFTED: Wording("Bortfaldet", "No longer applies"),
}

TELL = {
    Tell.RESPONSIBLE: Wording("Den ansvarlige", "The person responsible"),
    Tell.MANAGEMENT: Wording("Skolens ledelse", "The school's management"),
    Tell.POLICE_LEAD: Wording("Politikredsens SSP-leder", "The police district's liaison lead"),
    Tell.SSP: Wording("Kommunens SSP-konsulent", "The municipality's SSP consultant"),
}

TABLES: Tables = {DeadlineKind: DEADLINE_KINDS, Standing: STANDINGS, Tell: TELL}
