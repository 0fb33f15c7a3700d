"""A case's clock: the history of its deadlines — set, met, lifted, missed, escalated.

The clock is an aggregate of its own beside the case, sealed with the case's key (its
first event names the case). After every change to the case the application reconciles
the clock with the deadlines the case now implies (``derive.deadlines_of``), in the same
transaction as the case; when a deadline passes, the scheduler records that it was
missed and whom that was told, and later whom it was escalated to. Each notification is
an event, recorded once under the aggregate's version, so a restart cannot tell anyone
twice; the notices follow from these events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor, Role
from domain.deadlines.calendar import Calendar
from domain.deadlines.kinds import Deadline, DeadlineKind, DeadlinePolicy


class Standing(StrEnum):
    OPEN = "open"
    MET = "met"
    LIFTED = "lifted"
    """The step no longer applies (the case was closed, say)."""


class Tell(StrEnum):
    """Whom a step of the escalation chain tells."""

    RESPONSIBLE = "responsible"
    """The person the item is assigned to, else the responsible role at the case's school."""
    MANAGEMENT = "management"
    """The school's management (ledelse)."""
    POLICE_LEAD = "police_lead"
    """The police district's liaison lead."""
    SSP = "ssp"
    """The SSP consultant of the case's municipality."""


Chain = dict[DeadlineKind, tuple[tuple[Tell, ...], ...]]

DEFAULT_CHAIN: Chain = {
    DeadlineKind.PARENTS_INFORMED: ((Tell.RESPONSIBLE,), (Tell.MANAGEMENT,)),
    DeadlineKind.DEFERRAL_REASSESSED: ((Tell.RESPONSIBLE,), (Tell.MANAGEMENT,)),
    DeadlineKind.POLICE_ACKNOWLEDGED: ((Tell.POLICE_LEAD, Tell.SSP),),
    DeadlineKind.EVIDENCE_DECIDED: ((Tell.POLICE_LEAD,), (Tell.SSP, Tell.MANAGEMENT)),
    DeadlineKind.TAKEDOWN_ANSWERED: ((Tell.RESPONSIBLE,), (Tell.MANAGEMENT,)),
    DeadlineKind.COMPLAINT_FILED: ((Tell.RESPONSIBLE,), (Tell.MANAGEMENT,)),
    DeadlineKind.PARENTS_UPDATED: ((Tell.RESPONSIBLE,), (Tell.MANAGEMENT,)),
    DeadlineKind.UNDERRETNING_RECEIVED: ((Tell.RESPONSIBLE,), (Tell.MANAGEMENT, Tell.SSP)),
}
"""Following the card's split: the responsible person first, then management; the
police's own steps go to the district's liaison lead and the case's SSP consultant."""


@dataclass(frozen=True)
class Tracked:
    """One deadline as the clock recorded it."""

    kind: DeadlineKind
    due: datetime
    responsible: Role
    item: str
    standing: Standing = Standing.OPEN
    told: int = 0
    """How many steps of the chain have been told (0: not missed yet)."""


@dataclass(frozen=True)
class DueStep:
    """A step of the chain whose time has come: tell these, for this deadline."""

    key: str
    step: int
    tell: tuple[Tell, ...]
    deadline: Tracked


