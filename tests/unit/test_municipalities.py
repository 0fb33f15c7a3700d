"""Denmark's 98 municipalities, each in the police district the source table gives."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from domain.geography import PoliceDistrict
from domain.municipalities import MUNICIPALITIES, municipalities_in, municipality_named

D = PoliceDistrict

# "Per district" in MUNICIPALITIES.md.
PER_DISTRICT = {
    D.NORDJYLLAND: 9,
    D.OESTJYLLAND: 7,
    D.MIDT_OG_VESTJYLLAND: 11,
    D.SYDOESTJYLLAND: 7,
    D.SYD_OG_SOENDERJYLLAND: 8,
    D.FYN: 10,
    D.SYDSJAELLAND_OG_LOLLAND_FALSTER: 7,
    D.MIDT_OG_VESTSJAELLAND: 10,
    D.NORDSJAELLAND: 13,
    D.KOEBENHAVNS_VESTEGN: 11,
    D.KOEBENHAVN: 4,
    D.BORNHOLM: 1,
}


def test_all_98_municipalities_are_there_once_each() -> None:
    names = [m.name for m in MUNICIPALITIES]
    assert len(names) == 98
    assert len(set(names)) == 98


def test_every_one_of_the_12_police_districts_has_its_municipalities() -> None:
    assert {m.police_district for m in MUNICIPALITIES} == set(PoliceDistrict)
    assert len(PoliceDistrict) == 12


@pytest.mark.parametrize(("district", "count"), PER_DISTRICT.items())
def test_each_district_has_as_many_municipalities_as_the_source_counts(
    district: PoliceDistrict, count: int
) -> None:
    assert len(municipalities_in(district)) == count


def test_the_table_names_each_district_as_the_police_do() -> None:
    table = json.loads(files("domain").joinpath("municipalities.json").read_text("utf-8"))
    named = {row["code"]: row["name"] for row in table["police_districts"]}
    assert named == {d.value: d.danish_name for d in PoliceDistrict}


@pytest.mark.parametrize(
    ("municipality", "district"),
    [
        # The notes of MUNICIPALITIES.md: districts do not follow the regions.
        ("Morsø", D.MIDT_OG_VESTJYLLAND),
        ("Thisted", D.MIDT_OG_VESTJYLLAND),
        ("Skanderborg", D.SYDOESTJYLLAND),
        ("Horsens", D.SYDOESTJYLLAND),
        ("Hedensted", D.SYDOESTJYLLAND),
        ("Gladsaxe", D.KOEBENHAVNS_VESTEGN),
        ("Køge", D.MIDT_OG_VESTSJAELLAND),
        ("Stevns", D.MIDT_OG_VESTSJAELLAND),
        ("Slagelse", D.SYDSJAELLAND_OG_LOLLAND_FALSTER),
        ("Sorø", D.SYDSJAELLAND_OG_LOLLAND_FALSTER),
        ("Dragør", D.KOEBENHAVN),
        ("Tårnby", D.KOEBENHAVN),
        # The seeds' own municipalities.
        ("Hjørring", D.NORDJYLLAND),
        ("Aarhus", D.OESTJYLLAND),
        ("Helsingør", D.NORDSJAELLAND),
        ("Bornholm", D.BORNHOLM),
    ],
)
def test_a_municipality_belongs_to_its_police_district(
    municipality: str, district: PoliceDistrict
) -> None:
    found = municipality_named(municipality)
    assert found is not None
    assert (found.name, found.police_district) == (municipality, district)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("hjørring", "Hjørring"),
        ("  HJØRRING  ", "Hjørring"),
        ("Hjørring Kommune", "Hjørring"),
        ("Hjørring Kommunes", "Hjørring"),
        ("Høje Taastrup", "Høje-Taastrup"),
        ("Århus", "Aarhus"),
        ("Århus Kommune", "Aarhus"),
        ("Brønderslev-Dronninglund", "Brønderslev"),
        ("Vesthimmerland", "Vesthimmerlands"),
        ("Vesthimmerlands Kommune", "Vesthimmerlands"),
        ("Nordfyn", "Nordfyns"),
        ("Taarnby", "Tårnby"),
        ("Copenhagen", "København"),
        ("Københavns Kommune", "København"),
        ("Bornholms Regionskommune", "Bornholm"),
        ("A\u030arhus", "Aarhus"),  # "Århus" decomposed: Å as A and a combining ring
    ],
)
def test_the_spellings_the_source_lists_name_the_same_municipality(
    written: str, canonical: str
) -> None:
    found = municipality_named(written)
    assert found is not None and found.name == canonical


@pytest.mark.parametrize("written", ["Atlantis", "Kommune", "", "Nordjylland", "Christiansø"])
def test_a_name_denmark_has_no_municipality_by_finds_none(written: str) -> None:
    assert municipality_named(written) is None
