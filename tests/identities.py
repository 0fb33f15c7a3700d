"""Professionals for the tests, with bearer tokens from a test issuer of their own."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt

from infra.auth import LocalIssuer
from infra.settings import Settings

ISSUER = LocalIssuer(Path(tempfile.mkdtemp(prefix="samspil-test-issuer-")))
PUBLIC_KEY_FILE = str(ISSUER.public_key_file)
_SETTINGS = Settings(_env_file=None)


def bearer(person: str, role: str, organisation: str, hours: float = 8) -> dict[str, str]:
    token = ISSUER.token(
        _SETTINGS,
        person=person,
        role=role,
        organisation=organisation,
        lifetime=timedelta(hours=hours),
    )
    return {"Authorization": f"Bearer {token}"}


def signed_claims(**overrides: Any) -> dict[str, str]:
    """A token signed by the test issuer with claims of the test's choosing (or absent: None)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": _SETTINGS.auth_issuer,
        "aud": _SETTINGS.auth_audience,
        "sub": "laerer-anna",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        _SETTINGS.auth_role_claim: "ledelse",
        _SETTINGS.auth_organisation_claim: "Frederiksberg Skole",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    token = jwt.encode(claims, ISSUER.private_key_file.read_bytes(), algorithm="EdDSA")
    return {"Authorization": f"Bearer {token}"}


SCHOOL_STAFF = bearer("skoleleder-bo", "ledelse", "Frederiksberg Skole")
"""Management at the school in the test reports: may give every school command."""
RESOURCE_PERSON = bearer("laerer-anna", "ressourceperson", "Frederiksberg Skole")
CLASS_TEAM = bearer("klasselaerer-ida", "klasseteam", "Frederiksberg Skole")
OTHER_SCHOOL = bearer("skoleleder-kim", "ledelse", "Gentofte Skole")
SSP_CONSULTANT = bearer("ssp-konsulent-eva", "ssp_konsulent", "Frederiksberg")
POLICE_OFFICER = bearer("betjent-ole", "politi", "koebenhavn")
OTHER_POLICE = bearer("betjent-per", "politi", "fyn")
AUDITOR = bearer("revisor-lis", "auditor", "Frederiksberg")
"""The auditor of the test reports' municipality: reads their audit exports."""
OTHER_AUDITOR = bearer("revisor-max", "auditor", "Gentofte")
DPO = bearer("dpo-karen", "databeskyttelse", "Frederiksberg Kommune")
OTHER_DPO = bearer("dpo-jens", "databeskyttelse", "Odense Kommune")
"""The municipality's data protection officer: erasure and retention."""
