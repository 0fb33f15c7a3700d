"""The directory of deployments: who runs which, where it answers, its key, whom it serves.

Every deployment publishes its entry on a compacted topic (``DIRECTORY``), keyed by its
id, and every deployment keeps the entries it can verify. An entry is signed by the
directory authority (the national operator's Ed25519 key, which every deployment is
configured with), never by the deployment itself: a deployment cannot widen what it
serves, and an entry forged or altered on the topic is refused.

What a deployment serves decides what reaches it and which keys it may be handed: a
school case travels to the SSP deployments serving its municipality and the police
deployments serving its district (``audience``), and only they are granted its key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import DeploymentId
from domain.geography import PoliceDistrict
from domain.municipalities import municipality_named

_B64 = r"^[A-Za-z0-9+/]+={0,2}$"

AUDIENCE_TAG = r"^(municipality|police_district|deployment):[^|,\s][^|,]{0,119}$"
"""Whom a sealed event is for, in clear (``municipality:hjørring``, ``deployment:school.
aarhus``): what the directory publishes anyway, never a school's name, which would tell
anyone reading the topic where a case is (and outlive the case's erasure)."""


def municipality_tag(municipality: str) -> str:
    """However the municipality is written ("Århus", "Aarhus Kommune"), one tag."""
    known = municipality_named(municipality)
    name = known.name if known is not None else municipality.strip()
    return f"municipality:{name.casefold()}"


def district_tag(district: PoliceDistrict | str) -> str:
    return f"police_district:{PoliceDistrict(district).value}"


def deployment_tag(deployment: str) -> str:
    """One deployment: an answer goes back to the deployment whose case it is."""
    return f"deployment:{deployment}"


class ServesV1(BaseModel):
    """Whom a deployment serves. ``everything`` is for a system that runs one deployment
    of each kind (the embedded default); a directory entry names what it serves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    everything: bool = False
    municipalities: tuple[str, ...] = Field((), max_length=98)
    police_districts: tuple[PoliceDistrict, ...] = Field((), max_length=12)
    institutions: tuple[str, ...] = Field((), max_length=500)

    @classmethod
    def of(
        cls,
        *,
        municipalities: Iterable[str] = (),
        police_districts: Iterable[PoliceDistrict] = (),
        institutions: Iterable[str] = (),
    ) -> ServesV1:
        """What is named; nothing named at all means everything (one of each kind)."""
        named = (
            tuple(m.strip() for m in municipalities),
            tuple(police_districts),
            tuple(i.strip() for i in institutions),
        )
        if not any(named):
            return cls(everything=True)
        return cls(municipalities=named[0], police_districts=named[1], institutions=named[2])

    def tags(self) -> frozenset[str]:
        """The tags of the areas served. Institutions have none: what concerns a case at
        a self-governing school is addressed to the deployment the case belongs to."""
        return frozenset(
            [municipality_tag(m) for m in self.municipalities]
            + [district_tag(d) for d in self.police_districts]
        )

    def takes(self, audience: Sequence[str], *, deployment: str | None = None) -> bool:
        """Whether a message addressed to ``audience`` is for ``deployment``, which serves
        this (a message addressed to no one in particular is for every deployment that
        reads its topic; one addressed to the deployment by name is for it)."""
        named = {deployment_tag(deployment)} if deployment is not None else set()
        return self.everything or not audience or bool((self.tags() | named) & set(audience))

    def serves_municipality(self, municipality: str) -> bool:
        return self.everything or municipality_tag(municipality) in self.tags()

    def serves_district(self, district: PoliceDistrict) -> bool:
        return self.everything or district in self.police_districts

    def reach(self) -> tuple[str, ...]:
        """Whom news of this deployment as a whole is for (a school's erasure notices,
        which outlive the case): its municipalities and their police districts; empty
        (every reader) for one that serves everything or only institutions."""
        if self.everything or not self.municipalities:
            return ()
        known = [municipality_named(m) for m in self.municipalities]
        districts = sorted({m.police_district for m in known if m is not None})
        return tuple(sorted({municipality_tag(m) for m in self.municipalities})) + tuple(
            district_tag(d) for d in districts
        )


NOTHING = ServesV1()
"""What a deployment unknown to the directory serves."""


class DirectoryEntryV1(BaseModel):
    """One deployment, as the directory authority vouches for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: Literal["DirectoryEntry"] = "DirectoryEntry"
    schema_version: Literal[1] = 1
    deployment: DeploymentId
    url: str = Field(pattern=r"^https?://[^\s|]{1,200}$", description="Where it answers.")
    public_key: str = Field(pattern=_B64, max_length=64, description="Ed25519, base64.")
    serves: ServesV1
    issued_at: str = Field(min_length=1, max_length=64, description="ISO 8601, UTC.")
    signature: str = Field(pattern=_B64, max_length=128, description="The authority's.")

    def signed_part(self) -> bytes:
        """Everything but the signature, as the authority signed it."""
        return ("samspil-directory-entry|" + self.model_dump_json(exclude={"signature"})).encode()
