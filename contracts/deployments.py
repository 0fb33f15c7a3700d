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

from typing import Annotated

from pydantic import Field

from contracts.envelope import ServiceName

DEPLOYMENT_ID = r"^(school|ssp|police|police_liaison)(\.[a-z0-9][a-z0-9-]{0,62})?$"

DeploymentId = Annotated[str, Field(pattern=DEPLOYMENT_ID, max_length=80)]

_KINDS: dict[str, ServiceName] = {
    "school": "school",
    "ssp": "ssp",
    "police": "police_liaison",
    "police_liaison": "police_liaison",
}


def kind_of(deployment: str) -> ServiceName:
    """Which service a deployment runs: ``police.nordjylland`` runs the police liaison."""
    return _KINDS[deployment.split(".", 1)[0]]
