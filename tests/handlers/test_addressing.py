"""Whom an agency's answer is addressed to: the school deployment the case belongs to,
named by its deployment id (public), never by the school's name in clear."""

from __future__ import annotations

import os
import uuid
from typing import Any

from contracts.sealed import SealedEventV3, audience_of, case_transport_key
from contracts.topics import SCHOOL_CASE_EVENTS
from domain.geography import PoliceDistrict
from infra.key_exchange import Fetched
from infra.sealing import seal
from services.police_liaison.outbound import police_event_translator
from tests.builders import OFFICER
from tests.handlers.conftest import Harness
from tests.messages import notified

SCHOOL = "school.aarhus"
INSTITUTION = "Skolen ved Brabrand Sø"


async def test_the_police_acknowledgement_is_addressed_to_the_school_deployment_not_named(
    harness: Harness,
) -> None:
    police, broker, dead = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    key_id = case_transport_key(case_id)
    key = os.urandom(32)

    async def handed_over(asked: str, owner: str | None) -> Fetched:
        assert (asked, owner) == (key_id, SCHOOL)
        return Fetched(key=key, granter=SCHOOL)

    police.transport_keys._fetch = handed_over
    event = notified(1, case_id, notification_id).model_copy(update={"institution": INSTITUTION})
    sealed = seal(event, key_id=key_id, key=key, deployment=SCHOOL)
    await broker.publish(sealed.model_dump_json().encode(), SCHOOL_CASE_EVENTS)
    assert dead == [] and police.inbox(PoliceDistrict.OESTJYLLAND).total == 1

    acknowledged = police.recorder.max_notification_id()
    police.act(notification_id, lambda item: item.acknowledge(actor=OFFICER))
    (stored,) = police.recorder.select_notifications(acknowledged + 1, 1)
    message: Any = police_event_translator(police)(stored)

    raw = message.value
    assert b"brabrand" not in raw.lower(), "the school's name never crosses in clear"
    answer = SealedEventV3.model_validate_json(raw)
    assert f"deployment:{SCHOOL}" in audience_of(answer)
    assert answer.key_holder == SCHOOL
