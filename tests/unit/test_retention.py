"""Retention is due exactly when the policy's years after closure have passed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.case_facts import Outcome
from domain.retention import DAYS_PER_YEAR, retention_due

CLOSED = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = {Outcome.RESOLVED: 5.0}


def test_due_from_the_end_of_the_period_not_before() -> None:
    end = CLOSED + timedelta(days=5 * DAYS_PER_YEAR)
    assert not retention_due(CLOSED, Outcome.RESOLVED, POLICY, end - timedelta(seconds=1))
    assert retention_due(CLOSED, Outcome.RESOLVED, POLICY, end)


def test_an_outcome_the_policy_does_not_name_is_kept() -> None:
    far_future = CLOSED + timedelta(days=100 * DAYS_PER_YEAR)
    assert not retention_due(CLOSED, Outcome.TRANSFERRED_TO_POLICE, POLICY, far_future)