class DeadlineClock(Aggregate):
    class Started(Aggregate.Created):
        case_id: UUID

    @staticmethod
    def create_id(case_id: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:deadlines:{case_id}")

    @event(Started)
    def __init__(self, *, case_id: UUID) -> None:
        self.case_id = case_id
        self.deadlines: dict[str, Tracked] = {}

    # ------------------------------------------------------------ following the case
    def reconcile(self, current: list[Deadline]) -> None:
        """Record what changed since the case last changed: new and moved deadlines set,
        met ones met (by the deed's actor, at its time), vanished ones lifted."""
        seen = set()
        for deadline in current:
            seen.add(deadline.key)
            known = self.deadlines.get(deadline.key)
            if deadline.met is not None:
                if known is not None and known.standing is Standing.OPEN:
                    self._met(key=deadline.key, actor=deadline.met.actor, met_at=deadline.met.at)
                continue
            if (
                known is None
                or known.standing is not Standing.OPEN
                or ((known.due, known.responsible) != (deadline.due, deadline.responsible))
            ):
                self._set(
                    key=deadline.key,
                    kind=deadline.kind,
                    due=deadline.due,
                    responsible=deadline.responsible,
                    item=deadline.item,
                )
        for key, known in list(self.deadlines.items()):
            if key not in seen and known.standing is Standing.OPEN:
                self._lifted(key=key)

    class DeadlineSet(Aggregate.Event):
        key: str
        kind: DeadlineKind
        due: datetime
        responsible: Role
        item: str

    @event(DeadlineSet)
    def _set(
        self, *, key: str, kind: DeadlineKind, due: datetime, responsible: Role, item: str
    ) -> None:
        known = self.deadlines.get(key)
        told = known.told if known and known.standing is Standing.OPEN and known.due == due else 0
        self.deadlines[key] = Tracked(DeadlineKind(kind), due, Role(responsible), item, told=told)

    class DeadlineMet(Aggregate.Event):
        key: str
        actor: Actor
        """Who did the deed that met it."""
        met_at: datetime

    @event(DeadlineMet)
    def _met(self, *, key: str, actor: Actor, met_at: datetime) -> None:
        self.deadlines[key] = replace(self.deadlines[key], standing=Standing.MET)

    class DeadlineLifted(Aggregate.Event):
        key: str

    @event(DeadlineLifted)
    def _lifted(self, *, key: str) -> None:
        self.deadlines[key] = replace(self.deadlines[key], standing=Standing.LIFTED)

    # ------------------------------------------------------------ when time passes
    def step_times(
        self, chain: Chain, calendar: Calendar, policy: DeadlinePolicy
    ) -> list[tuple[datetime, str]]:
        """When each open deadline's next step of the chain is due, with its key."""
        found = []
        for key, tracked in self.deadlines.items():
            steps = chain.get(tracked.kind, ())
            if tracked.standing is Standing.OPEN and tracked.told < len(steps):
                found.append((_step_time(tracked, tracked.told, calendar, policy), key))
        return sorted(found)

    def next_step_at(
        self, chain: Chain, calendar: Calendar, policy: DeadlinePolicy
    ) -> datetime | None:
        times = self.step_times(chain, calendar, policy)
        return times[0][0] if times else None

    def due_steps(
        self, now: datetime, chain: Chain, calendar: Calendar, policy: DeadlinePolicy
    ) -> list[DueStep]:
        """The steps whose time has come, one per deadline (the next one it owes)."""
        return [
            DueStep(
                key,
                self.deadlines[key].told,
                chain[self.deadlines[key].kind][self.deadlines[key].told],
                self.deadlines[key],
            )
            for at, key in self.step_times(chain, calendar, policy)
            if at <= now
        ]

    class DeadlineMissed(Aggregate.Event):
        """The deadline passed: the first step of the chain was told (``told``)."""

        key: str
        told: tuple[str, ...]
        """Who was told: person ids, roles at the school, or contacts' addresses."""

    class DeadlineEscalated(Aggregate.Event):
        """Still not met: the next step of the chain was told."""

        key: str
        step: int
        told: tuple[str, ...]

    def tell(self, due: DueStep, told: tuple[str, ...]) -> None:
        """Record that a due step was told to ``told``; a step already told is not again."""
        tracked = self.deadlines.get(due.key)
        if tracked is None or tracked.standing is not Standing.OPEN or tracked.told != due.step:
            return
        if due.step == 0:
            self._missed(key=due.key, told=told)
        else:
            self._escalated(key=due.key, step=due.step, told=told)

    @event(DeadlineMissed)
    def _missed(self, *, key: str, told: tuple[str, ...]) -> None:
        self.deadlines[key] = replace(self.deadlines[key], told=1)

    @event(DeadlineEscalated)
    def _escalated(self, *, key: str, step: int, told: tuple[str, ...]) -> None:
        self.deadlines[key] = replace(self.deadlines[key], told=step + 1)

    @property
    def overdue(self) -> dict[str, Tracked]:
        """Open deadlines that were missed."""
        return {k: t for k, t in self.deadlines.items() if t.standing is Standing.OPEN and t.told}


def _step_time(tracked: Tracked, step: int, calendar: Calendar, policy: DeadlinePolicy) -> datetime:
    if step == 0:
        return tracked.due
    last_moment = tracked.due - timedelta(microseconds=1)  # the due day itself, not the next
    return calendar.add_working_days(last_moment, step * policy.escalate_after_working_days)
