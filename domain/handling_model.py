"""The national handling model (håndteringsmodellen, seed 001): levels 1–4.

A level is read from two things: what the material shows and how the victim
reacts. The domain suggests a level; the professional confirms or overrides it,
and an override records why.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, StrEnum


class Level(IntEnum):
    ONE = 1
    """Undertøj/bikini and/or no recognisable face; the victim needs no special help."""
    TWO = 2
    """Naked body parts; the victim needs help, from resource persons."""
    THREE = 3
    """Nude image with face, victim recognisable; out of control, some panic."""
    FOUR = 4
    """Nude or pornographic, full identity, revenge or threats; violent reaction."""


class MaterialFeature(StrEnum):
    """What the material shows, as professionals are told it (never the material itself)."""

    UNDERWEAR_OR_BIKINI = "underwear_or_bikini"
    NAKED_BODY = "naked_body"
    FACE_VISIBLE = "face_visible"
    FULL_IDENTITY = "full_identity"
    """Name, school or profile shown with the material."""
    THREATS = "threats"
    REVENGE_MOTIVE = "revenge_motive"


class VictimReaction(StrEnum):
    NO_SPECIAL_NEED = "no_special_need"
    """Reagerer uden særlig behov for hjælp."""
    NEEDS_HELP = "needs_help"
    """Reagerer med behov for hjælp."""
    OUT_OF_CONTROL = "out_of_control"
    """Reagerer ude af kontrol med større eller mindre grad af panik."""
    VIOLENT = "violent"
    """Reagerer voldsomt med stort behov for støtte."""


class Context(StrEnum):
    """Kontekst A or B (seed 004, Vurder)."""

    A_INNOCENT_BETWEEN_PEERS = "A"
    """Taken or shared innocently between peers or partners."""
    B_THREATS_ABUSE_REVENGE = "B"
    """Threats, blackmail, sexual abuse or revenge: may justify a police report."""


class Provision(StrEnum):
    """Straffeloven provisions that may apply."""

    SHARING_PRIVATE_IMAGES = "§264d"
    INDECENCY = "§232"
    CHILD_SEXUAL_ABUSE_MATERIAL = "§235"


class Track(StrEnum):
    """How the case is handled (seed 004: politisag, underretning eller pædagogisk)."""

    POLICE_CASE = "police_case"
    UNDERRETNING = "underretning"
    PEDAGOGICAL = "pedagogical"


_REACTION_LEVEL = {
    VictimReaction.NO_SPECIAL_NEED: Level.ONE,
    VictimReaction.NEEDS_HELP: Level.TWO,
    VictimReaction.OUT_OF_CONTROL: Level.THREE,
    VictimReaction.VIOLENT: Level.FOUR,
}


def material_level(features: Iterable[MaterialFeature]) -> Level:
    """The level the material alone points to."""
    shown = set(features)
    if shown & {
        MaterialFeature.FULL_IDENTITY,
        MaterialFeature.THREATS,
        MaterialFeature.REVENGE_MOTIVE,
    }:
        return Level.FOUR
    if MaterialFeature.NAKED_BODY in shown and MaterialFeature.FACE_VISIBLE in shown:
        return Level.THREE
    if MaterialFeature.NAKED_BODY in shown:
        return Level.TWO
    return Level.ONE


def suggest_level(features: Iterable[MaterialFeature], reaction: VictimReaction) -> Level:
    """The higher of what the material and the victim's reaction point to.

    The model reads both; when they differ, the more serious reading protects the
    victim, and the professional can still override it with a reason.
    """
    return max(material_level(features), _REACTION_LEVEL[reaction])
