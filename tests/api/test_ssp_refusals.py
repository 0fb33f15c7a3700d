"""SSP's refusals answer clearly (404, 409, 410) and store nothing but the recorded refusal."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Tracking

from contracts.case_events import CaseErasedV1, FingerprintV1, MaterialFingerprintedV1
from domain.fingerprints import FingerprintKind
from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import POLICE_OFFICER, bearer
from tests.messages import envelope, reported

AARHUS = bearer("ssp-mette", "ssp_konsulent", "Aarhus")
ODENSE = bearer("ssp-ole", "ssp_konsulent", "Odense")
VIDEO_MD5 = "9e107d9d372bb6826bd81d3542a419d6"
IMAGE_SHA = "ab" * 32
STEP = {"step": "school_contacted", "counterpart": "Skolen", "note": ""}


class School:
    """Feeds SSP the school's events, in order, as its consumer would."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.position = 0

    def _apply(self, handle: Callable[[], list[Aggregate]]) -> None:
        self.position += 1
        self.app.save_tracked(Tracking("school", self.position), *handle())

    def report(self, municipality: str = "Aarhus") -> uuid.UUID:
        case_id = uuid.uuid4()
        event = reported(self.position + 1, case_id, municipality)
        self._apply(lambda: self.app.on_case_reported(event))
        return case_id

    def fingerprint(self, case_id: uuid.UUID, **hashes: str) -> None:
        event = MaterialFingerprintedV1(
            **envelope(self.position + 1, case_id),
            fingerprints=[
                FingerprintV1(kind=FingerprintKind(k), value=v) for k, v in hashes.items()
            ],
        )
        self._apply(lambda: self.app.on_material_fingerprinted(event))

    def erase(self, case_id: uuid.UUID) -> None:
        event = CaseErasedV1(**envelope(self.position + 1, case_id))
        self._apply(lambda: self.app.on_case_erased(event))


def stored_since(app: Any, before: int | None) -> list[str]:
    """The topics of the events stored after notification ``before``."""
    return [n.topic for n in app.recorder.select_notifications((before or 0) + 1, 10_000)]


def only_refusals(app: Any, before: int | None, subject: str) -> None:
    """What a refused request stored is its refusal in the access log, and nothing else."""
    assert {t.rsplit(".", 1)[-1] for t in stored_since(app, before)} <= {"Started", "Accessed"}
    assert all(t.startswith("domain.access_log:") for t in stored_since(app, before))
    assert [e.allowed for e in app.access_log(subject)[1:]] == [False]


