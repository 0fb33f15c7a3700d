"""What each field of the school's requests is called on a form, in Danish and English.

``FIELD_LABELS`` names every field of every model in ``services.school.requests`` by
its field name, in the action card's words (seed 004). A few names mean something
different in different requests (the ``reason`` to override a level is not the reason
to defer the parents); ``FIELD_LABELS_IN`` says those per model, and ``field_label``
prefers it. ``FIELD_HINTS`` is the help below a field where the API's description says
something a professional needs to know while filling it in.
"""

from __future__ import annotations

from domain.commands import Wording

FIELD_LABELS: dict[str, Wording] = {
    "person_id": Wording("Kollega", "Colleague"),
    # ReportCase
    "institution": Wording("Skole eller uddannelsesinstitution", "School or institution"),
    "municipality": Wording("Kommune", "Municipality"),
    "police_district": Wording("Politikreds", "Police district"),
    "offence_category": Wording("Type af krænkelse", "Kind of offence"),
    "victim_is_minor": Wording("Den krænkede er under 18 år", "The victim is under 18"),
    "description": Wording("Beskrivelse", "Description"),
    # Involved, NamePerson
    "role": Wording("Rolle i sagen", "Role in the case"),
    "is_minor": Wording("Under 18 år", "Under 18"),
    "same_school": Wording(
        "Går på samme skole som den krænkede", "Attends the same school as the victim"
    ),
    "national_id": Wording("CPR-nummer", "CPR number"),
    # UncoverFacts (Afdæk)
    "involved": Wording("Involverede", "People involved"),
    "what_happened": Wording("Hvad er der sket?", "What happened"),
    "where": Wording("Hvor er det sket?", "Where it happened"),
    "spread": Wording("Hvor langt er delingen nået ud?", "How far the sharing has spread"),
    "victim_age": Wording("Den krænkedes alder", "The victim's age"),
    # Assess (Vurder)
    "material": Wording("Hvad viser materialet?", "What the material shows"),
    "reaction": Wording("Hvordan reagerer den krænkede?", "How the victim reacts"),
    "context": Wording("Kontekst", "Context"),
    "provisions": Wording(
        "Bestemmelser i straffeloven, der kan være overtrådt",
        "Criminal Code provisions that may apply",
    ),
    "track": Wording(
        "Politisag, underretning eller pædagogisk håndtering",
        "Police case, underretning or pedagogical handling",
    ),
    "level": Wording("Niveau", "Level"),
    "reason": Wording("Begrundelse", "Reason"),
    # DeferInformingParents (værdispringsreglen)
    "reassess_by": Wording("Genvurderes senest", "Reassess by"),
    # DocumentEvidence (Gem)
    "kind": Wording("Type", "Kind"),
    "held_by": Wording("Hvem har dokumentationen?", "Who keeps the evidence"),
    "captured_at": Wording("Hvornår er det gemt?", "When it was captured"),
    # LogbookEntry (Noter: hvem, hvad, hvor og hvornår)
    "who": Wording("Hvem", "Who"),
    "what": Wording("Hvad", "What"),
    "when": Wording("Hvornår", "When"),
    # Stop krænkelsen
    "offender_parents_contacted": Wording(
        "Krænkerens forældre er kontaktet", "The offender's parents were contacted"
    ),
    "before_parents_because": Wording(
        "Hvorfor kan dette ikke vente, til forældrene er inddraget?",
        "Why this cannot wait until the parents are involved",
    ),
    "from_whom": Wording("Hvem er bedt om at slette materialet?", "Who is asked to delete it"),
    "request_id": Wording("Anmodningen om sletning", "The deletion request"),
    "proof": Wording("Bevis for sletningen", "Proof of deletion"),
    "shared_with_count": Wording(
        "Antal personer, materialet er delt med", "Number of people it was shared with"
    ),
    "platform": Wording("Platform (fx Snapchat)", "Platform (e.g. Snapchat)"),
    "outcome": Wording("Udfald", "Outcome"),
    "schools": Wording("Skoler, der skal samarbejdes med", "Schools to cooperate with"),
    # RecordFingerprints, FingerprintIn
    "fingerprints": Wording("Fingeraftryk af materialet", "Fingerprints of the material"),
    "value": Wording("Fingeraftryk (hexadecimalt)", "Hash (hexadecimal)"),
    # Anmeld krænkelsen
    "filed_by": Wording("Hvem har anmeldt?", "Filed by"),
    "provision": Wording("Bestemmelse i straffeloven", "Criminal Code provision"),
    "channel": Wording("Hvordan er der anmeldt?", "How it was reported"),
    # Behandl krænkelsen
    "note": Wording("Notat", "Note"),
    "to": Wording("Henvis til", "Refer to"),
    "given_by": Wording("Samtykke givet af", "Consent given by"),
    "audience": Wording("Hvem orienteres?", "Who is told"),
    "item": Wording("Hjælp", "Help"),
    "every_days": Wording("Opdatering hver (antal dage)", "Update every (days)"),
    # Reopen
    "because": Wording("Hvorfor genåbnes sagen?", "Why the case is reopened"),
}
"""Every field name of the school's requests."""

