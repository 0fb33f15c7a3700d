"""Value objects a case records along the action card (actioncard, seed 004).

They describe people, evidence and outcomes in words and categories; none of them
can hold the material itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from domain.actors import Actor


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
    same_school: bool | None = None
    """A pupil at the victim's own school (særlige tiltag, seed 004)."""


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
    RED_BARNET_HOTLINE = "red_barnet_hotline"
    """Red Barnets hotline, (+45) 35 36 55 55: advice and crisis help, anonymously (seed 004)."""
    SIKKERCHAT = "sikkerchat"
    """Sikkerchat, (+45) 29 27 01 01: professionals who support a pupil, anonymously."""
    BOERNETELEFONEN = "boernetelefonen"
    CYBERHUS = "cyberhus"
    CENTER_FOR_SEKSUELLE_OVERGREB = "center_for_seksuelle_overgreb"

    @property
    def needs_parents(self) -> bool:
        """Help a child may seek anonymously (the hotlines, Cyberhus, SletDet) does not
        wait for the parents; a psychologist, a lawyer or a hospital centre does."""
        return self in (
            Referral.PSYCHOLOGIST,
            Referral.LAWYER,
            Referral.CENTER_FOR_SEKSUELLE_OVERGREB,
        )


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


# ------------------------------------------------------------------ what a case remembers


@dataclass(frozen=True)
class Deed:
    """Who did something on a case, and when: what makes a checklist item done."""

    actor: Actor
    at: datetime


class EvidenceHold(StrEnum):
    """The police's decision on the material (bevissikring), as the school last heard it."""

    UNDECIDED = "undecided"
    HELD = "held"
    """The police secure evidence: nothing is deleted meanwhile."""
    RELEASED = "released"
    """The police have decided how the material may be deleted."""


@dataclass(frozen=True)
class PoliceContact:
    """A notification to the district's police liaison, and its acknowledgement."""

    notification_id: UUID
    sent: Deed
    acknowledged: Deed | None = None


@dataclass(frozen=True)
class Deferral:
    """Værdispringsreglen: the parents are not yet told, and when that is weighed again."""

    reason: str
    reassess_by: date | None
    recorded: Deed


@dataclass(frozen=True)
class DeletionRequest:
    """One request to someone who holds the material to delete it; done when confirmed."""

    request_id: UUID
    from_whom: str
    requested: Deed
    confirmed: Deed | None = None
    proof: DeletionProof | None = None


class ComplaintOutcome(StrEnum):
    """Datatilsynet's answer to a complaint about a platform's refusal."""

    PENDING = "pending"
    UPHELD = "upheld"
    """Datatilsynet agrees: the platform must remove the material."""
    REJECTED = "rejected"


@dataclass(frozen=True)
class Complaint:
    filed: Deed
    outcome: ComplaintOutcome = ComplaintOutcome.PENDING
    decided: Deed | None = None


@dataclass(frozen=True)
class Takedown:
    """A takedown request at one platform; only a removal stops it."""

    platform: str
    requested: Deed
    outcome: TakedownOutcome = TakedownOutcome.PENDING
    answered: Deed | None = None
    complaint: Complaint | None = None


@dataclass(frozen=True)
class Evidence:
    """That evidence exists and who keeps it (never the school)."""

    kind: EvidenceKind
    held_by: EvidenceHolder


@dataclass(frozen=True)
class NamedPerson:
    """A person involved, by the pseudonym SSP's key gives their identifier."""

    role: InvolvedRole
    pseudonym: str


@dataclass(frozen=True)
class PoliceReport:
    """A police report that was filed: by whom, under which provision, and the deed."""

    filed_by: ReportFiler
    provision: str
    """The straffelov provision, as ``domain.handling_model.Provision`` names it."""
    recorded: Deed


@dataclass(frozen=True)
class LinkedIncident:
    """SSP found the same material in other schools' cases: how widely, never which."""

    cluster_id: UUID
    schools: int
    municipalities: int


class ReopenReason(StrEnum):
    """Why a closed case is reopened; it decides which steps are due again."""

    MATERIAL_RESURFACED = "material_resurfaced"
    """Billedet er dukket op igen: document and stop it again."""
    NEW_FACTS = "new_facts"
    """Nye oplysninger: uncover and assess again."""
    NEW_OFFENCE = "new_offence"
    """A new offence against the victim: the whole card again."""
    OTHER = "other"


class Arrival(StrEnum):
    """What another agency sent after the case was closed."""

    POLICE_ACKNOWLEDGED = "police_acknowledged"
    EVIDENCE_HELD = "evidence_held"
    EVIDENCE_RELEASED = "evidence_released"
    LINKED_TO_INCIDENT = "linked_to_incident"
    SSP_ADVICE = "ssp_advice"


@dataclass(frozen=True)
class ArrivedAfterClosing:
    what: Arrival
    deed: Deed


class HelpItem(StrEnum):
    """Help to those concerned, as seed 001 (by level) and seed 004 (by role) describe it.

    When each applies, at which level it is required or recommended and who is
    responsible is the catalogue in ``domain.help``.
    """

    SUPPORTIVE_TALKS = "supportive_talks"
    NORMALISING = "normalising"
    PSYCHOLOGIST_NEED = "psychologist_need"
    FRIEND_TO_TALK_TO = "friend_to_talk_to"
    FEELINGS_TAKEN_SERIOUSLY = "feelings_taken_seriously"
    PASSIVE_SHARERS_CONTACTED = "passive_sharers_contacted"
    RULES_AND_SANCTIONS = "rules_and_sanctions"
    SAME_SCHOOL_MEASURES = "same_school_measures"
    CLASS_TALK_AGREED = "class_talk_agreed"
    NOT_GIVING_IN = "not_giving_in"
    CONTACT_STOPPED = "contact_stopped"
    OFFENDER_CONTACT_PERSON = "offender_contact_person"
    SSP_ADVICE_TO_OFFENDER = "ssp_advice_to_offender"
