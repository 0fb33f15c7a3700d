"""Named domain errors: each says in plain words, in English and Danish, which rule a
command broke.

The pattern every error class follows (new ones go at the end of this file):

- Subclass ``DomainError`` and call ``super().__init__(english, danish)``. The Danish is
  written for a teacher, in the terms of the action card (seed 004): den krænkede,
  forældrene, ledelsen, værdispringsreglen, underretning, politianmeldelse. The English
  is what ``str(error)`` gives.
- ``code`` is the class name and is what clients match on (``error`` in a 409 answer):
  it never changes. A renamed class keeps its old code:
  ``class NewName(DomainError, code="OldName")``.
- A phrase the caller passes in English (``what``, ``detail``) is put into Danish by
  ``danish_phrase``: pass the Danish beside it (``what_da=``), or add the phrase to
  ``DANISH_PHRASES``. An unknown phrase is left out of the Danish rather than quoted in
  English.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import ClassVar


class DomainError(Exception):
    """A command was refused because it would break a rule of the handling model."""

    code: ClassVar[str] = "DomainError"
    """Stable and machine-readable: the class name, unless the class names another."""

    def __init_subclass__(cls, code: str | None = None, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = code or cls.__name__

    def __init__(self, message_en: str, message_da: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_da = message_da


DANISH_PHRASES: dict[str, str] = {
    "This step": "Dette trin",
    "Not informing the parents (værdispringsreglen)": (
        "At udskyde inddragelsen af forældrene (værdispringsreglen)"
    ),
    "An underretning": "En underretning",
    "Reopening a case": "At genåbne en sag",
    "Closing the case": "At afslutte sagen",
    "Informing the parents as a step of the card": (
        "At informere forældrene som et trin på actioncardet"
    ),
    "The value-jump rule": "Værdispringsreglen",
    "The victim's own choice of whom to involve": "Den krænkedes eget valg af, hvem der inddrages",
    "The parents' consent": "Forældrenes samtykke",
    "Agreeing updates with the parents": "At aftale opdateringer med forældrene",
    "Updating the parents": "At opdatere forældrene",
    "A referral": "En henvisning",
    "A referral to a psychologist, lawyer or centre": (
        "En henvisning til psykolog, advokat eller center"
    ),
    "Conflict mediation": "Konfliktmægling",
    "A consent to tell the surroundings": "Et samtykke til at orientere omgivelserne",
    "Telling the surroundings": "At orientere omgivelserne",
    "Contacting the offender": "Kontakt til krænkeren",
    "A deletion request": "En anmodning om sletning",
    "Confirming a deletion": "At bekræfte en sletning",
    "A takedown request": "En anmodning til en platform om at fjerne materialet",
    "a minor": "under 18 år",
    "an adult": "fyldt 18 år",
    "the police have an evidence hold in place": "politiet har sikret materialet som bevis",
    "the police have not yet made an evidence decision": (
        "politiet har endnu ikke besluttet, om materialet skal sikres som bevis"
    ),
    "The police's evidence hold is already in place.": (
        "Politiets bevissikring er allerede registreret."
    ),
    "The police have already released the material for deletion.": (
        "Politiet har allerede frigivet materialet til sletning."
    ),
    "An evidence hold is already in place for this case.": (
        "Der er allerede registreret bevissikring på denne sag."
    ),
    "The material is already released for deletion.": (
        "Materialet er allerede frigivet til sletning."
    ),
    "the victim": "den krænkede",
    "the parents": "forældrene",
    "class": "klassen",
    "school": "skolen",
    "other_parents": "andre forældre",
}
"""The Danish of each phrase a caller passes in English."""

_PATTERNS_DA: dict[re.Pattern[str], str] = {
    re.compile(r"Choosing level (\d) instead of the suggested (\d)"): (
        r"At vælge niveau \1 i stedet for det foreslåede niveau \2"
    ),
    re.compile(r"Closing with steps still due \((.*)\)"): (
        r"At afslutte sagen, mens der stadig er trin, der skal gøres (\1)"
    ),
}
"""Phrases that carry a value, and their Danish."""

_MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def danish_phrase(english: str, given: str | None = None) -> str | None:
    """The Danish of a phrase a caller passed in English: ``given``, or a known one."""
    if given:
        return given
    for pattern, danish in _PATTERNS_DA.items():
        found = pattern.fullmatch(english)
        if found:
            return found.expand(danish)
    return DANISH_PHRASES.get(english)


def danish_moment(iso: str) -> str:
    """An ISO time as a Danish reader writes it: "14. marts 2026 kl. 09.15 (UTC)"."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    month = _MONTHS_DA[moment.month - 1]
    return f"{moment.day}. {month} {moment.year} kl. {moment:%H.%M} (UTC)"


