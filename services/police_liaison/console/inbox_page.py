"""What the police liaison's pages show: each notification as the API's inbox shows it,
with the actions it still allows, and the district's cluster alerts.

The actions are the API's three commands on a notification (acknowledge, hold the
evidence, release it), run through the same ``act_as`` with the same action names, so
the access log and the school's view of them are the same whichever way they came.
A button is offered only where it changes something; the domain refuses otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.actors import Actor
from domain.case_facts import EvidenceHold
from domain.cluster_alerts import ClusterAlert
from domain.commands import Wording
from domain.handling_model import Level
from domain.police_inbox import PoliceNotification
from domain.references import case_reference, cluster_reference
from domain.vocabulary import label
from domain.vocabulary.reasons import reason_words
from services.kit.deadline_rules import DeadlineRules
from services.police_liaison.api import ClusterAlertView, InboxItem, item

EVIDENCE_STATES: dict[str | None, EvidenceHold] = {
    None: EvidenceHold.UNDECIDED,
    "hold": EvidenceHold.HELD,
    "release": EvidenceHold.RELEASED,
}
"""The inbox's evidence decision in the vocabulary the school's case uses for it."""


@dataclass(frozen=True)
class Deed:
    """One command on a notification, as a button on its card."""

    path: str
    """The last part of the form's address: ``/indbakke/{id}/{path}``."""
    action: str
    """The action's name in the access log, as the API's route names it."""
    button: Wording
    hint: Wording
    done: Wording
    applies: Callable[[InboxItem], bool]
    """Whether the button changes anything for this notification."""
    run: Callable[[PoliceNotification, Actor], None]

    def near(self, notification_id: UUID) -> str:
        """Where a refusal is shown: beside this button on this notification's card."""
        return f"{self.path}:{notification_id}"


ACKNOWLEDGE = Deed(
    path="kvitter",
    action="acknowledge",
    button=Wording("Kvittér for orienteringen", "Acknowledge the notification"),
    hint=Wording(
        "Skolen ser på sagen, at politiet har modtaget orienteringen.",
        "The school sees on its case that the police received the notification.",
    ),
    done=Wording(
        "Der er kvitteret for orienteringen. Skolen ser det på sagen.",
        "The notification is acknowledged. The school sees it on its case.",
    ),
    applies=lambda n: n.acknowledged_by is None,
    run=lambda n, actor: n.acknowledge(actor=actor),
)
HOLD = Deed(
    path="bevissikring",
    action="hold evidence",
    button=Wording("Sæt bevissikring", "Hold the evidence"),
    hint=Wording(
        "Skolen må ikke få materialet slettet eller fjernet, før politiet frigiver det.",
        "The school may not have the material deleted or taken down until the police release it.",
    ),
    done=Wording(
        "Bevissikring er registreret. Skolen må ikke slette materialet, før det frigives.",
        "The evidence hold is recorded. The school may not delete the material until it "
        "is released.",
    ),
    applies=lambda n: n.evidence_decision != "hold",
    run=lambda n, actor: n.hold_evidence(actor=actor),
)
RELEASE = Deed(
    path="frigiv",
    action="release evidence",
    button=Wording("Frigiv materialet til sletning", "Release the material for deletion"),
    hint=Wording(
        "Beviserne er sikret: skolen kan få materialet slettet og fjernet fra platformene.",
        "The evidence is secured: the school may have the material deleted and taken down.",
    ),
    done=Wording(
        "Materialet er frigivet til sletning. Skolen kan få det slettet og fjernet.",
        "The material is released for deletion. The school may have it deleted and taken down.",
    ),
    applies=lambda n: n.evidence_decision != "release",
    run=lambda n, actor: n.release_evidence(actor=actor),
)
DEEDS: tuple[Deed, ...] = (ACKNOWLEDGE, HOLD, RELEASE)
BY_PATH = {d.path: d for d in DEEDS}


@dataclass(frozen=True)
class NotificationOnPage:
    """A notification as the API's inbox shows it, with its buttons."""

    item: InboxItem
    evidence: EvidenceHold
    deeds: tuple[Deed, ...]
    not_offered: tuple[Deed, ...]
    """Buttons not shown: a refusal of one (a form sent twice) is shown all the same."""
    level: Wording | None
    """The level as the handling model names it; None: not assessed, or not said."""

    @property
    def case_reference(self) -> str:
        return case_reference(self.item.case_id)


def refusal_places(shown: list[NotificationOnPage]) -> frozenset[str]:
    """Where the cards on a page show refusals; one meant for a card not there (its case
    was erased meanwhile, or it is on another page) is shown above the list instead."""
    return frozenset(d.near(n.item.notification_id) for n in shown for d in DEEDS)


def on_page(
    notification: PoliceNotification, rules: DeadlineRules | None = None
) -> NotificationOnPage:
    shown = item(notification, rules)
    return NotificationOnPage(
        item=shown,
        evidence=EVIDENCE_STATES[shown.evidence_decision],
        deeds=tuple(d for d in DEEDS if d.applies(shown)),
        not_offered=tuple(d for d in DEEDS if not d.applies(shown)),
        level=level_words(shown.level),
    )


def level_words(level: int | None) -> Wording | None:
    return label(Level(level)) if level is not None else None


@dataclass(frozen=True)
class AlertOnPage:
    """A cluster alert as the API shows it, with its reason and level in words."""

    alert: ClusterAlertView
    why: Wording
    highest_level: Wording | None

    @property
    def reference(self) -> str:
        return cluster_reference(self.alert.cluster_id)


def alert_on_page(alert: ClusterAlert) -> AlertOnPage:
    view = ClusterAlertView.of(alert)
    return AlertOnPage(
        alert=view,
        why=reason_words(view.why),
        highest_level=level_words(view.highest_level),
    )


PER_PAGE = 25
"""Notifications or alerts on one page, newest first."""


@dataclass(frozen=True)
class Paging:
    """Where a page of a list sits: its number (from 1) among how many."""

    number: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @property
    def newer(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def older(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None
