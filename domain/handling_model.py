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
    """Nude or erotic image with face, possibly full identity; revenge, maybe threats; the
    victim reacts violently."""


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
    EXTORTION = "§281"
    """Afpresning: threatening to share intimate material to get more, or money (sextortion)."""


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

CONTEXT_B_FEATURES = frozenset({MaterialFeature.THREATS, MaterialFeature.REVENGE_MOTIVE})
"""What makes the context B (seed 004: "trusler, afpresning, ... eller hvor hævnmotiver
kan ligge bag hændelsen")."""


def material_level(features: Iterable[MaterialFeature]) -> Level:
    """The lowest level whose description in seed 001 the material fits.

    - Level 1 is "enten med undertøj, bikini og/eller uden genkendeligt ansigt, men kan
      være billeder med forskellig grad af nøgenhed": everything but a nude image with
      the face showing. Naked body parts without a face are level-1 material too.
    - Level 2 is "med nøgne dele af kroppen og kan både være med og uden genkendeligt
      ansigt": a nude with the face is level 2 at least, and level 3 ("et nøgenbillede
      med ansigt og ofret kan genkendes") only when the victim reacts so.
    - Level 4 is a nude "med ansigt og eventuel fuld identitet" where "der er tale om et
      omfattende hævnmotiv, måske suppleret af trusler": threats and a revenge motive
      (context B) raise a nude with the face to level 4, since that is level 4's
      material and "billedet kræver politianmeldelse". Without a nude with the face
      they raise nothing: no level describes a bikini photo with threats, and the
      context B they make is recorded with the assessment, where it may justify a
      police report (seed 004).
    - Full identity never raises the level: level 4 has it only "eventuel", so it does
      not tell one level from another; a bikini photo with a name is level 1 material.
    """
    shown = set(features)
    nude_with_face = {MaterialFeature.NAKED_BODY, MaterialFeature.FACE_VISIBLE} <= shown
    if nude_with_face and shown & CONTEXT_B_FEATURES:
        return Level.FOUR
    if nude_with_face:
        return Level.TWO
    return Level.ONE


def reaction_level(reaction: VictimReaction) -> Level:
    """The level whose heading in seed 001 is the victim's reaction ("Ofret reagerer ...")."""
    return _REACTION_LEVEL[reaction]


def suggest_level(features: Iterable[MaterialFeature], reaction: VictimReaction) -> Level:
    """The victim's reaction, unless the material is described only at a higher level.

    Seed 001 divides "ofrets reaktion på krænkelsen" into the levels: each is headed by
    the reaction, which says how much help the victim needs, so the reaction's level
    stands even when the material is mild (a victim who reacts violently to a bikini
    photo needs level 4's support). The material raises the level where the seed does
    not describe it at the reaction's level (see ``material_level``): a nude with the
    face is never level 1, and with threats or a revenge motive it is level 4. The
    professional confirms the suggestion or overrides it with a reason.
    """
    return max(material_level(features), reaction_level(reaction))
