"""Each deployment keeps copies of the others' checkpoints, and only genuine ones."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

from contracts.audit_events import CheckpointV1, CheckpointV2
from contracts.topics import AUDIT_CHECKPOINTS
from infra.audit_chain import ChainStore, Checkpoint, SigningKey
from infra.key_exchange import TrustDirectory, signing_key
from infra.settings import Settings
from tests.handlers.conftest import Harness


def version_1(checkpoint: Checkpoint) -> bytes:
    """As checkpoints were shared before deployments had ids: naming the kind."""
    fields = asdict(checkpoint)
    return CheckpointV1(service=fields.pop("deployment"), **fields).model_dump_json().encode()


def as_message(key: SigningKey, position: int) -> bytes:
    return version_1(key.sign("police_liaison", position, os.urandom(32).hex()))


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


FREDERIKSBERG = "school.frederiksberg"
GENTOFTE = "school.gentofte"


def deployed_message(key: SigningKey, deployment: str, position: int) -> bytes:
    """A checkpoint as a deployment shares it: version 2, naming the deployment."""
    checkpoint = key.sign(deployment, position, os.urandom(32).hex())
    return CheckpointV2(**asdict(checkpoint)).model_dump_json().encode()


def two_school_deployments(tmp_path: Path) -> dict[str, SigningKey]:
    """Frederiksberg's and Gentofte's schools, each with its key in the trust directory."""
    trust = TrustDirectory(Settings(_env_file=None, data_dir=tmp_path).trust_path())
    keys = {}
    for deployment in (FREDERIKSBERG, GENTOFTE):
        keys[deployment] = SigningKey(tmp_path / deployment / "signing.key")
        trust.publish(deployment, keys[deployment])
    return keys


async def test_two_deployments_of_one_kind_keep_their_own_chains_and_neither_signs_for_the_other(
    harness: Harness, tmp_path: Path
) -> None:
    ssp, broker, dead = await harness("ssp")
    keys = two_school_deployments(tmp_path)
    # Both number their chains from 1: one position, two histories.
    for deployment in (FREDERIKSBERG, GENTOFTE):
        message = deployed_message(keys[deployment], deployment, 7)
        await broker.publish(message, AUDIT_CHECKPOINTS, key=deployment.encode())
    # Frederiksberg's key signing for Gentofte is refused, first or not.
    forged = deployed_message(keys[FREDERIKSBERG], GENTOFTE, 9)
    await broker.publish(forged, AUDIT_CHECKPOINTS, key=GENTOFTE.encode())
    await broker.publish(
        deployed_message(keys[GENTOFTE], GENTOFTE, 9), AUDIT_CHECKPOINTS, key=GENTOFTE.encode()
    )

    chain = ChainStore(ssp.store_sql)
    for deployment, positions in ((FREDERIKSBERG, [7]), (GENTOFTE, [7, 9])):
        kept = chain.checkpoints(deployment)
        assert [c.notification_id for c in kept] == positions
        assert all(c.deployment == deployment for c in kept)
        assert all(c.signature_valid(keys[deployment].public_key) for c in kept)
    ours, theirs = (chain.checkpoints(d)[0] for d in (FREDERIKSBERG, GENTOFTE))
    assert ours.chain_hash != theirs.chain_hash, "each deployment's own history at 7"
    assert chain.checkpoints("school") == [], "neither is the one school of a system"
    ((_, headers),) = dead
    assert headers["samspil-dead-letter-reason"] == f"not signed by {GENTOFTE}'s trusted key"


async def test_a_version_1_checkpoint_names_the_one_deployment_of_its_kind(
    harness: Harness, tmp_path: Path
) -> None:
    ssp, broker, dead = await harness("ssp")
    keys = two_school_deployments(tmp_path)
    old = version_1(keys[GENTOFTE].sign("school", 3, os.urandom(32).hex()))
    await broker.publish(old, AUDIT_CHECKPOINTS)
    chain = ChainStore(ssp.store_sql)
    assert [chain.checkpoints(d) for d in ("school", FREDERIKSBERG, GENTOFTE)] == [[], [], []]
    ((_, headers),) = dead
    assert headers["samspil-dead-letter-reason"] == "no trusted key for school"


async def test_a_deployment_keeps_its_kinds_other_deployments_checkpoints_not_its_own_copy(
    harness: Harness, tmp_path: Path
) -> None:
    keys = two_school_deployments(tmp_path)
    school, broker, dead = await harness("school", deployment_id=GENTOFTE)
    for deployment in (FREDERIKSBERG, GENTOFTE):
        message = deployed_message(keys[deployment], deployment, 5)
        await broker.publish(message, AUDIT_CHECKPOINTS, key=deployment.encode())
    chain = ChainStore(school.store_sql)
    assert [c.notification_id for c in chain.checkpoints(FREDERIKSBERG)] == [5]
    assert chain.checkpoints(GENTOFTE) == [], "its own are kept when it signs them"
    assert dead == []
