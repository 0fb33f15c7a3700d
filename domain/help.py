"""The help to those concerned, as the seeds describe it, by level and by role.

Most of seed 001 (håndteringsmodellen) and of seed 004's "Uddybende anbefalinger" is
help to the pupil, not procedure: talks, normalising, a friend to talk to, the
resource person's attention to the need for a psychologist. This catalogue says, for
each kind of help, what the seed calls it, who is responsible (seed 004's split of
ledelse, ressourceperson and klasseteam), at which levels it is required or
recommended, and to which cases it applies at all. Each is recorded with
``Case.give_help``; the checklist shows it with the deed that did it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from domain.actors import Role
from domain.case import Case
from domain.case_facts import ActionStep, HelpItem, InvolvedRole
from domain.handling_model import Level
from domain.offences import OffenceCategory

ALL_LEVELS = frozenset(Level)


class Demand(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"


def _always(case: Case) -> bool:
    return True


def _offender_is_a_pupil(case: Case) -> bool:
    return any(
        p.role is InvolvedRole.KNOWN_OFFENDER and (p.same_school or p.is_minor)
        for p in case.involved
    )


def _sextortion(case: Case) -> bool:
    return case.offence_category is OffenceCategory.SEXTORTION


@dataclass(frozen=True)
class Help:
    item: HelpItem
    step: ActionStep
    responsible: Role
    label_da: str
    label_en: str
    required_at: frozenset[Level] = frozenset()
    recommended_at: frozenset[Level] = frozenset()
    applies: Callable[[Case], bool] = _always
    labels_by_level: Mapping[Level, tuple[str, str]] = field(default_factory=dict)
    """Where the seed words the help differently at each level: (Danish, English)."""

    def demand(self, case: Case) -> Demand | None:
        """Required, recommended, or None where it does not apply to this case."""
        if case.level is None or not self.applies(case):
            return None
        if case.level in self.required_at:
            return Demand.REQUIRED
        if case.level in self.recommended_at:
            return Demand.RECOMMENDED
        return None

    def labels(self, level: Level) -> tuple[str, str]:
        return self.labels_by_level.get(level, (self.label_da, self.label_en))


R, L, K = Role.RESSOURCEPERSON, Role.LEDELSE, Role.KLASSETEAM
BEHANDL, STOP = ActionStep.BEHANDL, ActionStep.STOP

CATALOGUE: tuple[Help, ...] = (
    Help(
        HelpItem.SUPPORTIVE_TALKS,
        BEHANDL,
        R,
        "Støttende samtaler med den krænkede",
        "Supportive talks with the victim",
        required_at=ALL_LEVELS,
        labels_by_level={
            Level.ONE: (
                "En eller få støttende samtaler, altid kortvarigt",
                "One or a few short supportive talks",
            ),
            Level.TWO: (
                "Øjeblikkelig målrettet hjælp over en kort afgrænset periode",
                "Immediate targeted help over a short, limited period",
            ),
            Level.THREE: (
                "Øjeblikkelig hjælp og omsorgsfulde samtaler; jævnlig kontakt over en længere "
                "periode",
                "Immediate help and calming talks; regular contact over a longer period",
            ),
            Level.FOUR: (
                "Omsorgsfulde og støttende samtaler over en længere periode",
                "Caring and supportive talks over a longer period",
            ),
        },
    ),
    Help(
        HelpItem.NORMALISING,
        BEHANDL,
        R,
        "Hjælp til at normalisere situationen med omsorg og udredning af lokale forhold",
        "Help normalise the situation, with care and by mapping local circumstances",
        required_at=frozenset({Level.ONE, Level.TWO, Level.THREE}),
    ),
    Help(
        HelpItem.PSYCHOLOGIST_NEED,
        BEHANDL,
        R,
        "Vurder om eleven kan have brug for psykologhjælp eller lignende",
        "Consider whether the pupil may need a psychologist or similar help",
        required_at=frozenset({Level.THREE, Level.FOUR}),
        recommended_at=frozenset({Level.ONE, Level.TWO}),
    ),
    Help(
        HelpItem.FRIEND_TO_TALK_TO,
        BEHANDL,
        R,
        "Undersøg om eleven har en god ven/veninde at tale med",
        "Find out whether the pupil has a good friend to talk to",
        recommended_at=ALL_LEVELS,
    ),
    Help(
        HelpItem.FEELINGS_TAKEN_SERIOUSLY,
        BEHANDL,
        R,
        "Tag elevens følelser og oplevelser alvorligt, og bebrejd ikke eleven",
        "Take the pupil's feelings seriously, without blaming the pupil",
        recommended_at=ALL_LEVELS,
    ),
    Help(
        HelpItem.PASSIVE_SHARERS_CONTACTED,
        STOP,
        L,
        "Kontakt passive krænkere (i det omfang det er muligt)",
        "Contact the passive sharers, where possible",
        required_at=frozenset({Level.THREE}),
    ),
    Help(
        HelpItem.RULES_AND_SANCTIONS,
        BEHANDL,
        L,
        "Vurder om skolens ordensregler er overtrådt, og hvilke sanktioner der følger "
        "(nul-tolerance, midlertidig bortvisning)",
        "Judge whether school rules were broken and which sanctions follow "
        "(zero tolerance, temporary exclusion)",
        required_at=ALL_LEVELS,
        applies=lambda case: case.offender_at_same_school,
    ),
    Help(
        HelpItem.SAME_SCHOOL_MEASURES,
        BEHANDL,
        L,
        "Særlige tiltag, når den krænkede og krænkeren går på samme skole",
        "Special measures while victim and offender attend the same school",
        required_at=ALL_LEVELS,
        applies=lambda case: case.offender_at_same_school,
    ),
    Help(
        HelpItem.CLASS_TALK_AGREED,
        BEHANDL,
        L,
        "Aftal med klasseteamet, om og hvordan klassen orienteres",
        "Agree with the class team whether and how the class is told",
        recommended_at=ALL_LEVELS,
    ),
    Help(
        HelpItem.NOT_GIVING_IN,
        STOP,
        R,
        "Støt eleven i ikke at give efter for afpresningen",
        "Support the pupil not to give in to the extortion",
        required_at=ALL_LEVELS,
        applies=_sextortion,
    ),
    Help(
        HelpItem.CONTACT_STOPPED,
        STOP,
        R,
        "Hjælp eleven med at stoppe kontakten med afpresseren (svar ikke, bloker, gem beviser)",
        "Help the pupil stop contact with the extortioner (no reply, block, keep evidence)",
        required_at=ALL_LEVELS,
        applies=_sextortion,
    ),
    Help(
        HelpItem.OFFENDER_CONTACT_PERSON,
        BEHANDL,
        L,
        "Giv den krænkende elev en kontaktperson på skolen",
        "Give the offending pupil a contact person at school",
        recommended_at=ALL_LEVELS,
        applies=_offender_is_a_pupil,
    ),
    Help(
        HelpItem.SSP_ADVICE_TO_OFFENDER,
        BEHANDL,
        Role.SSP_KONSULENT,
        "SSP-konsulenten rådgiver den krænkende part og dennes forældre",
        "The SSP consultant advises the offender and the offender's parents",
        recommended_at=ALL_LEVELS,
        applies=_offender_is_a_pupil,
    ),
)
"""In the order the checklist shows them within their step."""

BY_ITEM = {h.item: h for h in CATALOGUE}
