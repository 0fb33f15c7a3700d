"""What services tell each other about their stores: signed chain checkpoints (version 1).

Each service keeps the others' checkpoints, so a service that rewrites history it
already shared is caught by their copies.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