FIELD_LABELS_IN: dict[tuple[str, str], Wording] = {
    ("ReportCase", "description"): Wording(
        "Kort beskrivelse af, hvad der er sket", "A short description of what happened"
    ),
    ("Involved", "description"): Wording("Hvem (uden navn)", "Who (without a name)"),
    ("AdultVictimChoice", "involved"): Wording(
        "Hvem vil den krænkede inddrage?", "Whom the victim wants involved"
    ),
    ("Assess", "reason"): Wording(
        "Begrundelse for at ændre det foreslåede niveau", "Why you change the suggested level"
    ),
    ("DeferInformingParents", "reason"): Wording(
        "Hvorfor informeres forældrene ikke endnu?", "Why the parents are not told yet"
    ),
    ("Close", "reason"): Wording(
        "Hvorfor lades de åbne trin stå?", "Why the open steps are left open"
    ),
    ("Reopen", "reason"): Wording("Begrundelse for genåbningen", "Reason for reopening"),
    ("Erase", "reason"): Wording("Begrundelse for sletningen", "Reason for the erasure"),
    ("Close", "outcome"): Wording("Hvordan endte sagen?", "How the case ended"),
    ("ComplaintDecision", "outcome"): Wording("Datatilsynets afgørelse", "Datatilsynet's decision"),
    ("TakedownResult", "outcome"): Wording("Platformens svar", "The platform's answer"),
    ("DocumentEvidence", "kind"): Wording("Type af dokumentation", "Kind of evidence"),
    ("FingerprintIn", "kind"): Wording("Type af fingeraftryk", "Kind of fingerprint"),
    ("LogbookEntry", "where"): Wording("Hvor", "Where"),
    ("GiveHelp", "item"): Wording("Hvilken hjælp er givet?", "Which help was given"),
    ("Assign", "item"): Wording("Punkt på handlekortet", "Item of the action card"),
}
"""Where one field name means something particular in one request."""

FIELD_HINTS: dict[str, Wording] = {
    "municipality": Wording(
        "En af Danmarks 98 kommuner, med eller uden »Kommune«.",
        "One of Denmark's 98 municipalities, with or without 'Kommune'.",
    ),
    "police_district": Wording(
        "Lad feltet stå tomt for at bruge kommunens politikreds.",
        "Leave empty to use the municipality's police district.",
    ),
    "victim_is_minor": Wording(
        "Er den krænkede under 18 år, inddrages forældrene som udgangspunkt hurtigst muligt.",
        "If the victim is under 18, the parents are as a rule involved as soon as possible.",
    ),
    "same_school": Wording(
        "Går den krænkede og krænkeren på samme skole, kan det kræve særlige tiltag.",
        "Victim and offender at the same school may call for special measures.",
    ),
    "level": Wording(
        "Lad feltet stå tomt for at bekræfte det foreslåede niveau.",
        "Leave empty to confirm the suggested level.",
    ),
    "reassess_by": Wording(
        "Senest denne dato vurderes det igen, om forældrene skal informeres.",
        "By this date, whether to tell the parents is weighed again.",
    ),
    "held_by": Wording(
        "Aldrig skolen: kun politiet må gemme materialet, ikke andre professionelle.",
        "Never the school: only the police may keep the material, no other professional.",
    ),
    "before_parents_because": Wording(
        "Skal udfyldes, indtil forældrene er inddraget, eller værdispringsreglen er brugt.",
        "Required until the parents are involved, or the value-jump rule is recorded.",
    ),
    "request_id": Wording(
        "Den anmodning om sletning, som bekræftes.", "The deletion request this confirms."
    ),
    "value": Wording(
        "64 hexadecimale cifre for pdq og sha256, 32 for md5.",
        "64 hexadecimal digits for pdq and sha256, 32 for md5.",
    ),
    "fingerprints": Wording(
        "Beregnes på den enhed, hvor materialet er; selve materialet sendes aldrig.",
        "Computed on the device where the material is; the material itself is never sent.",
    ),
    "national_id": Wording(
        "DDMMÅÅ-XXXX. Bruges kun til at beregne et pseudonym og gemmes aldrig.",
        "DDMMYY-XXXX. Used only to compute a pseudonym; never kept.",
    ),
    "because": Wording(
        "Afgør, hvilke trin der skal gøres igen.", "Decides which steps are due again."
    ),
    "every_days": Wording(
        "Hvor ofte skole og hjem holder hinanden opdateret om sagen (1-90 dage).",
        "How often school and home update each other about the case (1-90 days).",
    ),
}
"""Help below a field, by field name."""

FIELD_HINTS_IN: dict[tuple[str, str], Wording] = {
    ("ReportCase", "description"): Wording(
        "Beskriv med ord. Upload aldrig billeder eller video.",
        "Describe it in words. Never upload images or video.",
    ),
    ("Involved", "description"): Wording(
        "Uden navn, fx »klassekammerat i 8.b«.", "Without a name, e.g. 'classmate in 8.b'."
    ),
    ("Assess", "reason"): Wording(
        "Skal udfyldes, hvis du ændrer det foreslåede niveau.",
        "Required when you change the suggested level.",
    ),
    ("Close", "reason"): Wording(
        "Skal udfyldes, hvis der stadig er trin, der skal gøres.",
        "Required when steps are still due.",
    ),
    ("Erase", "reason"): Wording(
        "Uden personoplysninger, fx »anmodning efter GDPR art. 17, 2026-41«.",
        "Without personal data, e.g. 'GDPR art. 17 request 2026-41'.",
    ),
    ("FingerprintIn", "kind"): Wording(
        "pdq for et billede, md5 for en video, sha256 for enhver fil.",
        "pdq for an image, md5 for a video, sha256 for any file.",
    ),
}
"""Help below a field that says something particular in one request."""


def field_label(model: type, name: str) -> Wording:
    """The label of field ``name`` of request ``model``: its own, or the field name's."""
    return FIELD_LABELS_IN.get((model.__name__, name)) or FIELD_LABELS[name]


def field_hint(model: type, name: str) -> Wording | None:
    """The help below field ``name`` of request ``model``, if it needs any."""
    return FIELD_HINTS_IN.get((model.__name__, name)) or FIELD_HINTS.get(name)
