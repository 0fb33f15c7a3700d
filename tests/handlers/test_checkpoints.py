"""Each service keeps copies of the others' checkpoints, and only genuine ones."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

from contracts.audit_events import CheckpointV1
from contracts.topics import AUDIT_CHECKPOINTS
from infra.audit_chain import ChainStore, SigningKey
from infra.key_exchange import signing_key
from infra.settings import Settings
from tests.handlers.conftest import Harness


def as_message(key: SigningKey, position: int) -> bytes:
    checkpoint = key.sign("police_liaison", position, os.urandom(32).hex())
    return CheckpointV1(**asdict(checkpoint)).model_dump_json().encode()


async def test_a_forged_checkpoint_is_set_aside_and_never_takes_a_genuine_ones_place(
    harness: Harness, tmp_path: Path
) -> None:
    school, broker, dead = await harness("school")
    await harness("police_liaison")  # puts its public key in the trust directory
    genuine = signing_key(Settings(_env_file=None, data_dir=tmp_path), "police_liaison")
    forger = SigningKey(tmp_path / "forger.key")

    for position in range(1, 40):
        await broker.publish(as_message(forger, position), AUDIT_CHECKPOINTS)
    await broker.publish(as_message(genuine, 7), AUDIT_CHECKPOINTS)

    kept = ChainStore(school.store_sql).checkpoints("police_liaison")
    assert [(c.notification_id, c.public_key) for c in kept] == [(7, genuine.public_key)]
    assert kept[0].signature_valid(genuine.public_key)
    assert len(dead) == 39
    assert all(
        "not signed by police_liaison's trusted key" in h["samspil-dead-letter-reason"]
        for _, h in dead
    )


async def test_a_checkpoint_of_a_service_without_a_trusted_key_is_set_aside(
    harness: Harness, tmp_path: Path
) -> None:
    school, broker, dead = await harness("school")  # no police liaison in this trust directory
    stranger = SigningKey(tmp_path / "stranger.key")
    await broker.publish(as_message(stranger, 3), AUDIT_CHECKPOINTS)
    assert ChainStore(school.store_sql).checkpoints("police_liaison") == []
    ((_, headers),) = dead
    assert headers["samspil-dead-letter-reason"] == "no trusted key for police_liaison"
