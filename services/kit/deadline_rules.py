"""A municipality's (or police district's) deadlines, from its settings: how long each
step may take, the calendar they are counted in, and whom a missed one is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.deadlines.calendar import Calendar
from domain.deadlines.clock import DEFAULT_CHAIN, Chain, Tell
from domain.deadlines.derive import acknowledgement_due
from domain.deadlines.kinds import DeadlineKind, DeadlinePolicy
from infra.calendar import configured_calendar
from infra.settings import Settings


@dataclass(frozen=True)
class DeadlineRules:
    """The municipality's deadlines: how long each step may take, the calendar they are
    counted in, and whom a missed one is told, step by step."""

    policy: DeadlinePolicy
    calendar: Calendar
    chain: Chain

    def acknowledgement_due(self, notified_at: datetime) -> datetime:
        """When the police's acknowledgement of a notification sent then is due."""
        return acknowledgement_due(notified_at, self.policy, self.calendar)

    @classmethod
    def from_settings(cls, settings: Settings) -> DeadlineRules:
        chain = dict(DEFAULT_CHAIN)
        for kind, steps in settings.escalation_chain.items():
            chain[DeadlineKind(kind)] = tuple(tuple(Tell(t) for t in step) for step in steps)
        return cls(
            DeadlinePolicy(**settings.deadline_policy),
            configured_calendar(settings),
            chain,
        )
