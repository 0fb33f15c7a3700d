"""SSP hands its pseudonym key to the school service, and to no one else.

Schools compute pseudonyms of the people involved (HMAC of the national identifier)
with it, so the same person links across schools while SSP never sees the identifier.
"""

from __future__ import annotations

from contracts.key_exchange import PSEUDONYM_KEY, KeyRequestV1
from infra.key_exchange import KeyRefused
from services.ssp.application import SspApplication


def ssp_key_grants(app: SspApplication, request: KeyRequestV1) -> bytes:
    if request.key_id == PSEUDONYM_KEY and request.requester == "school":
        return app.data_keys.key(PSEUDONYM_KEY, create=True)
    raise KeyRefused("SSP hands out only its pseudonym key, and only to schools")
