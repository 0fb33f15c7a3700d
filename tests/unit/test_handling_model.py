"""The suggested level follows the handling model's table (seed 001)."""

from __future__ import annotations

import pytest

from domain.handling_model import Level, MaterialFeature, VictimReaction, suggest_level

M = MaterialFeature
R = VictimReaction


@pytest.mark.parametrize(
    ("material", "reaction", "level"),
    [
        ([M.UNDERWEAR_OR_BIKINI], R.NO_SPECIAL_NEED, Level.ONE),
        ([], R.NO_SPECIAL_NEED, Level.ONE),
        ([M.NAKED_BODY], R.NEEDS_HELP, Level.TWO),
        ([M.NAKED_BODY], R.NO_SPECIAL_NEED, Level.TWO),
        ([M.NAKED_BODY, M.FACE_VISIBLE], R.OUT_OF_CONTROL, Level.THREE),
        ([M.NAKED_BODY, M.FACE_VISIBLE], R.NEEDS_HELP, Level.THREE),
        ([M.NAKED_BODY, M.FACE_VISIBLE, M.FULL_IDENTITY], R.VIOLENT, Level.FOUR),
        ([M.UNDERWEAR_OR_BIKINI, M.REVENGE_MOTIVE], R.NEEDS_HELP, Level.FOUR),
        ([M.THREATS], R.NO_SPECIAL_NEED, Level.FOUR),
        ([M.UNDERWEAR_OR_BIKINI], R.OUT_OF_CONTROL, Level.THREE),
        ([M.FACE_VISIBLE], R.VIOLENT, Level.FOUR),
    ],
)
def test_the_suggestion_reads_material_and_reaction_and_takes_the_more_serious(
    material: list[MaterialFeature], reaction: VictimReaction, level: Level
) -> None:
    assert suggest_level(material, reaction) is level
