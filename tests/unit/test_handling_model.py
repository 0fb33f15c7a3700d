"""The suggested level follows the handling model's table (seed 001), sentence by sentence."""

from __future__ import annotations

import pytest

from domain.handling_model import (
    Level,
    MaterialFeature,
    VictimReaction,
    material_level,
    suggest_level,
)

M = MaterialFeature
R = VictimReaction

SEED_001 = [
    # Niveau 1. "Ofret reagerer uden særlig behov for hjælp."
    (
        "Billedet er enten med undertøj, bikini",
        [M.UNDERWEAR_OR_BIKINI],
        R.NO_SPECIAL_NEED,
        Level.ONE,
    ),
    (
        "og/eller uden genkendeligt ansigt",
        [],
        R.NO_SPECIAL_NEED,
        Level.ONE,
    ),
    (
        "men kan være billeder med forskellig grad af nøgenhed",
        [M.NAKED_BODY],
        R.NO_SPECIAL_NEED,
        Level.ONE,
    ),
    (
        "enten med undertøj, bikini og/eller uden genkendeligt ansigt (a bikini photo with face)",
        [M.UNDERWEAR_OR_BIKINI, M.FACE_VISIBLE],
        R.NO_SPECIAL_NEED,
        Level.ONE,
    ),
    # Niveau 2. "Ofret reagerer med behov for hjælp."
    (
        "Billedet er med nøgne dele af kroppen og kan både være med og uden genkendeligt ansigt",
        [M.NAKED_BODY],
        R.NEEDS_HELP,
        Level.TWO,
    ),
    (
        "Billedet er med nøgne dele af kroppen og kan både være med og uden genkendeligt ansigt",
        [M.NAKED_BODY, M.FACE_VISIBLE],
        R.NEEDS_HELP,
        Level.TWO,
    ),
    # Niveau 3. "Ofret reagerer ude af kontrol med større eller mindre grad af panik."
    (
        "Billedet er et nøgenbillede med ansigt og ofret kan genkendes",
        [M.NAKED_BODY, M.FACE_VISIBLE],
        R.OUT_OF_CONTROL,
        Level.THREE,
    ),
    # Niveau 4. "Ofret reagerer voldsomt og har stort behov for støtte fra ressourcepersoner."
    (
        "et nøgenbillede ... med ansigt og eventuel fuld identitet ... omfattende hævnmotiv, "
        "måske suppleret af trusler",
        [M.NAKED_BODY, M.FACE_VISIBLE, M.FULL_IDENTITY, M.REVENGE_MOTIVE, M.THREATS],
        R.VIOLENT,
        Level.FOUR,
    ),
    (
        "Ofret reagerer voldsomt og har stort behov for støtte (a nude without the face)",
        [M.NAKED_BODY],
        R.VIOLENT,
        Level.FOUR,
    ),
]

CONTEXT_AND_IDENTITY = [
    (
        "a nude with the face and a revenge motive is level 4's material: "
        "'Der er tale om et omfattende hævnmotiv'",
        [M.NAKED_BODY, M.FACE_VISIBLE, M.REVENGE_MOTIVE],
        R.NEEDS_HELP,
        Level.FOUR,
    ),
    (
        "threats with a nude with the face: 'måske suppleret af trusler' (sextortion)",
        [M.NAKED_BODY, M.FACE_VISIBLE, M.THREATS],
        R.NO_SPECIAL_NEED,
        Level.FOUR,
    ),
    (
        "a bikini photo with a name is level 1 material: 'eventuel fuld identitet' is no mark",
        [M.UNDERWEAR_OR_BIKINI, M.FULL_IDENTITY],
        R.NO_SPECIAL_NEED,
        Level.ONE,
    ),
    (
        "a bikini photo with threats is context B, not level 4: no level describes it",
        [M.UNDERWEAR_OR_BIKINI, M.THREATS],
        R.NO_SPECIAL_NEED,
        Level.ONE,
    ),
    (
        "a bikini photo with a revenge motive, and the victim needs help",
        [M.UNDERWEAR_OR_BIKINI, M.REVENGE_MOTIVE],
        R.NEEDS_HELP,
        Level.TWO,
    ),
    (
        "a nude without the face, with threats: no nude 'med ansigt', so the reaction decides",
        [M.NAKED_BODY, M.THREATS, M.REVENGE_MOTIVE],
        R.NEEDS_HELP,
        Level.TWO,
    ),
    (
        "a nude with the face and a name, no threats: 'eventuel fuld identitet' is no mark",
        [M.NAKED_BODY, M.FACE_VISIBLE, M.FULL_IDENTITY],
        R.NEEDS_HELP,
        Level.TWO,
    ),
    (
        "Ofret reagerer ude af kontrol: the reaction's level stands for mild material",
        [M.UNDERWEAR_OR_BIKINI],
        R.OUT_OF_CONTROL,
        Level.THREE,
    ),
]


@pytest.mark.parametrize(
    ("seed_says", "material", "reaction", "level"),
    SEED_001 + CONTEXT_AND_IDENTITY,
    ids=[row[0][:60] for row in SEED_001 + CONTEXT_AND_IDENTITY],
)
def test_the_suggestion_follows_the_seeds_description_of_each_level(
    seed_says: str, material: list[MaterialFeature], reaction: VictimReaction, level: Level
) -> None:
    assert suggest_level(material, reaction) is level, seed_says


@pytest.mark.parametrize(
    "material",
    [
        [M.UNDERWEAR_OR_BIKINI, M.FULL_IDENTITY],
        [M.UNDERWEAR_OR_BIKINI, M.THREATS],
        [M.UNDERWEAR_OR_BIKINI, M.FULL_IDENTITY, M.THREATS, M.REVENGE_MOTIVE, M.FACE_VISIBLE],
        [M.FULL_IDENTITY],
        [M.NAKED_BODY, M.FULL_IDENTITY, M.THREATS],
    ],
)
def test_without_a_nude_with_the_face_the_material_never_makes_a_case_serious(
    material: list[MaterialFeature],
) -> None:
    assert material_level(material) is Level.ONE


def test_the_level_never_falls_below_the_victims_reaction() -> None:
    every_reaction = list(VictimReaction)
    levels = [suggest_level([M.UNDERWEAR_OR_BIKINI], r) for r in every_reaction]
    assert levels == [Level.ONE, Level.TWO, Level.THREE, Level.FOUR]
