"""SSP hands its pseudonym key to the school deployments it serves, and to no one else;
its cases' matching keys and its withdrawals' key only to its matching deployment.

Schools compute pseudonyms of the people involved (HMAC of the national identifier)
with it, so the same person links across schools while SSP never sees the identifier.
"""

from __future__ import annotations

from contracts.deployments import kind_of
from contracts.key_exchange import PSEUDONYM_KEY
from contracts.sealed import MATCH_KEY_PREFIX, notices_transport_key
from domain.commands import Wording
from infra.key_exchange import KeyAsk, KeyRefused, NotServed
from services.ssp.application import SspApplication


def ssp_key_grants(app: SspApplication, ask: KeyAsk) -> bytes:
    if ask.key_id.startswith(MATCH_KEY_PREFIX) or ask.key_id == notices_transport_key(
        app.deployment
    ):
        return _to_the_matching(app, ask)
    if ask.key_id != PSEUDONYM_KEY:
        raise KeyRefused("SSP hands out only its pseudonym key, and only to schools")
    if kind_of(ask.requester) != "school" or not _shares_a_municipality(app, ask):
        raise NotServed(
            Wording(
                f"{ask.requester} er ingen skole i SSP's kommuner",
                f"{ask.requester} is no school deployment in SSP's municipalities",
            )
        )
    return app.data_keys.key(PSEUDONYM_KEY, create=True)


def _shares_a_municipality(app: SspApplication, ask: KeyAsk) -> bool:
    if app.serves.everything or ask.serves.everything:
        return True
    return any(app.serves.serves_municipality(m) for m in ask.serves.municipalities)


def _to_the_matching(app: SspApplication, ask: KeyAsk) -> bytes:
    """A case's matching key, and the key of SSP's withdrawals, go to the matching
    deployment SSP is configured with and to no one else. Who asks is checked first, so
    a refusal says nothing of whether the case is here; the kit records each case's key
    handed out or refused in the case's access log."""
    matcher = app.settings.matching_deployment
    if not matcher or ask.requester != matcher:
        raise NotServed(
            Wording(
                f"{ask.requester} er ikke SSP's tjeneste til sammenkædning på tværs af kommuner",
                f"{ask.requester} is not SSP's matching deployment",
            )
        )
    found = app.data_keys.lookup(ask.key_id)  # raises KeyDestroyed once the case is erased
    if found is None:
        if ask.key_id.startswith(MATCH_KEY_PREFIX):
            raise KeyRefused("no such matching key here")
        return app.data_keys.key(ask.key_id, create=True)
    return found
