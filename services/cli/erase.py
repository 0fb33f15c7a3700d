"""``samspil erase CASE_ID --reason TEXT``: erase a case in the running system.

The school service destroys the case's data and transport keys and records the erasure;
the request travels over Kafka and SSP and the police liaison destroy theirs. The
command acts as the data protection officer (see ``services.cli.calls``).
"""

from __future__ import annotations

from uuid import UUID

from infra.settings import Settings
from services.cli.calls import CallFailed, call


def erase(
    settings: Settings,
    case_id: UUID,
    *,
    reason: str,
    person: str,
    municipality: str | None,
    token: str | None,
) -> int:
    try:
        response = call(
            settings,
            "school",
            "POST",
            f"/cases/{case_id}/erasure",
            json={"reason": reason},
            token=token,
            person=person,
            municipality=municipality,
        )
    except CallFailed as failed:
        print(f"samspil erase: {failed}")
        return failed.exit_code
    body = response.json()
    print(f"Case {case_id} erased at {body['erased_at']}: {body['reason']}")
    print("SSP and the police liaison destroy their keys for it as the request reaches them.")
    return 0
