"""Kafka topic names. Each topic has exactly one producing service."""

from __future__ import annotations

SCHOOL_CASE_EVENTS = "samspil.school.case-events"
"""Case events published by the school service, keyed by case id."""

POLICE_CASE_EVENTS = "samspil.police-liaison.case-events"
"""What the police liaison tells schools (acknowledgements, evidence decisions), by case id."""

SSP_COORDINATION_EVENTS = "samspil.ssp.coordination-events"
"""What SSP tells schools (a case is linked), the police (a cluster alert) and the
matching deployment (a case's material, offered or withdrawn), by case id."""

MATCHING_EVENTS = "samspil.matching.events"
"""What the matching deployment tells SSP deployments (their cases in an incident that
spans others), by case id."""

AUDIT_CHECKPOINTS = "samspil.audit.checkpoints"
"""Every deployment's signed chain checkpoints, keyed by deployment id; every deployment
keeps the others', each under its own deployment."""


DIRECTORY = "samspil.directory"
"""The directory of deployments (``contracts.directory``), keyed by deployment id and
compacted: the latest signed entry of every deployment stays on it."""

COMPACTED = frozenset({DIRECTORY})
"""Topics that keep the latest message of each key, not every message."""


def dead_letter_topic(service: str) -> str:
    """Where a service puts the messages it could not accept, with the reason."""
    return f"samspil.{service.replace('_', '-')}.dead-letter"
