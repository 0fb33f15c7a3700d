"""How value types that more than one service stores are written into events."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Transcoding

from domain.geography import PoliceDistrict
from domain.national_extent import DistrictCount, NationalExtent


class NationalExtentAsDict(Transcoding):
    type = NationalExtent
    name = "national_extent"

    def encode(self, obj: NationalExtent) -> dict[str, Any]:
        return {
            **vars(obj),
            "municipalities": list(obj.municipalities),
            "police_districts": [[d.district.value, d.cases] for d in obj.police_districts],
        }

    def decode(self, data: dict[str, Any]) -> NationalExtent:
        return NationalExtent(
            **{
                **data,
                "municipalities": tuple(data["municipalities"]),
                "police_districts": tuple(
                    DistrictCount(PoliceDistrict(d), n) for d, n in data["police_districts"]
                ),
            }
        )
