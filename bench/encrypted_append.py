"""What encrypting the event store costs per append.

Both sides are the school's own application on the same kind of SQLite store
with the same transcodings; the only difference is the cipher. Rounds alternate
between the two (and which goes first), so drift in the machine's speed lands on
both sides equally instead of on whichever happened to run second.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper

from bench.environment import bench_settings
from bench.stats import Summary, ratio
from domain.actors import Actor, Role
from domain.case import Case
from domain.case_facts import EvidenceHolder, EvidenceKind, Outcome, Spread, TakedownOutcome
from domain.geography import PoliceDistrict
from domain.handling_model import Context, MaterialFeature, Provision, Track, VictimReaction
from domain.offences import OffenceCategory
from infra.event_store import store_env
from infra.keyring import EnvelopeMapper
from services.school.application import SchoolApplication

TARGET_RATIO = 1.3
"""Encrypted appends may cost at most this many times plain ones (compared by mean)."""


class PlainSchoolApplication(SchoolApplication):
    """The same application with the library's own mapper: no per-case envelope."""

    def construct_mapper(self) -> Mapper[UUID]:
        return Application.construct_mapper(self)


ACTOR = Actor("studievejleder-bench", Role.RESSOURCEPERSON, "Benchmark Gymnasium")
DESCRIPTION = (
    "A pupil tells her studievejleder that an intimate image of her is being shared "
    "in a group chat by a former boyfriend. She is very distressed and wants it removed."
)
"""About the length of a real first report, so the cipher has a realistic amount to encrypt."""


@dataclass(frozen=True)
class AppendResult:
    encrypted: Summary
    plain: Summary

    @property
    def mean_ratio(self) -> float:
        return ratio(self.encrypted.mean, self.plain.mean)

    @property
    def p50_ratio(self) -> float:
        return ratio(self.encrypted.p50, self.plain.p50)

    @property
    def met(self) -> bool:
        return self.mean_ratio <= TARGET_RATIO


def _steps(case: Case) -> list[Callable[[], object]]:
    """A level-2 case walked through the action card after its report, one append each.

    A case's first event also stores its data key (one more write); over a case's life
    that cost is shared by all its events, as it is here.
    """
    return [
        lambda: case.inform_parents(actor=ACTOR),
        lambda: case.uncover_facts(
            involved=[],
            what_happened="An image of her naked torso is shared in a group chat.",
            where="Snapchat",
            spread=Spread.GROUP_CHAT,
            victim_age=15,
            actor=ACTOR,
        ),
        lambda: case.assess(
            material=[MaterialFeature.NAKED_BODY],
            reaction=VictimReaction.NEEDS_HELP,
            context=Context.A_INNOCENT_BETWEEN_PEERS,
            provisions=[Provision.SHARING_PRIVATE_IMAGES],
            track=Track.PEDAGOGICAL,
            actor=ACTOR,
        ),
        lambda: case.document_evidence(
            kind=EvidenceKind.SCREENSHOT,
            held_by=EvidenceHolder.VICTIM,
            captured_at=None,
            actor=ACTOR,
        ),
        lambda: case.request_takedown(platform="Snapchat", actor=ACTOR),
        lambda: case.record_takedown_outcome(
            platform="Snapchat", outcome=TakedownOutcome.REMOVED, actor=ACTOR
        ),
        lambda: case.hold_ssp_sparring(note="Agreed on two supportive talks.", actor=ACTOR),
        lambda: case.offer_conflict_mediation(actor=ACTOR),
        lambda: case.close(outcome=Outcome.RESOLVED, reason=None, left_open=[], actor=ACTOR),
    ]


def _append_cases(app: SchoolApplication, cases: int, timings: list[float] | None) -> None:
    """Report ``cases`` cases and walk each through its steps, timing only the saves."""
    clock = time.perf_counter
    for _ in range(cases):
        case = Case(
            institution="Benchmark Gymnasium",
            municipality="Hjørring",
            police_district=PoliceDistrict.NORDJYLLAND,
            offence_category=OffenceCategory.SHARING_WITHOUT_CONSENT,
            victim_is_minor=True,
            description=DESCRIPTION,
            actor=ACTOR,
        )
        started = clock()
        app.save(case)
        elapsed = clock() - started
        if timings is not None:
            timings.append(elapsed)
        for step in _steps(case):
            step()
            started = clock()
            app.save(case)
            elapsed = clock() - started
            if timings is not None:
                timings.append(elapsed)


def _applications(data_dir: Path) -> tuple[SchoolApplication, SchoolApplication]:
    """The school's real encrypted store, and the same store minus the cipher, in its own file."""
    settings = bench_settings(data_dir)
    encrypted_env = store_env(settings, "school")
    if encrypted_env.get("PERSISTENCE_MODULE") != "eventsourcing.sqlite":
        raise RuntimeError("the append benchmark expects the embedded SQLite store")
    plain_env = dict(encrypted_env)
    plain_dir = data_dir / "plain"
    plain_dir.mkdir()
    plain_env["SQLITE_DBNAME"] = str(plain_dir / "events.sqlite")

    encrypted = SchoolApplication(encrypted_env, settings)
    plain = PlainSchoolApplication(plain_env, settings)
    # Guard against comparing two identical stores if the mapper handling changes.
    if not isinstance(encrypted.mapper, EnvelopeMapper) or isinstance(plain.mapper, EnvelopeMapper):
        raise RuntimeError("expected exactly one of the two stores to be encrypted")
    return encrypted, plain


def run(*, rounds: int = 16, cases_per_round: int = 100, warmup_cases: int = 100) -> AppendResult:
    """Time ``rounds * cases_per_round * 10`` appends on each store, interleaved by round."""
    with tempfile.TemporaryDirectory(prefix="samspil-bench-") as tmp:
        encrypted, plain = _applications(Path(tmp))
        try:
            for app in (encrypted, plain):
                _append_cases(app, warmup_cases, timings=None)
            encrypted_times: list[float] = []
            plain_times: list[float] = []
            sides = [(encrypted, encrypted_times), (plain, plain_times)]
            for round_number in range(rounds):
                order = sides if round_number % 2 == 0 else sides[::-1]
                for app, timings in order:
                    _append_cases(app, cases_per_round, timings)
        finally:
            encrypted.close()
            plain.close()
    return AppendResult(encrypted=Summary.of(encrypted_times), plain=Summary.of(plain_times))
