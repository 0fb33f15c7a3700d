"""SSP's matching of material across cases, and what follows from a match.

Fingerprints live on each case file, sealed with the case's key; this module keeps
an in-memory index of them (rebuilt from the store on first use, then following the
store's notifications, so it holds what every replica of the deployment saved), so a
new fingerprint is compared with every known one without reading the store each time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.access import Organisation
from domain.coordination import SspCaseFile
from domain.erasure import Erasure
from domain.fingerprints import Fingerprint, why_they_match
from domain.handling_model import Level
from domain.incidents import IncidentCluster
from domain.listing import Listing
from infra.store_tail import NotificationTail

if TYPE_CHECKING:
    from services.ssp.application import SspApplication

MATERIAL_LISTING = "material"
"""Every case file with fingerprints or named people: what the index is rebuilt from."""


def clusters_listing(municipality: str) -> str:
    return f"clusters:{municipality.strip().casefold()}"


MATCHES_LINKED = 3
"""How many earlier matching cases a new case is linked to."""

SAME_PERSON = "the same person (by SSP's pseudonym) is named in both cases"


ERASED = get_topic(Erasure.Recorded)
FOLLOWED = (
    get_topic(SspCaseFile.MaterialFingerprinted),
    get_topic(SspCaseFile.PersonNamed),
    ERASED,
)
"""What changes the index: material or a person noted on a case file, or a case erased."""


class MaterialIndex:
    """Fingerprints and pseudonyms by case: what a new case is compared with.

    Used only in the handlers SSP runs one at a time across its replicas, so each
    follows the store up to the step before it."""

    def __init__(self, app: SspApplication) -> None:
        self._app = app
        self._by_case: dict[UUID, list[Fingerprint]] | None = None
        self._people: dict[str, set[UUID]] = {}
        self._tail = NotificationTail(app.recorder, FOLLOWED)

    def _index(self) -> dict[UUID, list[Fingerprint]]:
        if self._by_case is None:
            self._tail.start_here()
            self._by_case = {}
            case_files: list[SspCaseFile] = self._app.readable(
                self._app.listing(MATERIAL_LISTING).ids
            )
            for case_file in case_files:
                self._keep(case_file)
        return self._by_case

    def catch_up(self) -> None:
        """Before a step: take in what any replica saved since the last one."""
        if self._by_case is None:
            self._index()
        else:
            self._follow()

    def _keep(self, case_file: SspCaseFile) -> None:
        assert self._by_case is not None
        self._by_case[case_file.case_id] = list(case_file.fingerprints)
        for _, pseudonym in case_file.people:
            self._people.setdefault(pseudonym, set()).add(case_file.case_id)

    def _follow(self) -> None:
        """What was saved since the last look, by this process or another replica."""
        notifications = self._tail.new()
        erasures = [n.originator for n in notifications if n.topic == ERASED]
        # In the order saved, as a single process would have remembered them.
        changed = list(dict.fromkeys(n.originator for n in notifications if n.topic != ERASED))
        for record in self._app.readable(erasures):
            self._drop(record.erased_case)
        found: list[SspCaseFile] = self._app.readable(changed)
        for case_file in found:
            self._keep(case_file)
        for gone in set(changed) - {f.id for f in found}:  # erased meanwhile
            self._drop(gone)

    def _drop(self, case_id: UUID) -> None:
        assert self._by_case is not None
        self._by_case.pop(case_id, None)
        for cases in self._people.values():
            cases.discard(case_id)

    def same_person(self, case_id: UUID, pseudonym: str) -> dict[UUID, str]:
        """Other cases naming the same person."""
        self._index()
        others = sorted(c for c in self._people.get(pseudonym, set()) if c != case_id)
        return {c: SAME_PERSON for c in others[:MATCHES_LINKED]}

    def remember_person(self, case_id: UUID, pseudonym: str) -> None:
        self._index()
        self._people.setdefault(pseudonym, set()).add(case_id)

    def matches(self, case_id: UUID, fingerprints: Iterable[Fingerprint]) -> dict[UUID, str]:
        """The first few other cases showing the same material, each with why.

        A few explain the link; linking to every earlier case of a video shared a thousand
        times would explain nothing more and cost a link each.
        """
        found: dict[UUID, str] = {}
        wanted = list(fingerprints)
        for other, known in self._index().items():
            if other == case_id:
                continue
            for mine in wanted:
                reason = next((r for k in known if (r := why_they_match(mine, k))), None)
                if reason:
                    found[other] = reason
                    break
            if len(found) == MATCHES_LINKED:
                break
        return found

    def remember(self, case_id: UUID, fingerprints: Iterable[Fingerprint]) -> None:
        known = self._index().setdefault(case_id, [])
        known.extend(f for f in fingerprints if f not in known)

    def forget(self, case_id: UUID) -> None:
        self._index()
        self._drop(case_id)


def link(app: SspApplication, case_file: SspCaseFile, matches: dict[UUID, str]) -> list[Aggregate]:
    """Put the case in the cluster of the cases it matches (or start one), with reasons."""
    files: dict[UUID, SspCaseFile] = {case_file.case_id: case_file}
    files.update((f.case_id, f) for f in app.readable(matches))
    clusters: dict[UUID, IncidentCluster] = {}
    for known in files.values():
        if known.cluster is not None and known.cluster[0] not in clusters:
            found_cluster: IncidentCluster = app.repository.get(known.cluster[0])
            if found_cluster.merged_into is None:
                clusters[found_cluster.id] = found_cluster
    if not clusters:
        cluster = IncidentCluster(first_case=next(iter(matches)))
    else:  # the largest takes in the others: one incident, however it was found
        cluster = max(clusters.values(), key=lambda c: len(c.members))
    for other, reason in matches.items():
        cluster.link(member=case_file.case_id, linked_to=other, reason=reason)
    merged: list[Aggregate] = []
    listings: dict[str, Listing] = {}
    for absorbed in clusters.values():
        if absorbed is not cluster:
            moved = app.readable(m for m in absorbed.members if m not in files)
            files.update((f.case_id, f) for f in moved)
            # Listed wherever a case of it was: dismissed ones too, which are not members.
            ever = absorbed.ever_linked()
            seen = [files[c] for c in ever if c in files]
            seen += app.readable(c for c in ever if c not in files)
            for name in {clusters_listing(f.municipality) for f in seen}:
                listed(app, listings, name).remove(absorbed.id)
            absorbed.merge_into(cluster, through=case_file.case_id)
            merged.append(absorbed)
    spread_to = spread(app, cluster, files, retell_all=bool(merged), listings=listings)
    return [*merged, *listings.values(), *spread_to]


def listed(app: SspApplication, listings: dict[str, Listing], name: str) -> Listing:
    """The listing called ``name``, loaded once per step so its changes are saved together."""
    if name not in listings:
        listings[name] = app.listing(name)
    return listings[name]


def is_serious(case_file: SspCaseFile) -> bool:
    """Level 3 or higher, or the police already involved (notified, or a report filed)."""
    assessed_serious = bool(case_file.level and case_file.level >= Level.THREE)
    police_involved = case_file.police_notified_at or case_file.police_report_filed_at
    return assessed_serious or police_involved is not None


def spread(
    app: SspApplication,
    cluster: IncidentCluster,
    files: dict[UUID, SspCaseFile],
    *,
    retell_all: bool = False,
    listings: dict[str, Listing] | None = None,
) -> list[Aggregate]:
    """After ``files`` joined or changed: tell them (and, when the cluster reached a new
    municipality, every member) how wide it is; alert the police once it is serious.

    Counts come from the cluster's own member profiles, so a join costs the same however
    large the cluster has grown. ``listings`` are those already changed in this step
    (loaded once, so they are saved once).
    """
    listings = {} if listings is None else listings
    municipalities_before = cluster.municipalities
    for case_file in files.values():
        cluster.profile(
            member=case_file.case_id,
            school=app.organisation_digest(Organisation.institution(case_file.institution)),
            municipality=app.organisation_digest(Organisation.municipality(case_file.municipality)),
            district=case_file.police_district,
            level=int(case_file.level) if case_file.level else None,
            serious=is_serious(case_file),
        )
    to_tell = dict(files)
    if retell_all or cluster.municipalities != municipalities_before:
        untold = app.readable(m for m in cluster.members if m not in to_tell)
        to_tell.update((f.case_id, f) for f in untold)
    changed: list[Aggregate] = [cluster]
    for case_file in to_tell.values():
        if case_file.case_id in cluster.members and case_file.note_cluster(
            cluster_id=cluster.id, schools=cluster.schools, municipalities=cluster.municipalities
        ):
            changed.append(case_file)
    for name in {clusters_listing(f.municipality) for f in files.values()}:
        listing = listed(app, listings, name)
        listing.add(cluster.id)
        changed.append(listing)
    why = cluster.serious
    if why:
        for district, through in cluster.first_in_each_district().items():
            cluster.alert(
                district=district, through=through, why=why, extent=cluster.extent_in(district)
            )
    return changed
