"""What each school command takes: the request bodies of the school's API.

Requests refuse unknown fields, so nothing unexpected (such as a file) slips in, and
every free-text field is as long as its purpose (``services.kit.text_fields``).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from domain.case_facts import (
    Audience,
    ComplaintOutcome,
    ConsentGiver,
    DeletionProof,
    EvidenceHolder,
    EvidenceKind,
    HelpItem,
    InvolvedParty,
    InvolvedRole,
    Outcome,
    Referral,
    ReopenReason,
    ReportChannel,
    ReportFiler,
    Spread,
    TakedownOutcome,
)
from domain.fingerprints import Fingerprint, FingerprintKind
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, MaterialFeature, Provision, Track, VictimReaction
from domain.municipalities import (
    NotTheMunicipalitysDistrict,
    UnknownMunicipality,
    municipality_named,
)
from domain.offences import OffenceCategory
from services.kit import text_fields as text

BeforeParents = Field(
    None,
    description="Why this Stop step cannot wait until the parents of the minor are involved "
    "(required until they are, or the value-jump rule is recorded).",
)


class Command(BaseModel):
    """Requests refuse unknown fields: nothing unexpected (such as a file) slips in."""

    model_config = ConfigDict(extra="forbid")


class ReportCase(Command):
    """What a school records when a case comes to its attention (never the material itself).

    The case goes to the police of its district, so the district is the municipality's:
    left out, it is filled in from the table of Denmark's municipalities; given, it must
    agree with it.
    """

    institution: text.InstitutionName = Field(examples=["Hjørring Gymnasium"])
    municipality: text.MunicipalityName = Field(
        examples=["Hjørring"],
        description="One of Denmark's 98 municipalities, with or without 'Kommune'; "
        "kept under its official name.",
    )
    police_district: PoliceDistrict | None = Field(
        None,
        validate_default=True,
        description="Leave out to take the municipality's police district.",
    )
    offence_category: OffenceCategory
    victim_is_minor: bool
    description: text.CaseDescription = Field(
        description="A short description of what happened. Never the images themselves."
    )

    @field_validator("municipality")
    @classmethod
    def _a_danish_municipality(cls, value: str) -> str:
        """The official name; a name Denmark has no municipality by is refused (422)."""
        found = municipality_named(value)
        if found is None:
            raise UnknownMunicipality()
        return found.name

    @field_validator("police_district")
    @classmethod
    def _the_municipalitys_district(
        cls, value: PoliceDistrict | None, info: ValidationInfo
    ) -> PoliceDistrict | None:
        """The municipality's district when left out; any other district is refused (422)."""
        found = municipality_named(info.data.get("municipality", ""))
        if found is None:  # the municipality is refused already
            return value
        if value not in (None, found.police_district):
            raise NotTheMunicipalitysDistrict(found)
        return found.police_district


class Involved(Command):
    role: InvolvedRole
    description: text.PersonDescription = Field(
        description="Who, without a name: e.g. 'classmate in 8.b'."
    )
    is_minor: bool | None = None
    same_school: bool | None = Field(
        None, description="A pupil at the victim's own school (special measures, seed 004)."
    )

    def to_domain(self) -> InvolvedParty:
        return InvolvedParty(self.role, self.description, self.is_minor, self.same_school)


class UncoverFacts(Command):
    """Afdæk: who is involved, what happened, where, how far it spread, the victim's age."""

    involved: list[Involved] = Field(max_length=200)
    what_happened: text.Description
    where: text.Place
    spread: Spread
    victim_age: int | None = Field(None, ge=5, le=99)


class Assess(Command):
    """Vurder: the level is suggested from the material and the reaction; override with a reason."""

    material: list[MaterialFeature] = Field(max_length=6)
    reaction: VictimReaction
    context: Context
    provisions: list[Provision] = Field(default_factory=list, max_length=3)
    track: Track
    level: Level | None = Field(None, description="Leave out to confirm the suggested level.")
    reason: text.Reason | None = Field(None, description="Required when overriding the suggestion.")


class Reason(Command):
    reason: text.Reason


