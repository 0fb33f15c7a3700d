"""Which keys the school hands to trusted peers: each case's transport key, and the
key of its notices (erasures), which peers need to read what the school publishes."""

from __future__ import annotations

from contracts.key_exchange import KeyRequestV1
from contracts.sealed import notices_transport_key
from infra.key_exchange import KeyRefused
from services.school.application import SchoolApplication


def school_key_grants(app: SchoolApplication, request: KeyRequestV1) -> bytes:
    if request.key_id == notices_transport_key("school"):
        return app.data_keys.key(request.key_id, create=True)
    if request.key_id.startswith("transport:case:"):
        found = app.data_keys.lookup(request.key_id)  # raises KeyDestroyed once erased
        if found is not None:
            return found
        raise KeyRefused("no such transport key here")
    raise KeyRefused("the school does not hand out this key")