class ParentsAlreadyInformed(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "The parents are already recorded as informed on this case.",
            "Det er allerede registreret på sagen, at forældrene er informeret.",
        )


class UnknownPoliceNotification(DomainError):
    def __init__(self, notification_id: object) -> None:
        super().__init__(
            f"This case has no police notification with id {notification_id}.",
            f"Sagen har ingen orientering af politiet med id {notification_id}.",
        )


class PoliceNotificationAlreadyAcknowledged(DomainError):
    def __init__(self, notification_id: object) -> None:
        super().__init__(
            f"Police notification {notification_id} has already been acknowledged.",
            f"Politiet har allerede kvitteret for orienteringen med id {notification_id}.",
        )


class CaseIsClosed(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "The case is closed. Reopen it (with a reason) before recording more.",
            "Sagen er afsluttet. Genåbn den (med en begrundelse), før du registrerer mere.",
        )


class CaseIsOpen(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "The case is open; only a closed case can be reopened.",
            "Sagen er ikke afsluttet; kun en afsluttet sag kan genåbnes.",
        )


class ReasonRequired(DomainError):
    def __init__(self, what: str, *, what_da: str | None = None) -> None:
        danish = danish_phrase(what, what_da)
        super().__init__(
            f"{what} requires a reason.",
            f"{danish} kræver en begrundelse." if danish else "Skriv en begrundelse.",
        )


class ParentsNotInvolved(DomainError):
    """Rule 4: steps with the family, and closing, wait for a minor's parents to be
    involved (or the value-jump rule); Stop may go first with a recorded reason."""

    def __init__(
        self, what: str = "This step", *, may_go_first: bool = False, what_da: str | None = None
    ) -> None:
        first = (
            " It may come first if you record why it cannot wait."
            if may_go_first
            else ""
        )
        first_da = " Det kan komme først, hvis du skriver, hvorfor det ikke kan vente."
        super().__init__(
            f"{what} waits until the parents of the minor are informed, or until you record "
            "why they are not yet informed (værdispringsreglen, Forvaltningsloven §28)."
            + first,
            f"{danish_phrase(what, what_da) or 'Dette trin'} venter, til forældrene til den "
            "krænkede er informeret, eller til du har registreret, hvorfor de endnu ikke er "
            "informeret (værdispringsreglen, forvaltningslovens §28)."
            + (first_da if may_go_first else ""),
        )


class NotForThisVictim(DomainError):
    def __init__(self, what: str, victim: str, *, what_da: str | None = None) -> None:
        danish, victim_da = danish_phrase(what, what_da) or "Dette trin", danish_phrase(victim)
        super().__init__(
            f"{what} applies only when the victim is {victim}.",
            f"{danish} gælder kun, når den krænkede er {victim_da}."
            if victim_da
            else f"{danish} gælder ikke for denne krænkede.",
        )


class WaitingForPolice(DomainError):
    """Rule 2: at level 3 and 4 the police decide how material is deleted (bevissikring)."""

    def __init__(self, level: int, detail: str, *, detail_da: str | None = None) -> None:
        danish = danish_phrase(detail, detail_da)
        super().__init__(
            f"At level {level} the police decide how and when material is deleted, so "
            f"evidence is kept: {detail}. No takedown or deletion request until then.",
            f"På niveau {level} beslutter politiet, hvordan og hvornår materialet slettes, så "
            f"beviserne bevares{': ' + danish if danish else ''}. Indtil da kan der ikke bedes "
            "om sletning eller om at få materialet fjernet.",
        )


class PoliceReportRequired(DomainError):
    """Rule 3."""

    def __init__(self) -> None:
        super().__init__(
            "At level 4 a police report is required before the case can be closed.",
            "På niveau 4 skal der være registreret en politianmeldelse, før sagen kan afsluttes.",
        )