def test_an_erased_case_answers_gone_with_when_and_why_and_stores_nothing(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    school = School(running.app)
    case_id = school.report()
    assert http.get(f"/cases/{case_id}", headers=AARHUS).status_code == 200
    school.erase(case_id)
    before = running.app.recorder.max_notification_id()

    read = http.get(f"/cases/{case_id}", headers=AARHUS)
    assert read.status_code == 410, read.text
    assert read.json()["reason"] == "erased by the school"
    assert read.json()["erased_at"]
    step = http.post(f"/cases/{case_id}/coordination-steps", json=STEP, headers=AARHUS)
    assert step.status_code == 410, step.text
    share = http.post(
        f"/cases/{case_id}/shared-municipalities", json={"municipality": "Odense"}, headers=AARHUS
    )
    assert share.status_code == 410, share.text
    assert running.app.recorder.max_notification_id() == before, "nothing is stored"

    police = http.get(f"/cases/{case_id}", headers=POLICE_OFFICER)
    assert police.status_code == 404, "only SSP consultants learn of the erasure"
    assert "erased" not in police.text
    only_refusals(running.app, before, f"erasure:{case_id}")


def test_a_record_of_another_kind_is_not_found(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    school = School(running.app)
    first, second, erased = school.report(), school.report(), school.report()
    for case_id in (first, second, erased):
        school.fingerprint(case_id, md5=VIDEO_MD5)
    cluster_id = running.app.repository.get(first).cluster[0]
    school.erase(erased)
    versions = {a: running.app.repository.get(a).version for a in (first, second, cluster_id)}

    before = running.app.recorder.max_notification_id()
    as_case = http.get(f"/cases/{cluster_id}", headers=AARHUS)
    assert as_case.status_code == 404, as_case.text
    assert as_case.json()["detail"] == "Case was not found."
    only_refusals(running.app, before, f"case:{cluster_id}")

    before = running.app.recorder.max_notification_id()
    step = http.post(f"/cases/{cluster_id}/coordination-steps", json=STEP, headers=AARHUS)
    assert step.status_code == 404, step.text

    for not_a_cluster in (first, erased):
        before = running.app.recorder.max_notification_id()
        as_cluster = http.get(f"/clusters/{not_a_cluster}", headers=AARHUS)
        assert as_cluster.status_code == 404, as_cluster.text
        assert as_cluster.json()["detail"] == "Cluster was not found."
        only_refusals(running.app, before, f"cluster:{not_a_cluster}")
    assert {a: running.app.repository.get(a).version for a in versions} == versions


def test_a_refused_link_decision_says_why_and_stores_nothing(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    school = School(running.app)
    first, second = school.report(), school.report()
    school.fingerprint(first, md5=VIDEO_MD5)
    school.fingerprint(second, md5=VIDEO_MD5)
    cluster_id = running.app.repository.get(first).cluster[0]
    (link_id,) = running.app.repository.get(cluster_id).links

    before = running.app.recorder.max_notification_id()
    unknown = uuid.uuid4()
    refused = http.post(f"/clusters/{cluster_id}/links/{unknown}/confirm", headers=AARHUS)
    assert refused.status_code == 409, refused.text
    assert refused.json() == {
        "detail": f"This cluster has no link with id {unknown}.",
        "error": "UnknownLink",
        "detail_en": f"This cluster has no link with id {unknown}.",
        "detail_da": f"Klyngen har ingen forbindelse med id {unknown}.",
    }
    assert running.app.recorder.max_notification_id() == before, "not even a read is recorded"

    confirmed = http.post(f"/clusters/{cluster_id}/links/{link_id}/confirm", headers=AARHUS)
    assert confirmed.status_code == 200, confirmed.text
    assert [k["status"] for k in confirmed.json()["links"]] == ["confirmed"]
    before = running.app.recorder.max_notification_id()
    again = http.post(
        f"/clusters/{cluster_id}/links/{link_id}/dismiss", json={"reason": "no"}, headers=AARHUS
    )
    assert again.status_code == 409 and again.json()["error"] == "LinkAlreadyDecided"
    assert running.app.recorder.max_notification_id() == before

    elsewhere = http.post(f"/clusters/{cluster_id}/links/{link_id}/confirm", headers=ODENSE)
    assert elsewhere.status_code == 404
    only_refusals(running.app, before, f"cluster:{cluster_id}")


def test_a_merged_cluster_leaves_the_listings_so_pages_count_live_clusters_only(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    school = School(running.app)
    video = [school.report(), school.report(), school.report("Odense")]
    image = [school.report(), school.report("Odense")]  # the smaller: it is merged
    for case_id in image:  # first: a new case is linked to the first few matches only
        school.fingerprint(case_id, sha256=IMAGE_SHA)
    for case_id in video:
        school.fingerprint(case_id, md5=VIDEO_MD5)
    for municipality, consultant in (("Aarhus", AARHUS), ("Odense", ODENSE)):
        page = http.get(f"/municipalities/{municipality}/clusters", headers=consultant).json()
        assert page["page"]["total"] == 2, municipality

    absorbed = running.app.repository.get(image[0]).cluster[0]
    both = school.report()
    school.fingerprint(both, md5=VIDEO_MD5, sha256=IMAGE_SHA)

    (live,) = {running.app.repository.get(c).cluster[0] for c in [*video, *image, both]}
    merged = http.get(f"/clusters/{absorbed}", headers=ODENSE).json()
    assert merged["merged_into"] == str(live), "still readable by id, pointing on"
    for municipality, consultant in (("Aarhus", AARHUS), ("Odense", ODENSE)):
        page = http.get(f"/municipalities/{municipality}/clusters", headers=consultant).json()
        assert page["page"]["total"] == 1, municipality
        (listed,) = page["clusters"]
        assert listed["cluster_id"] == str(live) and listed["merged_into"] is None
        assert listed["cases"] == 6
