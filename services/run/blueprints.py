"""The deployable services, by name: the three agencies', and the matching."""

from __future__ import annotations

from typing import Any

from infra.settings import ServiceName
from services.kit.service import Blueprint
from services.matching.service import BLUEPRINT as MATCHING
from services.police_liaison.service import BLUEPRINT as POLICE_LIAISON
from services.school.service import BLUEPRINT as SCHOOL
from services.ssp.service import BLUEPRINT as SSP

BLUEPRINTS: dict[ServiceName, Blueprint[Any]] = {
    "school": SCHOOL,
    "ssp": SSP,
    "police_liaison": POLICE_LIAISON,
    "matching": MATCHING,
}
