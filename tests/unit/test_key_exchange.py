"""The transport-key exchange: only a trusted peer gets a key, and only it can read it."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.key_exchange import KeyGrantV1, KeyGrantV2, KeyRequestV1
from contracts.sealed import case_transport_key
from infra.audit_chain import SigningKey
from infra.key_exchange import (
    KeyUnavailable,
    TrustDirectory,
    UntrustedPeer,
    accept,
    check_request,
    grant,
    make_request,
)

KEY_ID = case_transport_key("6f1c2d3e-0000-4000-8000-000000000001")


@pytest.fixture
def parties(tmp_path: Path) -> tuple[SigningKey, SigningKey, TrustDirectory]:
    school, ssp = SigningKey(tmp_path / "school.key"), SigningKey(tmp_path / "ssp.key")
    trust = TrustDirectory(tmp_path / "trust")
    trust.publish("school", school)
    trust.publish("ssp", ssp)
    return school, ssp, trust


def test_a_trusted_peer_receives_the_key_and_only_its_ephemeral_key_opens_it(
    parties: tuple[SigningKey, SigningKey, TrustDirectory],
) -> None:
    school, ssp, trust = parties
    key = os.urandom(32)
    request, ephemeral = make_request("ssp", "school", KEY_ID, ssp)
    check_request(request, trust, datetime.now(UTC), granter="school")
    granted = grant(request, key, granter="school", signer=school)
    assert isinstance(granted, KeyGrantV2)

    assert accept(granted, request, ephemeral, trust) == key
    as_json = granted.model_dump_json()
    assert key.hex() not in as_json
    for encoded in (base64.b64encode(key), base64.urlsafe_b64encode(key)):
        assert encoded.decode().rstrip("=") not in as_json, "grant fields are base64"
    _, someone_else = make_request("ssp", "school", KEY_ID, ssp)
    with pytest.raises(KeyUnavailable):
        accept(granted, request, someone_else, trust)


def test_a_request_signed_by_an_unknown_key_or_naming_another_service_is_refused(
    parties: tuple[SigningKey, SigningKey, TrustDirectory], tmp_path: Path
) -> None:
    _, ssp, trust = parties
    intruder = SigningKey(tmp_path / "intruder.key")
    request, _ = make_request("ssp", "school", KEY_ID, intruder)
    with pytest.raises(UntrustedPeer, match="not signed by the ssp deployment"):
        check_request(request, trust, datetime.now(UTC), granter="school")
    posing, _ = make_request("police_liaison", "school", KEY_ID, ssp)
    with pytest.raises(UntrustedPeer):
        check_request(posing, trust, datetime.now(UTC), granter="school")


def test_a_stale_or_altered_request_is_refused(
    parties: tuple[SigningKey, SigningKey, TrustDirectory],
) -> None:
    _, ssp, trust = parties
    request, _ = make_request("ssp", "school", KEY_ID, ssp)
    with pytest.raises(UntrustedPeer, match="five minutes"):
        check_request(
            request, trust, datetime.now(UTC) + timedelta(minutes=6), granter="school"
        )
    other_case = request.model_copy(
        update={"key_id": case_transport_key("0" * 8 + "-0000-4000-8000-" + "0" * 12)}
    )
    with pytest.raises(UntrustedPeer):
        check_request(other_case, trust, datetime.now(UTC), granter="school")


def test_a_grant_not_signed_by_the_school_is_not_accepted(
    parties: tuple[SigningKey, SigningKey, TrustDirectory], tmp_path: Path
) -> None:
    _, ssp, trust = parties
    request, ephemeral = make_request("ssp", "school", KEY_ID, ssp)
    forged = grant(request, os.urandom(32), granter="school", signer=SigningKey(tmp_path / "x.key"))
    assert isinstance(forged, KeyGrantV2)
    with pytest.raises(KeyUnavailable, match="not signed by a trusted school"):
        accept(forged, request, ephemeral, trust)


def test_a_grant_from_a_trusted_peer_that_does_not_hand_out_the_key_is_not_accepted(
    parties: tuple[SigningKey, SigningKey, TrustDirectory],
) -> None:
    _, ssp, trust = parties
    request, ephemeral = make_request("ssp", "school", KEY_ID, ssp)
    posing = grant(request, os.urandom(32), granter="ssp", signer=ssp)
    assert isinstance(posing, KeyGrantV2)
    with pytest.raises(KeyUnavailable, match="not signed by a trusted school"):
        accept(posing, request, ephemeral, trust)


def test_a_request_for_one_deployment_is_refused_by_any_other(
    parties: tuple[SigningKey, SigningKey, TrustDirectory],
) -> None:
    _, ssp, trust = parties
    request, _ = make_request("ssp", "school.gentofte", KEY_ID, ssp)
    with pytest.raises(UntrustedPeer, match=r"addressed to school\.gentofte"):
        check_request(request, trust, datetime.now(UTC), granter="school.hjoerring")
    check_request(request, trust, datetime.now(UTC), granter="school.gentofte")


def test_a_version_1_request_is_answered_by_the_one_deployment_of_its_kind_only(
    parties: tuple[SigningKey, SigningKey, TrustDirectory],
) -> None:
    school, ssp, trust = parties
    unsigned = KeyRequestV1(
        key_id=KEY_ID,
        requester="ssp",
        ephemeral_public_key=base64.b64encode(os.urandom(32)).decode(),
        issued_at=datetime.now(UTC).isoformat(),
        signature="AA==",
    )
    request = unsigned.model_copy(update={"signature": ssp.sign_bytes(unsigned.signed_part())})
    check_request(request, trust, datetime.now(UTC), granter="school")
    assert isinstance(grant(request, os.urandom(32), granter="school", signer=school), KeyGrantV1)
    with pytest.raises(UntrustedPeer, match=r"addressed to school, not to school\.gentofte"):
        check_request(request, trust, datetime.now(UTC), granter="school.gentofte")
