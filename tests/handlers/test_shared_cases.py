"""Sharing a case across municipalities when each runs its own SSP deployment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from contracts.case_events import (
    CaseSharedWithMunicipalityV1,
    FingerprintV1,
    MaterialFingerprintedV1,
)
from contracts.directory import municipality_tag
from contracts.envelope import ActorV1
from contracts.registry import parse_event, parse_sealed
from contracts.sealed import audience_of, case_transport_key
from domain.coordination import SspCaseFile
from domain.fingerprints import FingerprintKind
from domain.geography import PoliceDistrict
from infra.event_store import store_env
from infra.key_exchange import TransportKeys
from infra.key_holders import KeyHolders
from infra.sealing import unseal
from infra.settings import Settings
from services.ssp.application import SspApplication
from services.ssp.outbound import coordination_translator
from tests.builders import HEAD, TEACHER
from tests.messages import envelope, reported

REPORTED_AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
VIDEO = FingerprintV1(kind=FingerprintKind.MD5, value="9e107d9d372bb6826bd81d3542a419d6")


def _ssp(tmp_path: Path, municipality: str, **more: str) -> SspApplication:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path / municipality,
        deployment_id=f"ssp.{municipality.casefold().replace('ø', 'oe')}",
        ssp_municipalities=[municipality],
        **more,
    )
    return SspApplication(store_env(settings, "ssp"), settings)


def _handed(position: int, case_id: object, shared_with: str) -> CaseSharedWithMunicipalityV1:
    return CaseSharedWithMunicipalityV1(
        **envelope(position, case_id),  # type: ignore[arg-type]
        shared_with=shared_with,
        reported_at=REPORTED_AT,
        reported_by=ActorV1.of(HEAD),
        institution="Hjørring Skole",
        municipality="Hjørring",
        police_district=PoliceDistrict.NORDJYLLAND,
        offence_category="sextortion",
        victim_is_minor=True,
    )


def test_the_other_municipalitys_ssp_opens_the_shared_case_once_in_its_overview(
    tmp_path: Path,
) -> None:
    skive = _ssp(tmp_path, "Skive")
    case_id = uuid4()
    skive.save(*skive.on_case_shared_with_municipality(_handed(3, case_id, "Skive")))
    skive.save(*skive.on_case_shared_with_municipality(_handed(4, case_id, "Skive")))
    overview = skive.overview("Skive")
    assert [f.case_id for f in overview.items] == [case_id]
    case_file: SspCaseFile = skive.repository.get(case_id)
    assert (case_file.municipality, case_file.shared_with) == ("Hjørring", ["Skive"])
    assert (case_file.reported_at, case_file.reported_by) == (REPORTED_AT, HEAD), (
        "reported when and by whom the school says, not when or by whom it was shared"
    )
    assert skive.overview("Hjørring").items == [], "Hjørring's own overview is not kept here"
    assert skive.on_case_shared_with_municipality(_handed(5, uuid4(), "Aarhus")) == []
    skive.close()


def test_sharing_a_case_tells_its_school_deployment_which_municipality(tmp_path: Path) -> None:
    hjoerring = _ssp(tmp_path, "Hjørring")
    case_id = uuid4()
    holders = KeyHolders(hjoerring.store_sql)  # the case's key came from Hjørring's schools
    hjoerring.transport_keys = TransportKeys(
        hjoerring.data_keys, hjoerring.workers, fetch=None, holders=holders
    )
    hjoerring.data_keys.import_key(case_transport_key(case_id), bytes(32))
    holders.record(case_transport_key(case_id), "school.hjoerring")
    case_file = SspCaseFile(
        case_id=case_id,
        institution="Hjørring Skole",
        municipality="Hjørring",
        police_district=PoliceDistrict.NORDJYLLAND,
        offence_category="sextortion",
        victim_is_minor=True,
        reported_at=envelope(1, case_id)["occurred_at"],
        reported_by=TEACHER,
    )
    hjoerring.save(case_file)
    before = hjoerring.recorder.max_notification_id() or 0
    case_file.share_with(municipality="Skive", by=TEACHER)
    hjoerring.save(case_file)
    translate = coordination_translator(hjoerring)
    (notification,) = hjoerring.recorder.select_notifications(before + 1, 10)
    message = translate(notification)
    assert message is not None
    sealed = parse_sealed(message.value)
    assert "deployment:school.hjoerring" in audience_of(sealed)
    assert municipality_tag("Hjørring") in audience_of(sealed)
    told = parse_event(unseal(sealed, bytes(32)))
    assert (told.event_type, told.municipality) == ("CaseShared", "Skive")
    hjoerring.close()


def test_a_shared_case_is_offered_to_matching_by_its_own_municipalitys_ssp_only(
    tmp_path: Path,
) -> None:
    """Skive's SSP files Hjørring's shared case, but offering it to the matching as
    Hjørring's would be refused there: Hjørring's SSP offers it."""
    skive = _ssp(tmp_path, "Skive", matching_deployment="match.national")
    own, shared = uuid4(), uuid4()
    for case_id in (own, shared):  # as fetched from the schools' deployments
        skive.data_keys.import_key(case_transport_key(case_id), bytes(32))
    skive.save(*skive.on_case_shared_with_municipality(_handed(3, shared, "Skive")))
    skive.save(*skive.on_case_reported(reported(4, own, municipality="Skive")))
    before = skive.recorder.max_notification_id() or 0
    for position, case_id in ((5, shared), (6, own)):
        event = MaterialFingerprintedV1(**envelope(position, case_id), fingerprints=[VIDEO])
        skive.save(*skive.on_material_fingerprinted(event))
    translate = coordination_translator(skive)
    offered = [
        parse_sealed(message.value).case_id
        for notification in skive.recorder.select_notifications(before + 1, 50)
        if (message := translate(notification)) is not None
        and parse_sealed(message.value).event_type == "MaterialOffered"
    ]
    assert offered == [own]
    skive.close()
