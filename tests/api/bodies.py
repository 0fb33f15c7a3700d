"""A valid request body for each command, by the last segment of its path."""

from __future__ import annotations

from typing import Any

from tests.system import a_report

BODIES: dict[str, dict[str, Any] | None] = {
    "cases": a_report(),
    "facts": {"involved": [], "what_happened": "x", "where": "y", "spread": "unknown"},
    "assessment": {
        "material": ["naked_body"],
        "reaction": "needs_help",
        "context": "A",
        "track": "pedagogical",
    },
    "parents-not-yet-informed": {"reason": "risk at home", "reassess_by": "2030-01-01"},
    "adult-victim-involvement": {"involved": ["sister"]},
    "evidence": {"kind": "message", "held_by": "victim"},
    "logbook": {"who": "a", "what": "b", "where": "c", "when": "2026-11-01T10:00:00Z"},
    "offender-contacts": {"offender_parents_contacted": True},
    "deletion-requests": {"from_whom": "classmate"},
    "deletion-confirmations": {
        "request_id": "00000000-0000-4000-8000-000000000001",
        "proof": "none",
        "shared_with_count": 0,
    },
    "datatilsynet-decisions": {"platform": "Snapchat", "outcome": "upheld"},
    "help": {"item": "supportive_talks"},
    "parent-updates-agreement": {"every_days": 7},
    "takedown-requests": {"platform": "Snapchat"},
    "people": {"role": "known_offender", "national_id": "010203-1234"},
    "fingerprints": {
        "fingerprints": [{"kind": "md5", "value": "9e107d9d372bb6826bd81d3542a419d6"}]
    },
    "takedown-outcomes": {"platform": "Snapchat", "outcome": "pending"},
    "datatilsynet-complaints": {"platform": "Snapchat"},
    "cooperation-requests": {"schools": ["Nabo Skole"]},
    "police-reports": {"filed_by": "parents", "provision": "§264d", "channel": "online"},
    "underretninger": {"reason": "parents decline a report"},
    "ssp-sparring": {"note": "n"},
    "referrals": {"to": "cyberhus"},
    "consents": {"given_by": "victim", "audience": "class"},
    "surroundings-informed": {"audience": "class"},
    "press": {"note": "n"},
    "close": {"outcome": "resolved"},
    "reopen": {"reason": "r"},
    "assignments": {"item": "involve_parents", "person_id": "studievejleder-mette"},
    "erasure": {"reason": "GDPR art. 17 request"},
    # SSP
    "coordination-steps": {"step": "advice_given", "counterpart": "Frederiksberg Skole"},
    "shared-municipalities": {"municipality": "Gentofte"},
    "dismiss": {"reason": "not the same video"},
}
