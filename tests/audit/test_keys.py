"""Per-case data keys wrapped by a KEK; rotating the KEK re-wraps them and touches no event."""

from __future__ import annotations

import base64
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.event_store import store_env
from infra.keyring import UnknownKek, open_envelope
from infra.settings import Settings
from services.cli.keys import rotate
from services.school.application import SchoolApplication
from tests.builders import TEACHER


def _school(settings: Settings) -> SchoolApplication:
    return SchoolApplication(store_env(settings, "school"), settings)


def _report(app: SchoolApplication, description: str) -> UUID:
    case = app.report_case(
        institution="Skolen",
        municipality="Aarhus",
        police_district="oestjylland",
        offence_category="grooming",
        victim_is_minor=True,
        description=description,
        actor=TEACHER,
    )
    return case.id


def _raw_states(app: SchoolApplication) -> list[bytes]:
    return [bytes(n.state) for n in app.recorder.select_notifications(0, 10_000)]


def test_each_case_is_sealed_with_its_own_data_key(tmp_path: Path) -> None:
    app = _school(Settings(_env_file=None, data_dir=tmp_path))
    first, second = _report(app, "first"), _report(app, "second")
    key_ids = [open_envelope(state)[0] for state in _raw_states(app)]
    key_ids = list(dict.fromkeys(k for k in key_ids if k.startswith("case:")))  # its clock too
    assert key_ids == [f"case:{first}", f"case:{second}"]
    assert app.data_keys.key(key_ids[0], create=False) != app.data_keys.key(
        key_ids[1], create=False
    )
    assert b"first" not in b"".join(_raw_states(app))
    app.close()


def test_rotation_rewraps_every_key_and_only_the_new_kek_opens_the_cases(tmp_path: Path) -> None:
    old_key = base64.b64encode(AESGCM.generate_key(256)).decode()
    new_key = base64.b64encode(AESGCM.generate_key(256)).decode()
    with_old = Settings(_env_file=None, data_dir=tmp_path, cipher_key=old_key)
    app = _school(with_old)
    cases = {_report(app, f"case {n}"): f"case {n}" for n in range(3)}
    before = _raw_states(app)
    app.close()

    assert rotate(with_old, "school", new_key) == 0

    with_new = Settings(_env_file=None, data_dir=tmp_path, cipher_key=new_key)
    app = _school(with_new)
    assert _raw_states(app) == before, "rotation touches no event"
    for case_id, description in cases.items():
        assert app.get_case(case_id).description == description
    app.close()

    app = _school(with_old)
    for case_id in cases:
        with pytest.raises(UnknownKek):
            app.get_case(case_id)
    app.close()


def test_rotating_the_embedded_kek_file_replaces_it(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    app = _school(settings)
    case_id = _report(app, "kept")
    app.close()
    kek = tmp_path / "school" / "kek.key"
    old = kek.read_text()

    assert rotate(settings, "school") == 0

    assert kek.read_text() != old
    assert not kek.with_suffix(".retired").exists()
    app = _school(settings)
    assert app.get_case(case_id).description == "kept"
    app.close()
