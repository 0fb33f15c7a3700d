"""How far an incident reaches across municipalities: what an SSP deployment may know of
the cases other SSPs handle (counts, and which municipalities and districts)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.geography import PoliceDistrict


@dataclass(frozen=True)
class DistrictCount:
    district: PoliceDistrict
    cases: int


@dataclass(frozen=True)
class NationalExtent:
    """How far an incident reaches, as one SSP is told it."""

    cases: int
    schools: int
    municipalities: tuple[str, ...]
    police_districts: tuple[DistrictCount, ...]
    highest_level: int | None
    serious: bool

    def cases_in(self, district: PoliceDistrict) -> int:
        return next((d.cases for d in self.police_districts if d.district is district), 0)
