"""What lies beside the chain is verified too: a data key deleted or destroyed without an
erasure, and a tracking row deleted (or added), are named with the records they concern;
a proper erasure and an untouched store verify clean.

On SQLite and on PostgreSQL, against SSP's real encrypted store, filled by the handlers
it runs for the school's messages, each saved with its tracking row, and chained and
checkpointed by the chain keeper.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eventsourcing.persistence import Tracking

from contracts.case_events import CaseErasedV2
from contracts.envelope import ActorV2
from contracts.sealed import case_transport_key
from infra.audit_chain import ChainStore
from infra.audit_problems import Problem, ProblemKind
from infra.audit_verify import verify_store
from infra.chain_keeper import ChainKeeper
from infra.event_store import store_env
from infra.key_exchange import signing_key
from infra.keyring import open_envelope
from infra.receipts import receipt_id
from infra.settings import ServiceName, Settings
from infra.store_sql import StoreSql
from services.cli.audit import verify
from services.school.application import SchoolApplication
from services.ssp.application import SspApplication
from tests.builders import HEAD, TEACHER
from tests.messages import envelope, notified, reported

DPO = ActorV2(person_id="dpo-karen", role="databeskyttelse", organisation="Aarhus Kommune")


@dataclass
class Store:
    """SSP's store after three cases reported and notified to the police (school#1–6),
    one message about another municipality's case (school#7: it changes nothing, but is
    tracked), and the erasure of the third case (school#8)."""

    settings: Settings
    app: SspApplication
    sql: StoreSql
    kept: list[uuid.UUID]
    erased: uuid.UUID
    public_key: str

    def verify(self) -> list[Problem]:
        return verify_store(self.app.recorder, deployment="ssp", public_key=self.public_key)

    def sealed_with(self, key_id: str) -> list[int]:
        """The positions of the records sealed with ``key_id``."""
        return [
            n.id
            for n in self.app.recorder.select_notifications(1, 10_000)
            if open_envelope(bytes(n.state))[0] == key_id
        ]

    def receipt_of(self, upstream: str, position: int) -> int:
        (receipt,) = self.app.recorder.select_events(receipt_id(upstream, position))
        (found,) = [
            n.id
            for n in self.app.recorder.select_notifications(1, 10_000)
            if n.originator_id == receipt.originator_id
        ]
        return found


def _settings(kind: str, directory: Path, request: pytest.FixtureRequest) -> Settings:
    if kind == "sqlite":
        return Settings(_env_file=None, data_dir=directory, ssp_municipalities=["Aarhus"])
    return Settings(
        _env_file=None,
        data_dir=directory,
        ssp_municipalities=["Aarhus"],
        database_url=request.getfixturevalue("postgres_url"),
        database_schema_prefix=request.getfixturevalue("postgres_schema_prefix"),
    )


def _chain(
    settings: Settings, app: SspApplication | SchoolApplication, service: ServiceName
) -> str:
    """Chain and checkpoint the store as the running service's chain keeper does."""

    async def share(_: object) -> None:
        return None

    key = signing_key(settings, service)
    keeper = ChainKeeper(
        deployment=settings.deployment(service),
        recorder=app.recorder,
        workers=app.workers,
        chain=ChainStore(app.store_sql),
        key=key,
        share=share,
        poll_seconds=0,
        checkpoint_seconds=0,
    )
    assert keeper.extend() > 0 and keeper.checkpoint() is not None
    return key.public_key


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    settings = _settings(request.param, tmp_path, request)
    app = SspApplication(store_env(settings, "ssp"), settings)
    try:
        cases = [uuid.uuid4() for _ in range(3)]
        for position, case_id in enumerate(cases, start=1):
            # SSP opened the message with the case's transport key, fetched from the school.
            app.data_keys.key(case_transport_key(case_id), create=True)
            event = reported(position, case_id)
            app.save_tracked(Tracking("school", position), *app.on_case_reported(event))
        for position, case_id in enumerate(cases, start=4):
            told = notified(position, case_id, uuid.uuid4())
            app.save_tracked(Tracking("school", position), *app.on_police_notified(told))
        elsewhere = reported(7, uuid.uuid4(), municipality="Odense")
        app.save_tracked(Tracking("school", 7), *app.on_case_reported(elsewhere))
        erasure = CaseErasedV2(**{**envelope(8, cases[2]), "actor": DPO})
        app.save_tracked(Tracking("school", 8), *app.on_case_erased(erasure))
        assert app.data_keys.is_destroyed(f"case:{cases[2]}"), "the erasure happened"
        public_key = _chain(settings, app, "ssp")
        yield Store(settings, app, app.store_sql, cases[:2], cases[2], public_key)
    finally:
        app.close()


def test_an_untouched_store_with_an_erased_case_verifies(store: Store) -> None:
    assert store.sealed_with(f"case:{store.erased}"), "the erased case left records behind"
    assert store.verify() == []
    assert verify(store.settings, "ssp") == 0


def test_a_deleted_data_key_is_named_with_the_records_it_sealed(store: Store) -> None:
    case_key = f"case:{store.kept[0]}"
    sealed = store.sealed_with(case_key)
    assert len(sealed) > 1
    store.sql.execute("DELETE FROM {schema}samspil_data_keys WHERE key_id = {p}", (case_key,))

    problems = store.verify()

    assert [(p.notification_id, p.kind) for p in problems] == [
        (sealed[0], ProblemKind.KEY_MISSING)
    ]
    assert case_key in problems[0].detail
    assert f"records {', '.join(map(str, sealed))}" in problems[0].detail


@pytest.mark.parametrize("which", ["data key", "transport key"])
def test_a_key_destroyed_without_an_erasure_is_named(store: Store, which: str) -> None:
    case_id = store.kept[1]
    key_id = f"case:{case_id}" if which == "data key" else case_transport_key(case_id)
    sealed = store.sealed_with(f"case:{case_id}")
    store.sql.execute(
        "UPDATE {schema}samspil_data_keys SET wrapped = NULL WHERE key_id = {p}", (key_id,)
    )

    problems = store.verify()

    assert [(p.notification_id, p.kind) for p in problems] == [
        (sealed[0], ProblemKind.KEY_DESTROYED)
    ]
    assert f"key {key_id} was destroyed, yet no erasure of case {case_id}" in problems[0].detail


@pytest.mark.parametrize(
    "position", [2, 7], ids=["a message that changed the store", "one that changed nothing"]
)
def test_a_deleted_tracking_row_is_named(store: Store, position: int) -> None:
    store.sql.execute(
        f"DELETE FROM {{schema}}{store.sql.tracking_table} "
        "WHERE application_name = {p} AND notification_id = {p}",
        ("school", position),
    )
    assert not store.app.is_applied(Tracking("school", position)), "it would be applied again"

    problems = store.verify()

    assert [(p.notification_id, p.kind) for p in problems] == [
        (store.receipt_of("school", position), ProblemKind.TRACKING_MISSING)
    ]
    assert problems[0].detail == (
        f"tracking row missing for upstream school#{position}: it could be applied twice"
    )


def test_a_tracking_row_written_outside_samspil_is_named(store: Store) -> None:
    """A row with no receipt would make the genuine message look applied already."""
    store.sql.execute(
        f"INSERT INTO {{schema}}{store.sql.tracking_table} "
        "(application_name, notification_id) VALUES ({p}, {p})",
        ("school", 9),
    )

    problems = store.verify()

    assert [(p.kind, p.place) for p in problems] == [
        (ProblemKind.RECEIPT_MISSING, "tracking row school#9")
    ]


def test_the_command_names_the_missing_tracking_row(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store.sql.execute(
        f"DELETE FROM {{schema}}{store.sql.tracking_table} WHERE notification_id = {{p}}", (3,)
    )
    capsys.readouterr()

    assert verify(store.settings, "ssp") == 1

    printed = capsys.readouterr().out
    assert "ssp: NOT intact." in printed
    assert (
        f"First broken record {store.receipt_of('school', 3)}: tracking missing — "
        "tracking row missing for upstream school#3: it could be applied twice"
    ) in printed


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_case_the_school_erased_verifies_clean(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    settings = _settings(kind, tmp_path, request)
    app = SchoolApplication(store_env(settings, "school"), settings)
    try:
        cases = [
            app.report_case(
                institution=HEAD.organisation,
                municipality="Frederiksberg",
                police_district="koebenhavn",
                offence_category="sextortion",
                victim_is_minor=True,
                description="Pressed for images.",
                actor=TEACHER,
            ).id
            for _ in range(2)
        ]
        app.erase_as(HEAD, cases[0], "GDPR art. 17 request")
        assert app.data_keys.is_destroyed(f"case:{cases[0]}")
        public_key = _chain(settings, app, "school")

        assert verify_store(app.recorder, deployment="school", public_key=public_key) == []

        app.data_keys.destroy(f"case:{cases[1]}")  # the same, without an erasure record
        problems = verify_store(app.recorder, deployment="school", public_key=public_key)
        assert [p.kind for p in problems] == [ProblemKind.KEY_DESTROYED]
        assert str(cases[1]) in problems[0].detail
    finally:
        app.close()


def test_tracking_rows_lost_among_thousands_are_each_named(tmp_path: Path) -> None:
    """Thousands of tracked messages: rows and receipts are compared page by page."""
    settings = Settings(_env_file=None, data_dir=tmp_path)
    app = SchoolApplication(store_env(settings, "school"), settings)
    try:
        for position in range(1, 4501):  # police messages the school set aside unapplied
            app.save_tracked(Tracking("police_liaison", position))
        public_key = _chain(settings, app, "school")
        assert verify_store(app.recorder, deployment="school", public_key=public_key) == []
        for position in (2500, 4500):  # past the first page, which still agrees
            app.store_sql.execute(
                "DELETE FROM tracking WHERE notification_id = {p}", (position,)
            )
        app.store_sql.execute("INSERT INTO tracking VALUES ('police_liaison', 4501)")

        problems = verify_store(app.recorder, deployment="school", public_key=public_key)

        found = {(p.kind, p.detail.split(":")[0], p.place) for p in problems}
        assert len(problems) == len(found) == 3
        assert found == {
            (
                ProblemKind.RECEIPT_MISSING,
                "no receipt of it is in the chain",
                "tracking row police_liaison#4501",
            ),
            *[
                (
                    ProblemKind.TRACKING_MISSING,
                    f"tracking row missing for upstream police_liaison#{n}",
                    "",
                )
                for n in (2500, 4500)
            ],
        }
    finally:
        app.close()
