"""The matching's incidents: who is told what, and when."""

from __future__ import annotations

import uuid

from domain.geography import PoliceDistrict
from domain.matching import NationalIncident, OfferedCase, extent_of


def case(ssp: str, municipality: str, district: PoliceDistrict, school: str = "s") -> OfferedCase:
    return OfferedCase(uuid.uuid4(), ssp, municipality, district, school, 2, False)


NORTH, WEST = PoliceDistrict.NORDJYLLAND, PoliceDistrict.MIDT_OG_VESTJYLLAND


def test_an_incident_of_one_ssp_tells_no_one_and_of_two_tells_each_its_own() -> None:
    incident = NationalIncident()
    a, b = case("ssp.hjoerring", "Hjørring", NORTH), case("ssp.hjoerring", "Hjørring", NORTH, "t")
    incident.join(a, matched_with=None, why="")
    incident.join(b, matched_with=a.member, why="identical video MD5")
    assert incident.tell() == []
    c = case("ssp.skive", "Skive", WEST)
    incident.join(c, matched_with=a.member, why="identical video MD5")
    assert incident.tell() == ["ssp.hjoerring", "ssp.skive"]
    assert incident.told["ssp.skive"].cases == (c.member,)
    assert set(incident.told["ssp.hjoerring"].cases) == {a.member, b.member}
    extent = incident.told["ssp.skive"].extent
    assert (extent.cases, extent.schools, extent.municipalities) == (3, 3, ("Hjørring", "Skive"))
    assert (extent.cases_in(NORTH), extent.cases_in(WEST)) == (2, 1)
    assert incident.tell() == [], "nothing changed: nobody is told again"


def test_schools_of_two_ssps_are_counted_apart_even_with_equal_digests() -> None:
    """Each SSP keys its own digests: equal strings from two SSPs are two schools."""
    same = [case("ssp.a", "A", NORTH, "x"), case("ssp.b", "B", NORTH, "x")]
    assert extent_of(same).schools == 2


def test_a_withdrawal_retells_those_left_and_a_serious_case_makes_it_serious() -> None:
    incident = NationalIncident()
    a, c = case("ssp.hjoerring", "Hjørring", NORTH), case("ssp.skive", "Skive", WEST)
    for member in (a, c):
        incident.join(member, matched_with=None, why="")
    incident.tell()
    assert incident.told["ssp.skive"].extent.serious is False
    incident.reprofile(OfferedCase(a.member, a.ssp, a.municipality, a.district, "s", 3, False))
    assert incident.tell() == ["ssp.hjoerring", "ssp.skive"]
    assert incident.told["ssp.skive"].extent.serious is True
    incident.withdraw(c.member)
    assert incident.tell() == ["ssp.hjoerring"], "Skive has no case left to be told of"
    assert incident.told["ssp.hjoerring"].extent.municipalities == ("Hjørring",)
