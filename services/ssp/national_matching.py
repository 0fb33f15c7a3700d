"""SSP and the matching deployment: offering a case's material, learning of matches.

When a municipality's SSP runs apart from the others, it finds the same material in
another municipality only through the matching deployment (``domain.matching``). SSP
offers each case with fingerprints as matching needs it — and offers it again when its
level or police involvement changes — under a key of the case's own that only the
configured matching deployment is handed (``transport:match:CASE``); it withdraws the
case when the case is erased. Told of a match, SSP puts its own cases of the incident
in one cluster, which then counts (and alerts the police) with the incident's reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification

from contracts.case_events import FingerprintV1
from contracts.envelope import ActorV1, Role
from contracts.matching_events import MaterialOfferedV1, MaterialWithdrawnV1, NationalMatchV1
from contracts.sealed import match_transport_key, notices_transport_key
from domain.access import Organisation
from domain.coordination import SspCaseFile
from domain.erasure import Erasure
from domain.incidents import IncidentCluster
from domain.listing import Listing
from domain.national_extent import DistrictCount, NationalExtent
from infra.outbox_relay import OutboundMessage
from services.kit.application import distinct
from services.kit.outbound import audience, envelope, sealed_message
from services.ssp.linking import link, spread

if TYPE_CHECKING:
    from services.ssp.application import SspApplication

OFFERING = ActorV1(person_id="samspil-ssp-linking", role=Role.SSP_KONSULENT, organisation="SSP")

CHANGES_WHAT_MATCHING_KNOWS = (
    SspCaseFile.MaterialFingerprinted,
    SspCaseFile.AssessedAtSchool,
    SspCaseFile.PoliceNotifiedBySchool,
    SspCaseFile.PoliceReportFiled,
)

FOUND_NATIONALLY = "the same material is in another municipality's case (national matching)"


def offer_or_withdraw(
    app: SspApplication, notification: Notification, event: object
) -> OutboundMessage | None:
    """The message to the matching deployment a stored SSP event calls for, if any."""
    matcher = app.settings.matching_deployment
    if not matcher:
        return None
    deployment = app.deployment
    if isinstance(event, CHANGES_WHAT_MATCHING_KNOWS):
        case_file: SspCaseFile = app.repository.get(
            event.originator_id, version=event.originator_version
        )
        if not app.serves.serves_municipality(case_file.municipality):
            return None  # shared with us: its own municipality's SSP offers it
        if not case_file.fingerprints:
            return None
        offer = MaterialOfferedV1(
            **envelope(
                deployment, notification, case_id=case_file.case_id, occurred_at=event.timestamp
            ),
            actor=OFFERING,
            published_by=deployment,
            municipality=case_file.municipality,
            police_district=case_file.police_district,
            school=app.organisation_digest(Organisation.institution(case_file.institution)),
            level=int(case_file.level) if case_file.level else None,
            police_involved=case_file.police_notified_at is not None
            or case_file.police_report_filed_at is not None,
            fingerprints=[
                FingerprintV1(kind=f.kind, value=f.value) for f in case_file.fingerprints
            ],
        )
        return sealed_message(
            offer,
            app.transport_keys,
            deployment=deployment,
            key_id=match_transport_key(case_file.case_id),
            create=True,
            audience=audience(deployment=matcher),
        )
    if isinstance(event, Erasure.Recorded):
        withdrawn = MaterialWithdrawnV1(
            **envelope(
                deployment, notification, case_id=event.erased_case, occurred_at=event.timestamp
            ),
            actor=OFFERING,
            published_by=deployment,
        )
        return sealed_message(
            withdrawn,
            app.transport_keys,
            deployment=deployment,
            key_id=notices_transport_key(deployment),
            create=True,
            audience=audience(deployment=matcher),
        )
    return None


def on_national_match(app: SspApplication, event: NationalMatchV1) -> list[Aggregate]:
    """Put this SSP's cases of the incident in one cluster, which learns how far the
    incident reaches; schools and police districts are told as for any cluster.

    Only cases not yet in the cluster are loaded, and every member is told again only
    when the incident reached another municipality: news of an incident that grows by
    one case at a time costs the same however large it has grown.
    """
    anchor = next(iter(app.readable(event.cases[:1])), None)
    if not isinstance(anchor, SspCaseFile):
        anchor = next((f for f in app.readable(event.cases) if isinstance(f, SspCaseFile)), None)
    if anchor is None:
        return []  # erased here meanwhile
    cluster = _cluster_of(app, anchor, [])
    newcomers = [
        f
        for f in app.readable(c for c in event.cases if c not in cluster.members)
        if isinstance(f, SspCaseFile) and f.case_id != anchor.case_id
    ]
    changed: list[Aggregate] = []
    if newcomers:  # linked here by the national match alone
        changed += link(app, anchor, {f.case_id: FOUND_NATIONALLY for f in newcomers})
        cluster = _cluster_of(app, anchor, changed)
        loaded = {a.id: a for a in changed if isinstance(a, SspCaseFile)}
        newcomers = [loaded.get(f.id, f) for f in newcomers]  # one object per file
    municipalities_before = cluster.municipalities
    cluster.learn_national(incident=event.incident_id, extent=_extent(event))
    listings = {a.name: a for a in changed if isinstance(a, Listing)}  # saved once, together
    told = spread(
        app,
        cluster,
        {f.case_id: f for f in (anchor, *newcomers)},
        retell_all=cluster.municipalities != municipalities_before,
        listings=listings,
    )
    return distinct([*changed, cluster, *told, anchor, *newcomers])


def _cluster_of(
    app: SspApplication, case_file: SspCaseFile, changed: list[Aggregate]
) -> IncidentCluster:
    """The cluster the case is in now (one just formed or merged into, if so), else a new
    one with the case as its only member so far."""
    live = [
        a
        for a in changed
        if isinstance(a, IncidentCluster)
        and a.merged_into is None
        and case_file.case_id in a.members
    ]
    if live:
        return live[0]
    if case_file.cluster is not None:
        found: IncidentCluster = app.repository.get(case_file.cluster[0])
        while found.merged_into is not None:
            found = app.repository.get(found.merged_into)
        if case_file.case_id in found.members:
            return found
    return IncidentCluster(first_case=case_file.case_id)


def _extent(event: NationalMatchV1) -> NationalExtent:
    return NationalExtent(
        cases=event.cases_total,
        schools=event.schools,
        municipalities=tuple(event.municipalities),
        police_districts=tuple(
            DistrictCount(d.police_district, d.cases) for d in event.police_districts
        ),
        highest_level=event.highest_level,
        serious=event.serious,
    )
