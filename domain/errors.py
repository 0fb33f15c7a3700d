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