class DeferInformingParents(Command):
    """Værdispringsreglen: why the parents are not yet told, and when that is weighed again."""

    reason: text.Reason
    reassess_by: date = Field(description="The date by which the deferral is reassessed.")


class OptionalReason(Command):
    reason: text.Reason | None = None


class AdultVictimChoice(Command):
    involved: list[text.PersonDescription] = Field(max_length=20)


class DocumentEvidence(Command):
    kind: EvidenceKind
    held_by: EvidenceHolder
    captured_at: datetime | None = None


class LogbookEntry(Command):
    who: text.PersonDescription
    what: text.Description
    where: text.Place
    when: datetime


class OffenderContact(Command):
    offender_parents_contacted: bool
    before_parents_because: text.Reason | None = BeforeParents


class DeletionRequest(Command):
    from_whom: text.PersonDescription
    before_parents_because: text.Reason | None = BeforeParents


class DeletionConfirmation(Command):
    request_id: UUID = Field(description="The deletion request this confirms.")
    proof: DeletionProof
    shared_with_count: int = Field(ge=0, le=100_000)


class Platform(Command):
    platform: text.PlatformName = Field(examples=["Snapchat"])


class TakedownRequest(Platform):
    before_parents_because: text.Reason | None = BeforeParents


class ComplaintDecision(Platform):
    """Datatilsynet's answer to the complaint about a platform's refusal."""

    outcome: ComplaintOutcome


class FingerprintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FingerprintKind = Field(description="pdq (image), md5 (video) or sha256 (any file)")
    value: str = Field(
        min_length=32,
        max_length=64,
        pattern=r"^[0-9a-fA-F]+$",
        description="The hash in hexadecimal: 64 digits for pdq and sha256, 32 for md5.",
    )

    @field_validator("value")
    @classmethod
    def _well_formed(cls, value: str, info: ValidationInfo) -> str:
        """Lower-cased; a value that is not a hash of its kind is refused (422, on ``value``)."""
        if "kind" in info.data:  # NotAFingerprint is a ValueError
            Fingerprint(info.data["kind"], value.lower())
        return value.lower()

    def to_domain(self) -> Fingerprint:
        return Fingerprint(self.kind, self.value)


class NamePerson(Command):
    """A person involved, by CPR number: only its pseudonym (SSP's key) is kept."""

    role: InvolvedRole
    national_id: str = Field(
        pattern=r"^\d{6}-?\d{4}$",
        description="CPR number (DDMMYY-XXXX). Used once to compute the pseudonym; never kept.",
    )


class RecordFingerprints(Command):
    """Fingerprints computed where the material is (``samspil fingerprint FILE``)."""

    fingerprints: list[FingerprintIn] = Field(min_length=1, max_length=50)


class TakedownResult(Platform):
    outcome: TakedownOutcome


class Cooperation(Command):
    schools: list[text.InstitutionName] = Field(min_length=1, max_length=50)


class PoliceReport(Command):
    filed_by: ReportFiler
    provision: Provision
    channel: ReportChannel


class Note(Command):
    note: text.Note


class Referring(Command):
    to: Referral


class Consent(Command):
    given_by: ConsentGiver
    audience: Audience


class Surroundings(Command):
    audience: Audience


class Close(Command):
    outcome: Outcome
    reason: text.Reason | None = Field(
        None, description="Required when steps are still due: why they are left open."
    )


class Reopen(Command):
    reason: text.Reason
    because: ReopenReason = Field(
        ReopenReason.OTHER, description="Decides which steps are due again."
    )


class GiveHelp(Command):
    """Help to those concerned, as the handling model and the card describe it."""

    item: HelpItem
    note: text.Note | None = None


class ParentUpdates(Command):
    """Seed 004: how often school and home update each other about the case."""

    every_days: int = Field(ge=1, le=90)


class Assign(Command):
    """Give an item of the card to a named colleague, who sees it first and is reminded."""

    item: text.ItemKey
    person_id: text.PersonId


class Erase(Command):
    reason: text.ErasureReason = Field(
        description="Why, without personal data: e.g. 'GDPR art. 17 request 2026-41'.",
    )