class SchoolMayNotReport(DomainError):
    """Rule 5."""

    def __init__(self, provision: str) -> None:
        super().__init__(
            f"Under {provision} the victim or the parents file the police report; the school "
            "itself may report only under §232 (indecency) or §235 (sexual abuse material).",
            f"Efter {provision} er det den krænkede eller forældrene, der politianmelder. "
            "Skolen kan kun selv anmelde efter §232 (blufærdighedskrænkelse) eller §235 "
            "(videregivelse af børnepornografi).",
        )


class NoRefusedTakedown(DomainError):
    """Rule 6."""

    def __init__(self, platform: str) -> None:
        super().__init__(
            f"A complaint to Datatilsynet comes after {platform} has refused a takedown; "
            f"no refusal from {platform} is recorded.",
            f"Der klages først til Datatilsynet, når {platform} har afvist at fjerne "
            f"materialet, og der er ikke registreret et afslag fra {platform}.",
        )


class ConsentMissing(DomainError):
    """Rule 7."""

    def __init__(self, audience: str, missing: list[str]) -> None:
        missing_da = " og ".join(danish_phrase(who) or who for who in missing)
        super().__init__(
            f"Telling {audience.replace('_', ' ')} requires the recorded consent of "
            f"{' and '.join(missing)}.",
            f"Før {danish_phrase(audience) or 'omgivelserne'} orienteres, skal der være "
            f"registreret samtykke fra {missing_da}.",
        )


class UnknownTakedown(DomainError):
    def __init__(self, platform: str) -> None:
        super().__init__(
            f"No takedown request to {platform} is recorded on this case.",
            f"Der er ikke registreret en anmodning til {platform} om at fjerne materialet.",
        )


class NotAssessed(DomainError):
    def __init__(self, what: str, *, what_da: str | None = None) -> None:
        super().__init__(
            f"{what} needs the case to be assessed first (level, context, track).",
            f"{danish_phrase(what, what_da) or 'Dette trin'} kræver, at sagen først er "
            "vurderet (niveau, kontekst og spor).",
        )


class EvidenceHoldState(DomainError):
    def __init__(self, detail: str, *, detail_da: str | None = None) -> None:
        danish = danish_phrase(detail, detail_da)
        super().__init__(
            detail, danish or "Politiets beslutning om bevissikring er allerede registreret."
        )


class CaseErased(DomainError):
    def __init__(self, when: str, reason: str) -> None:
        self.when = when
        self.reason = reason
        super().__init__(
            f"This case was erased on {when}: {reason}",
            f"Sagen blev slettet den {danish_moment(when)}. Begrundelse: {reason}",
        )


class UnknownDeletionRequest(DomainError):
    def __init__(self, request_id: object) -> None:
        super().__init__(
            f"This case has no deletion request with id {request_id}.",
            f"Sagen har ingen anmodning om sletning med id {request_id}.",
        )


class ComplaintAlreadyDecided(DomainError):
    def __init__(self, platform: str) -> None:
        super().__init__(
            f"Datatilsynet's decision on the complaint about {platform} is recorded.",
            f"Datatilsynets afgørelse af klagen over {platform} er allerede registreret.",
        )


class EvidenceHeldByPolice(DomainError):
    """The police hold the evidence: the case stays open unless they have taken it over."""

    def __init__(self) -> None:
        super().__init__(
            "The police hold the evidence (bevissikring). The case can be closed once they "
            "release it, or once they have taken the case over.",
            "Politiet har sikret materialet som bevis (bevissikring). Sagen kan afsluttes, når "
            "politiet frigiver det, eller når politiet har overtaget sagen.",
        )


class ManagementAgreementMissing(DomainError):
    """The class team talks with the class after agreement with management (seed 004)."""

    def __init__(self) -> None:
        super().__init__(
            "The class team talks with the class only after management has agreed to it and "
            "how: record management's agreement first.",
            "Klasseteamet taler først med klassen, når ledelsen har sagt ja til det og til "
            "hvordan: registrér ledelsens aftale først.",
        )


class NoUnderretningSent(DomainError):
    """A receipt answers an underretning: there must be one."""

    def __init__(self) -> None:
        super().__init__(
            "No underretning has been sent in this case, so there is nothing to confirm.",
            "Der er ikke sendt en underretning i sagen, så der er intet at kvittere for.",
        )
