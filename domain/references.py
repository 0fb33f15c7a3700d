"""Short references people speak of a case or a cluster by: "SAG-1A2B3C4D".

Every console shows the same reference for the same case (the school's, SSP's and the
police's), so a teacher, a consultant and an officer on the phone mean one case. It is
derived from the id, carries no content and is no secret: opening the case still takes
access to it.
"""

from __future__ import annotations

from uuid import UUID


def case_reference(case_id: UUID) -> str:
    return f"SAG-{case_id.hex[:8].upper()}"


def cluster_reference(cluster_id: UUID) -> str:
    return f"KLYNGE-{cluster_id.hex[:8].upper()}"
