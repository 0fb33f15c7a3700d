"""The directory of deployments: only entries the authority signed are believed, the
newest of each deployment wins, and what a deployment serves decides what it takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contracts.directory import DirectoryEntryV1, ServesV1
from domain.geography import PoliceDistrict
from infra.audit_chain import SigningKey
from infra.directory import DeploymentDirectory, EntryRefused, sign_entry
from services.cli.main import main


def _signed(tmp_path: Path, deployment: str, *args: str) -> DirectoryEntryV1:
    out = tmp_path / f"{deployment}.json"
    peer = SigningKey(tmp_path / f"{deployment}.key")
    code = main(
        [
            "directory",
            "sign",
            "--authority-key",
            str(tmp_path / "authority.key"),
            "--deployment",
            deployment,
            "--url",
            f"https://{deployment}.example",
            "--public-key",
            peer.public_key,
            *args,
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return DirectoryEntryV1.model_validate_json(out.read_text(encoding="utf-8"))


def test_a_signed_entry_says_where_a_deployment_answers_and_whom_it_serves(
    tmp_path: Path,
) -> None:
    entry = _signed(tmp_path, "ssp.hjoerring", "--municipality", "Hjørring")
    authority = SigningKey(tmp_path / "authority.key")
    directory = DeploymentDirectory(authority.public_key, tmp_path / "cache.json")
    assert directory.keep(entry)
    assert directory.url("ssp.hjoerring") == "https://ssp.hjoerring.example"
    assert directory.serves("ssp.hjoerring").serves_municipality("Hjørring Kommune")
    assert not directory.serves("ssp.hjoerring").serves_municipality("Frederiksberg")
    assert directory.serving("ssp", ("municipality:hjørring",)) == ["ssp.hjoerring"]
    assert directory.serves("ssp.unknown") == ServesV1(), "unknown: serves nothing"
    assert directory.serves("ssp").everything, "the one SSP of a system of one of each"
    again = DeploymentDirectory(authority.public_key, tmp_path / "cache.json")
    assert again.url("ssp.hjoerring") == "https://ssp.hjoerring.example", "kept on disk"


def test_a_forged_or_altered_entry_is_refused(tmp_path: Path) -> None:
    entry = _signed(tmp_path, "police.nordjylland", "--district", "nordjylland")
    authority = SigningKey(tmp_path / "authority.key")
    directory = DeploymentDirectory(authority.public_key)
    widened = entry.model_copy(
        update={"serves": ServesV1(police_districts=tuple(PoliceDistrict))}
    )
    with pytest.raises(EntryRefused):
        directory.keep(widened)
    someone = SigningKey(tmp_path / "someone.key")
    forged = sign_entry(
        someone,
        deployment="police.nordjylland",
        url="https://evil.example",
        public_key=someone.public_key,
        serves=ServesV1(everything=True),
    )
    with pytest.raises(EntryRefused):
        directory.keep(forged)
    assert directory.entry("police.nordjylland") is None
    with pytest.raises(EntryRefused):
        DeploymentDirectory("").keep(entry)  # no authority configured: nothing is believed


def test_an_older_entry_does_not_replace_a_newer_one(tmp_path: Path) -> None:
    first = _signed(tmp_path, "school.hjoerring", "--municipality", "Hjørring")
    second = _signed(
        tmp_path, "school.hjoerring", "--municipality", "Hjørring", "--municipality", "Brønderslev"
    )
    directory = DeploymentDirectory(SigningKey(tmp_path / "authority.key").public_key)
    assert directory.keep(second)
    assert not directory.keep(first)
    assert directory.serves("school.hjoerring").serves_municipality("Brønderslev")


def test_an_entry_must_name_what_it_serves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "directory",
            "sign",
            "--authority-key",
            str(tmp_path / "authority.key"),
            "--deployment",
            "ssp.x",
            "--url",
            "https://x.example",
            "--public-key",
            "AAAA",
            "--out",
            str(tmp_path / "x.json"),
        ]
    )
    assert code == 2 and "name what it serves" in capsys.readouterr().out
    assert not (tmp_path / "x.json").exists()


def test_what_a_deployment_serves_decides_what_it_takes() -> None:
    nordjylland = ServesV1.of(police_districts=[PoliceDistrict.NORDJYLLAND])
    assert nordjylland.takes(("municipality:hjørring", "police_district:nordjylland"))
    assert not nordjylland.takes(("municipality:frederiksberg", "police_district:koebenhavn"))
    assert nordjylland.takes(()), "addressed to no one in particular: for every reader"
    assert json.loads(nordjylland.model_dump_json())["police_districts"] == ["nordjylland"]
