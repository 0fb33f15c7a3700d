"""Named domain errors: each says in plain words which rule a command broke."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused because it would break a rule of the handling model."""


class ParentsAlreadyInformed(DomainError):
    def __init__(self) -> None:
        super().__init__("The parents are already recorded as informed on this case.")


class UnknownPoliceNotification(DomainError):
    def __init__(self, notification_id: object) -> None:
        super().__init__(f"This case has no police notification with id {notification_id}.")


class PoliceNotificationAlreadyAcknowledged(DomainError):
    def __init__(self, notification_id: object) -> None:
        super().__init__(f"Police notification {notification_id} has already been acknowledged.")


class CaseIsClosed(DomainError):
    def __init__(self) -> None:
        super().__init__("The case is closed. Reopen it (with a reason) before recording more.")


class CaseIsOpen(DomainError):
    def __init__(self) -> None:
        super().__init__("The case is open; only a closed case can be reopened.")


class ReasonRequired(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} requires a reason.")


class ParentsNotInvolved(DomainError):
    """Rule 4: a minor's parents come first, unless the value-jump rule is used."""

    def __init__(self) -> None:
        super().__init__(
            "The victim is a minor: inform the parents, or record why they are not yet "
            "informed (værdispringsreglen, Forvaltningsloven §28), before leaving the "
            "assess step."
        )


class NotForThisVictim(DomainError):
    def __init__(self, what: str, victim: str) -> None:
        super().__init__(f"{what} applies only when the victim is {victim}.")


class WaitingForPolice(DomainError):
    """Rule 2: at level 3 and 4 the police decide how material is deleted (bevissikring)."""

    def __init__(self, level: int, detail: str) -> None:
        super().__init__(
            f"At level {level} the police decide how and when material is deleted, so "
            f"evidence is kept: {detail}. No takedown or deletion request until then."
        )


class PoliceReportRequired(DomainError):
    """Rule 3."""

    def __init__(self) -> None:
        super().__init__("At level 4 a police report is required before the case can be closed.")


class SchoolMayNotReport(DomainError):
    """Rule 5."""

    def __init__(self, provision: str) -> None:
        super().__init__(
            f"Under {provision} the victim or the parents file the police report; the school "
            "itself may report only under §232 (indecency) or §235 (sexual abuse material)."
        )


class NoRefusedTakedown(DomainError):
    """Rule 6."""

    def __init__(self, platform: str) -> None:
        super().__init__(
            f"A complaint to Datatilsynet comes after {platform} has refused a takedown; "
            f"no refusal from {platform} is recorded."
        )


class ConsentMissing(DomainError):
    """Rule 7."""

    def __init__(self, audience: str, missing: list[str]) -> None:
        super().__init__(
            f"Telling {audience.replace('_', ' ')} requires the recorded consent of "
            f"{' and '.join(missing)}."
        )


class UnknownTakedown(DomainError):
    def __init__(self, platform: str) -> None:
        super().__init__(f"No takedown request to {platform} is recorded on this case.")


class NotAssessed(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} needs the case to be assessed first (level, context, track).")


class EvidenceHoldState(DomainError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class CaseErased(DomainError):
    def __init__(self, when: str, reason: str) -> None:
        self.when = when
        self.reason = reason
        super().__init__(f"This case was erased on {when}: {reason}")
