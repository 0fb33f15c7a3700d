"""Denmark's 12 police districts (politikredse), by which cases are routed to the police.

Faroe Islands and Greenland are outside the national project and are not listed. Each
of the 98 municipalities belongs to exactly one district (``domain.municipalities``).
The codes are stored and travel in published contracts: they never change.
"""

from __future__ import annotations

from enum import StrEnum


class PoliceDistrict(StrEnum):
    NORDJYLLAND = "nordjylland"
    OESTJYLLAND = "oestjylland"
    MIDT_OG_VESTJYLLAND = "midt-og-vestjylland"
    SYDOESTJYLLAND = "sydoestjylland"
    SYD_OG_SOENDERJYLLAND = "syd-og-soenderjylland"
    FYN = "fyn"
    SYDSJAELLAND_OG_LOLLAND_FALSTER = "sydsjaelland-og-lolland-falster"
    MIDT_OG_VESTSJAELLAND = "midt-og-vestsjaelland"
    NORDSJAELLAND = "nordsjaelland"
    KOEBENHAVNS_VESTEGN = "koebenhavns-vestegn"
    KOEBENHAVN = "koebenhavn"
    BORNHOLM = "bornholm"

    @property
    def danish_name(self) -> str:
        return _DANISH_NAMES[self]

    @classmethod
    def of_organisation(cls, organisation: str) -> PoliceDistrict | None:
        """The district a police organisation names, by code or Danish name."""
        wanted = organisation.strip().casefold()
        for district in cls:
            if wanted in (district.value, district.danish_name.casefold()):
                return district
        return None


_DANISH_NAMES = {
    PoliceDistrict.NORDJYLLAND: "Nordjyllands Politi",
    PoliceDistrict.OESTJYLLAND: "Østjyllands Politi",
    PoliceDistrict.MIDT_OG_VESTJYLLAND: "Midt- og Vestjyllands Politi",
    PoliceDistrict.SYDOESTJYLLAND: "Sydøstjyllands Politi",
    PoliceDistrict.SYD_OG_SOENDERJYLLAND: "Syd- og Sønderjyllands Politi",
    PoliceDistrict.FYN: "Fyns Politi",
    PoliceDistrict.SYDSJAELLAND_OG_LOLLAND_FALSTER: "Sydsjællands og Lolland-Falsters Politi",
    PoliceDistrict.MIDT_OG_VESTSJAELLAND: "Midt- og Vestsjællands Politi",
    PoliceDistrict.NORDSJAELLAND: "Nordsjællands Politi",
    PoliceDistrict.KOEBENHAVNS_VESTEGN: "Københavns Vestegns Politi",
    PoliceDistrict.KOEBENHAVN: "Københavns Politi",
    PoliceDistrict.BORNHOLM: "Bornholms Politi",
}


def same_name(a: str, b: str) -> bool:
    """Whether two names of a place or an organisation are the same, as people write them."""
    return a.strip().casefold() == b.strip().casefold()
