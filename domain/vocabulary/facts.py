"""Labels of what a case records along the action card (``domain.case_facts``).

The words are the action card's (seed 004): "den krænkede", "kendt/ukendt krænker",
"politianmeldelse", "myndighedsafdelingen", "omgivelserne". The help to those concerned
is worded once, in ``domain.help``'s catalogue, and reused here.
"""

from __future__ import annotations

from domain.case_facts import (
    ActionStep,
    Arrival,
    Audience,
    ComplaintOutcome,
    ConsentGiver,
    DeletionProof,
    EvidenceHold,
    EvidenceHolder,
    EvidenceKind,
    HelpItem,
    InvolvedRole,
    Outcome,
    Referral,
    ReopenReason,
    ReportChannel,
    ReportFiler,
    Spread,
    TakedownOutcome,
)
from domain.commands import Wording
from domain.help import CATALOGUE
from domain.vocabulary.tables import Tables, reused

ACTION_STEPS = {
    ActionStep.VURDER: Wording("Vurder krænkelsen", "Assess"),
    ActionStep.DOKUMENTER: Wording("Dokumenter krænkelsen", "Document"),
    ActionStep.STOP: Wording("Stop krænkelsen", "Stop the offence"),
    ActionStep.ANMELD: Wording("Anmeld krænkelsen", "Report"),
    ActionStep.BEHANDL: Wording("Behandl krænkelsen", "Follow up"),
}

INVOLVED_ROLES = {
    InvolvedRole.VICTIM: Wording("Den krænkede", "Victim"),
    InvolvedRole.KNOWN_OFFENDER: Wording("Kendt krænker", "Known offender"),
    InvolvedRole.UNKNOWN_OFFENDER: Wording("Ukendt krænker", "Unknown offender"),
    InvolvedRole.PASSIVE_SHARER: Wording(
        "Passiv krænker (har delt materialet videre)", "Passive sharer (passed the material on)"
    ),
}

SPREAD = {
    Spread.NOT_SHARED: Wording("Ikke delt", "Not shared"),
    Spread.FEW_PEOPLE: Wording("Delt med få personer", "Shared with a few people"),
    Spread.GROUP_CHAT: Wording("Delt i en gruppechat", "Shared in a group chat"),
    Spread.SCHOOL_WIDE: Wording("Spredt på hele skolen", "Spread across the school"),
    Spread.PUBLIC_ONLINE: Wording("Offentligt tilgængeligt på nettet", "Public online"),
    Spread.UNKNOWN: Wording("Ved ikke endnu", "Not known yet"),
}

EVIDENCE_KINDS = {
    EvidenceKind.SCREENSHOT: Wording("Skærmbillede (screenshot)", "Screenshot"),
    EvidenceKind.RECORDING: Wording("Videooptagelse", "Recording"),
    EvidenceKind.MESSAGE: Wording("Beskeder", "Messages"),
    EvidenceKind.NAMES_OF_INVOLVED: Wording("Navne på de involverede", "Names of those involved"),
}

EVIDENCE_HOLDERS = {
    EvidenceHolder.VICTIM: Wording("Den krænkede", "The victim"),
    EvidenceHolder.PARENTS: Wording("Forældrene", "The parents"),
    EvidenceHolder.POLICE: Wording("Politiet", "The police"),
}

DELETION_PROOFS = {
    DeletionProof.SHOWN_IN_PERSON: Wording("Vist ansigt til ansigt", "Shown in person"),
    DeletionProof.SCREENSHOT_OF_DELETION: Wording(
        "Skærmbillede af sletningen", "Screenshot of the deletion"
    ),
    DeletionProof.WRITTEN_CONFIRMATION: Wording("Skriftlig bekræftelse", "Written confirmation"),
    DeletionProof.NONE: Wording("Intet bevis", "No proof"),
}

TAKEDOWN_OUTCOMES = {
    TakedownOutcome.REMOVED: Wording("Fjernet", "Removed"),
    TakedownOutcome.REFUSED: Wording("Afvist af platformen", "Refused by the platform"),
    TakedownOutcome.PENDING: Wording("Afventer svar", "Awaiting an answer"),
}

REPORT_FILERS = {
    ReportFiler.VICTIM: Wording("Den krænkede", "The victim"),
    ReportFiler.PARENTS: Wording("Forældrene", "The parents"),
    ReportFiler.SCHOOL: Wording("Skolen", "The school"),
}

REPORT_CHANNELS = {
    ReportChannel.STATION: Wording("Fremmøde på politistationen", "At the police station"),
    ReportChannel.PHONE_114: Wording("Telefonisk på 114", "By phone on 114"),
    ReportChannel.ONLINE: Wording("På nettet (politi.dk/anmeld)", "Online (politi.dk/anmeld)"),
}

