"""Which keys a school deployment hands to trusted peers, and to which.

A case's transport key goes to the SSP deployments serving the case's municipality (or
one its SSP shared the case with) and the police deployments serving its district, and
to no one else; the key of the deployment's notices (erasures, which outlive a case's
key) to the SSP and police deployments its notices are addressed to (an SSP a case was
shared with among them). A refusal names what the asker would have to serve.
"""

from __future__ import annotations

from uuid import UUID

from contracts.deployments import kind_of
from contracts.sealed import CASE_KEY_PREFIX, notices_transport_key
from domain.case import Case
from domain.commands import Wording
from infra.key_exchange import KeyAsk, KeyRefused, NotServed
from services.school.application import SchoolApplication


def school_key_grants(app: SchoolApplication, ask: KeyAsk) -> bytes:
    if kind_of(ask.requester) not in ("ssp", "police_liaison"):
        raise NotServed(
            Wording(
                f"{ask.requester} er ikke en SSP- eller politideployment",
                f"{ask.requester} is not an SSP or police deployment",
            )
        )
    if ask.key_id == notices_transport_key(app.deployment):
        if not (ask.serves.takes(app.serves.reach()) or app.shares_with(ask.serves)):
            raise NotServed(
                Wording(
                    f"{ask.requester} betjener ingen af skolens kommuner",
                    f"{ask.requester} serves none of the school deployment's municipalities",
                )
            )
        return app.data_keys.key(ask.key_id, create=True)
    if ask.key_id.startswith(CASE_KEY_PREFIX):
        found = app.data_keys.lookup(ask.key_id)  # raises KeyDestroyed once erased
        case = app.get_or_none(UUID(ask.key_id.removeprefix(CASE_KEY_PREFIX)))
        if found is None or not isinstance(case, Case):
            raise KeyRefused("no such transport key here")
        _check_serves(ask, case)
        return found
    raise KeyRefused("the school does not hand out this key")


def _check_serves(ask: KeyAsk, case: Case) -> None:
    """SSP must serve the case's municipality, or one the case was shared with by its
    SSP; the police, its police district."""
    if kind_of(ask.requester) == "ssp":
        municipalities = (case.municipality, *case.shared_with)
        if not any(ask.serves.serves_municipality(m) for m in municipalities):
            raise NotServed(
                Wording(
                    f"{ask.requester} betjener ikke sagens kommune "
                    "(eller en kommune, sagen er delt med)",
                    f"{ask.requester} does not serve the case's municipality "
                    "(nor one it was shared with)",
                )
            )
    elif not ask.serves.serves_district(case.police_district):
        raise NotServed(
            Wording(
                f"{ask.requester} betjener ikke sagens politikreds",
                f"{ask.requester} does not serve the case's police district",
            )
        )
