"""Pseudonyms: the same person under the same key links; the identifier is never in them."""

from __future__ import annotations

import os

import pytest

from infra.pseudonyms import pseudonym


def test_the_same_person_gets_the_same_pseudonym_only_under_the_same_key() -> None:
    key, other_key = os.urandom(32), os.urandom(32)
    assert pseudonym(key, "010203-1234") == pseudonym(key, "0102031234")
    assert pseudonym(key, "010203-1234") != pseudonym(key, "010203-1235")
    assert pseudonym(key, "010203-1234") != pseudonym(other_key, "010203-1234")
    assert "0102031234" not in pseudonym(key, "010203-1234")


@pytest.mark.parametrize("bad", ["", "Mads Nielsen", "0102-031234", "01020312345"])
def test_only_a_cpr_number_is_accepted(bad: str) -> None:
    with pytest.raises(ValueError, match="CPR number"):
        pseudonym(os.urandom(32), bad)
