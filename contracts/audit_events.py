"""What deployments tell each other about their stores: signed chain checkpoints.

Each deployment keeps the others' checkpoints, so one that rewrites history it already
shared is caught by their copies. Version 2 names the deployment (``school.gentofte``):
two deployments of one kind keep two chains, both numbered from 1, and their copies must
never be taken for one another. Version 1 named the kind only, which is the one
deployment of that kind (as a system running one of each still is).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import DeploymentId
from contracts.envelope import ServiceName


class CheckpointV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: Literal["Checkpoint"] = "Checkpoint"
    schema_version: Literal[1] = 1
    service: ServiceName
    notification_id: int = Field(ge=1)
    chain_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    signed_at: str = Field(min_length=1, max_length=64)
    signature: str = Field(min_length=1, max_length=200)
    public_key: str = Field(min_length=1, max_length=100)

    @property
    def deployment(self) -> str:
        """Whose chain this is: before deployments had ids, the one deployment of the kind."""
        return self.service


class CheckpointV2(BaseModel):
    """A deployment's signed chain head; the signature covers the deployment id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: Literal["Checkpoint"] = "Checkpoint"
    schema_version: Literal[2] = 2
    deployment: DeploymentId
    notification_id: int = Field(ge=1)
    chain_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    signed_at: str = Field(min_length=1, max_length=64)
    signature: str = Field(min_length=1, max_length=200)
    public_key: str = Field(min_length=1, max_length=100)


AnyCheckpoint = CheckpointV1 | CheckpointV2
