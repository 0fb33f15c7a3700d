"""SSP hands its pseudonym key to the school deployments it serves, and to no one else.

Schools compute pseudonyms of the people involved (HMAC of the national identifier)
with it, so the same person links across schools while SSP never sees the identifier.
"""

from __future__ import annotations

from contracts.deployments import kind_of
from contracts.key_exchange import PSEUDONYM_KEY
from domain.commands import Wording
from infra.key_exchange import KeyAsk, KeyRefused, NotServed
from services.ssp.application import SspApplication


def ssp_key_grants(app: SspApplication, ask: KeyAsk) -> bytes:
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
