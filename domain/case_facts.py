"""Value objects a case records along the action card (actioncard, seed 004).

They describe people, evidence and outcomes in words and categories; none of them
can hold the material itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActionStep(StrEnum):
    """The five steps of the action card, in order."""

    VURDER = "vurder"
    """Assess: uncover, assess, involve."""
    DOKUMENTER = "dokumenter"
    """Document: keep evidence, note a logbook."""
    STOP = "stop"
    """Stop the offence: offender, deletion, platforms, cooperation."""
    ANMELD = "anmeld"
    """Report: police report, underretning, insurance."""
    BEHANDL = "behandl"
    """Follow up: sparring, help, surroundings."""


class InvolvedRole(StrEnum):
    VICTIM = "victim"
    KNOWN_OFFENDER = "known_offender"
    UNKNOWN_OFFENDER = "unknown_offender"
    PASSIVE_SHARER = "passive_sharer"
    """Someone who passed the material on without being its origin."""


@dataclass(frozen=True)
class InvolvedParty:
    """Someone involved, described without a name (e.g. "classmate in 8.b")."""

    role: InvolvedRole
    description: str
    is_minor: bool | None = None


class Spread(StrEnum):
    """How far the sharing has spread."""

    NOT_SHARED = "not_shared"
    FEW_PEOPLE = "few_people"
    GROUP_CHAT = "group_chat"
    SCHOOL_WIDE = "school_wide"
    PUBLIC_ONLINE = "public_online"
    UNKNOWN = "unknown"


class EvidenceKind(StrEnum):
    SCREENSHOT = "screenshot"
    RECORDING = "recording"
    MESSAGE = "message"
    NAMES_OF_INVOLVED = "names_of_involved"


class EvidenceHolder(StrEnum):
    """Who keeps the evidence. Never the school: professionals must not keep the material."""

    VICTIM = "victim"
    PARENTS = "parents"
    POLICE = "police"


class DeletionProof(StrEnum):
    SHOWN_IN_PERSON = "shown_in_person"
    SCREENSHOT_OF_DELETION = "screenshot_of_deletion"
    WRITTEN_CONFIRMATION = "written_confirmation"
    NONE = "none"


class TakedownOutcome(StrEnum):
    REMOVED = "removed"
    REFUSED = "refused"
    PENDING = "pending"


class ReportFiler(StrEnum):
    VICTIM = "victim"
    PARENTS = "parents"
    SCHOOL = "school"


class ReportChannel(StrEnum):
    """At the station, by phone 114, or online."""

    STATION = "station"
    PHONE_114 = "phone_114"
    ONLINE = "online"


class Referral(StrEnum):
    PSYCHOLOGIST = "psychologist"
    LAWYER = "lawyer"
    RED_BARNET_SLETDET = "red_barnet_sletdet"
    BOERNETELEFONEN = "boernetelefonen"
    CYBERHUS = "cyberhus"
    CENTER_FOR_SEKSUELLE_OVERGREB = "center_for_seksuelle_overgreb"


class Audience(StrEnum):
    """Who in the surroundings is told (omgivelserne)."""

    CLASS = "class"
    SCHOOL = "school"
    OTHER_PARENTS = "other_parents"


class ConsentGiver(StrEnum):
    VICTIM = "victim"
    PARENTS = "parents"


class Outcome(StrEnum):
    """How a case ended."""

    RESOLVED = "resolved"
    TRANSFERRED_TO_POLICE = "transferred_to_police"
    TRANSFERRED_TO_AUTHORITY = "transferred_to_authority"
    NO_FURTHER_ACTION = "no_further_action"
