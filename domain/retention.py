"""Retention: how long a closed case is kept, by how it ended (a municipality's policy)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from domain.case_facts import Outcome

DAYS_PER_YEAR = 365.25


def retention_due(
    closed_at: datetime, outcome: Outcome, policy: Mapping[Outcome, float], now: datetime
) -> bool:
    """Due when the policy names the outcome and that many years have passed since closure.

    An outcome the policy does not name is kept: erasure is never a default.
    """
    years = policy.get(outcome)
    return years is not None and closed_at + timedelta(days=years * DAYS_PER_YEAR) <= now
