"""Cases in a known state, for domain tests."""

from __future__ import annotations

from domain.actors import Actor, Role
from domain.case import Case
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, MaterialFeature, Provision, Track, VictimReaction
from domain.offences import OffenceCategory

TEACHER = Actor("laerer-anna", Role.RESSOURCEPERSON, "Frederiksberg Skole")
HEAD = Actor("skoleleder-bo", Role.LEDELSE, "Frederiksberg Skole")
OFFICER = Actor("betjent-ole", Role.POLITI, "Københavns Politi")

MATERIAL_FOR_LEVEL = {
    Level.ONE: ([MaterialFeature.UNDERWEAR_OR_BIKINI], VictimReaction.NO_SPECIAL_NEED),
    Level.TWO: ([MaterialFeature.NAKED_BODY], VictimReaction.NEEDS_HELP),
    Level.THREE: (
        [MaterialFeature.NAKED_BODY, MaterialFeature.FACE_VISIBLE],
        VictimReaction.OUT_OF_CONTROL,
    ),
    Level.FOUR: (
        [MaterialFeature.NAKED_BODY, MaterialFeature.FACE_VISIBLE, MaterialFeature.THREATS],
        VictimReaction.VIOLENT,
    ),
}


def a_case(*, minor: bool = True) -> Case:
    return Case(
        institution="Frederiksberg Skole",
        municipality="Frederiksberg",
        police_district=PoliceDistrict.KOEBENHAVN,
        offence_category=OffenceCategory.SEXTORTION,
        victim_is_minor=minor,
        description="Pupil pressed for images by an unknown profile.",
        actor=TEACHER,
    )


def assess(case: Case, level: Level, track: Track = Track.PEDAGOGICAL) -> None:
    material, reaction = MATERIAL_FOR_LEVEL[level]
    case.assess(
        material=material,
        reaction=reaction,
        context=Context.B_THREATS_ABUSE_REVENGE if level >= 3 else Context.A_INNOCENT_BETWEEN_PEERS,
        provisions=[Provision.SHARING_PRIVATE_IMAGES],
        track=track,
        actor=HEAD,
    )


def an_assessed_case(level: Level, *, minor: bool = True) -> Case:
    """Reported, parents informed (when a minor) and assessed at ``level``."""
    case = a_case(minor=minor)
    if minor:
        case.inform_parents(actor=HEAD)
    assess(case, level)
    return case
