"""Deployments: every running service is one, named for whom it serves.

In Denmark each municipality runs its own school and SSP systems and each police
district its own liaison, so there are many deployments of each kind. A deployment id
is its kind and, after a dot, whom it serves: ``school.hjoerring``, ``ssp.hjoerring``,
``police.nordjylland``. A kind alone (``school``) names the one deployment of a system
that runs one of each, as the embedded default does.

What a deployment publishes is tracked by its receivers under its id, so two school
deployments that both publish their notification 5 are two sources, never one message
seen twice.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

Kind = Literal["school", "ssp", "police_liaison", "matching"]
"""What a deployment runs: one of the three agencies' services, or the content-blind
matching that links material across SSP deployments (``contracts.matching_events``)."""

DEPLOYMENT_ID_V1 = r"^(school|ssp|police|police_liaison)(\.[a-z0-9][a-z0-9-]{0,62})?$"
"""As ``Sealed.v2`` was published, before there was a matching deployment."""

DEPLOYMENT_ID = r"^(school|ssp|police|police_liaison|match)(\.[a-z0-9][a-z0-9-]{0,62})?$"

DeploymentIdV1 = Annotated[str, Field(pattern=DEPLOYMENT_ID_V1, max_length=80)]
DeploymentId = Annotated[str, Field(pattern=DEPLOYMENT_ID, max_length=80)]

_KINDS: dict[str, Kind] = {
    "school": "school",
    "ssp": "ssp",
    "police": "police_liaison",
    "police_liaison": "police_liaison",
    "match": "matching",
}


def kind_of(deployment: str) -> Kind:
    """Which service a deployment runs: ``police.nordjylland`` runs the police liaison,
    ``match.national`` the matching."""
    return _KINDS[deployment.split(".", 1)[0]]