REFERRALS = {
    Referral.PSYCHOLOGIST: Wording("Psykolog", "Psychologist"),
    Referral.LAWYER: Wording("Advokat", "Lawyer"),
    Referral.RED_BARNET_SLETDET: Wording(
        "Red Barnets SletDet (hjælp til at få materiale slettet)",
        "Red Barnet's SletDet (help to get material removed)",
    ),
    Referral.RED_BARNET_HOTLINE: Wording(
        "Red Barnets hotline, 35 36 55 55 (rådgivning og krisehjælp)",
        "Red Barnet's hotline, +45 35 36 55 55 (advice and crisis help)",
    ),
    Referral.SIKKERCHAT: Wording(
        "Sikkerchat, 29 27 01 01 (for professionelle, der støtter en elev)",
        "Sikkerchat, +45 29 27 01 01 (for professionals supporting a pupil)",
    ),
    Referral.BOERNETELEFONEN: Wording("BørneTelefonen", "BørneTelefonen (children's helpline)"),
    Referral.CYBERHUS: Wording(
        "Cyberhus (rådgivning for børn og unge)", "Cyberhus (counselling for young people)"
    ),
    Referral.CENTER_FOR_SEKSUELLE_OVERGREB: Wording(
        "Center for Seksuelle Overgreb (Rigshospitalet)",
        "Centre for Victims of Sexual Assault (Rigshospitalet)",
    ),
}

AUDIENCES = {
    Audience.CLASS: Wording("Klassen", "The class"),
    Audience.SCHOOL: Wording("Skolen", "The school"),
    Audience.OTHER_PARENTS: Wording("Andre forældre", "Other parents"),
}

CONSENT_GIVERS = {
    ConsentGiver.VICTIM: Wording("Den krænkede", "The victim"),
    ConsentGiver.PARENTS: Wording("Forældrene", "The parents"),
}

OUTCOMES = {
    Outcome.RESOLVED: Wording("Løst på skolen", "Resolved at school"),
    Outcome.TRANSFERRED_TO_POLICE: Wording("Overdraget til politiet", "Transferred to the police"),
    Outcome.TRANSFERRED_TO_AUTHORITY: Wording(
        "Overdraget til myndighedsafdelingen", "Transferred to the municipal authority"
    ),
    Outcome.NO_FURTHER_ACTION: Wording("Ingen yderligere handling", "No further action"),
}

EVIDENCE_HOLDS = {
    EvidenceHold.UNDECIDED: Wording(
        "Afventer politiets afgørelse", "Awaiting the police's decision"
    ),
    EvidenceHold.HELD: Wording(
        "Bevissikring: intet må slettes", "Evidence held: nothing may be deleted"
    ),
    EvidenceHold.RELEASED: Wording(
        "Politiet har afgjort, hvordan materialet må slettes",
        "The police have decided how the material may be deleted",
    ),
}

COMPLAINT_OUTCOMES = {
    ComplaintOutcome.PENDING: Wording(
        "Afventer Datatilsynets afgørelse", "Awaiting Datatilsynet's decision"
    ),
    ComplaintOutcome.UPHELD: Wording(
        "Medhold: platformen skal fjerne materialet",
        "Upheld: the platform must remove the material",
    ),
    ComplaintOutcome.REJECTED: Wording("Klagen fik ikke medhold", "Rejected"),
}

REOPEN_REASONS = {
    ReopenReason.MATERIAL_RESURFACED: Wording(
        "Materialet er dukket op igen", "The material has resurfaced"
    ),
    ReopenReason.NEW_FACTS: Wording("Nye oplysninger i sagen", "New information"),
    ReopenReason.NEW_OFFENCE: Wording(
        "En ny krænkelse af den krænkede", "A new offence against the victim"
    ),
    ReopenReason.OTHER: Wording("Anden årsag", "Other reason"),
}

ARRIVALS = {
    Arrival.POLICE_ACKNOWLEDGED: Wording(
        "Politiet har kvitteret for orienteringen", "The police acknowledged the notification"
    ),
    Arrival.EVIDENCE_HELD: Wording(
        "Politiet sikrer beviser: intet må slettes",
        "The police are securing evidence: nothing may be deleted",
    ),
    Arrival.EVIDENCE_RELEASED: Wording(
        "Politiet har afgjort, hvordan materialet må slettes",
        "The police have decided how the material may be deleted",
    ),
    Arrival.LINKED_TO_INCIDENT: Wording(
        "Samme materiale er fundet i andre skolers sager",
        "The same material was found in other schools' cases",
    ),
    Arrival.SSP_ADVICE: Wording("Rådgivning fra SSP-konsulenten", "Advice from the SSP consultant"),
}

HELP_ITEMS = {help.item: reused(help.label_da, help.label_en) for help in CATALOGUE}
"""As the catalogue words each kind of help (its wording at a given level stays there)."""

TABLES: Tables = {
    ActionStep: ACTION_STEPS,
    InvolvedRole: INVOLVED_ROLES,
    Spread: SPREAD,
    EvidenceKind: EVIDENCE_KINDS,
    EvidenceHolder: EVIDENCE_HOLDERS,
    DeletionProof: DELETION_PROOFS,
    TakedownOutcome: TAKEDOWN_OUTCOMES,
    ReportFiler: REPORT_FILERS,
    ReportChannel: REPORT_CHANNELS,
    Referral: REFERRALS,
    Audience: AUDIENCES,
    ConsentGiver: CONSENT_GIVERS,
    Outcome: OUTCOMES,
    EvidenceHold: EVIDENCE_HOLDS,
    ComplaintOutcome: COMPLAINT_OUTCOMES,
    ReopenReason: REOPEN_REASONS,
    Arrival: ARRIVALS,
    HelpItem: HELP_ITEMS,
}
