"""``samspil erase CASE_ID --reason TEXT``: erase a case in the running system.

The school service destroys the case's data key and records the erasure; the request
travels over Kafka and SSP and the police liaison destroy theirs. The command acts as
the school's management, with a token from the local issuer.
"""

from __future__ import annotations

import json
from uuid import UUID

import httpx

from infra.auth import local_issuer
from infra.settings import Settings
from services.launcher import runtime_file


def erase(settings: Settings, case_id: UUID, *, reason: str, institution: str, person: str) -> int:
    try:
        school = json.loads(runtime_file(settings).read_text(encoding="utf-8"))["school"]
    except FileNotFoundError:
        school = f"http://{settings.http_host}:{settings.school_port}"
    token = local_issuer(settings).token(
        settings, person=person, role="ledelse", organisation=institution
    )
    try:
        response = httpx.post(
            f"{school}/cases/{case_id}/erasure",
            json={"reason": reason},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30.0,
        )
    except httpx.HTTPError as error:
        print(f"samspil erase: the school service at {school} did not answer ({error})")
        return 2
    if response.status_code == 200:
        body = response.json()
        print(f"Case {case_id} erased at {body['erased_at']}: {body['reason']}")
        print("SSP and the police liaison destroy their keys for it as the request reaches them.")
        return 0
    detail = response.json().get("detail", response.text)
    print(f"samspil erase: {detail if isinstance(detail, str) else json.dumps(detail)}")
    return 1
