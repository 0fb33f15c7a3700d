"""Denmark's 98 municipalities and the police district each belongs to.

A case goes to the police liaison of its district, so the district must be the one
the school's municipality belongs to: a school in Hjørring whose case named Bornholm
would reach the wrong police. The table is a public fact (politireformen and
kommunalreformen, both from 1 January 2007), kept in ``municipalities.json`` beside this
module in the layout of the domain documentation's MUNICIPALITIES.md, which cites the
sources; no district boundary cuts through a municipality.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files

from domain.errors import DomainError
from domain.geography import PoliceDistrict


@dataclass(frozen=True)
class Municipality:
    name: str
    """The official name without "Kommune": "Hjørring", "Vesthimmerlands", "København"."""
    police_district: PoliceDistrict


class UnknownMunicipality(DomainError, ValueError):
    """Denmark has no municipality by this name: the case could not find its police."""

    def __init__(self) -> None:
        super().__init__(
            "not one of Denmark's 98 municipalities: give the municipality's name, "
            "e.g. Hjørring or Aarhus",
            "ikke en af Danmarks 98 kommuner: skriv kommunens navn, fx Hjørring eller Aarhus",
        )


class NotTheMunicipalitysDistrict(DomainError, ValueError):
    """The police district named is not the one the municipality belongs to."""

    def __init__(self, municipality: Municipality) -> None:
        district = municipality.police_district
        super().__init__(
            f"{municipality.name} belongs to {district.danish_name} ('{district.value}'): "
            "give that police district or leave it out",
            f"{municipality.name} hører under {district.danish_name} ('{district.value}'): "
            "angiv den politikreds, eller udelad feltet",
        )


def _key(name: str) -> str:
    """What two spellings of one name share: case, spacing, hyphens and "Kommune" aside."""
    folded = unicodedata.normalize("NFC", name).casefold()
    words = re.sub(r"[\s-]+", " ", folded).strip()
    return re.sub(r" kommunes?$", "", words)


def _load() -> tuple[tuple[Municipality, ...], dict[str, Municipality]]:
    table = json.loads(files("domain").joinpath("municipalities.json").read_text("utf-8"))
    municipalities = tuple(
        Municipality(name, PoliceDistrict(district["code"]))
        for district in table["police_districts"]
        for name in district["municipalities"]
    )
    by_key = {_key(m.name): m for m in municipalities}
    for spelling, canonical in table["same_municipality"].items():
        by_key[_key(spelling)] = by_key[_key(canonical)]
    return municipalities, by_key


MUNICIPALITIES, _BY_KEY = _load()
"""All 98, district by district in the order of the source table."""


def municipality_named(name: str) -> Municipality | None:
    """The municipality a school names, however it is written; None if Denmark has none.

    Case, surrounding space, hyphens and a trailing " Kommune" or " Kommunes" do not
    matter, and the older or other spellings the source lists ("Århus",
    "Brønderslev-Dronninglund", "Vesthimmerland", "Nordfyn", "Taarnby", "Copenhagen",
    "Københavns", "Bornholms Regionskommune") name the same municipality.
    """
    return _BY_KEY.get(_key(name))


def municipalities_in(district: PoliceDistrict) -> tuple[Municipality, ...]:
    return tuple(m for m in MUNICIPALITIES if m.police_district is district)
