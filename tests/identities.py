"""Professionals for the tests, with bearer tokens from a test issuer of their own."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from infra.auth import LocalIssuer
from infra.settings import Settings

ISSUER = LocalIssuer(Path(tempfile.mkdtemp(prefix="samspil-test-issuer-")))
PUBLIC_KEY_FILE = str(ISSUER.public_key_file)
_SETTINGS = Settings(_env_file=None)


def bearer(person: str, role: str, organisation: str, hours: float = 24) -> dict[str, str]:
    token = ISSUER.token(
        _SETTINGS,
        person=person,
        role=role,
        organisation=organisation,
        lifetime=timedelta(hours=hours),
    )
    return {"Authorization": f"Bearer {token}"}


SCHOOL_STAFF = bearer("skoleleder-bo", "ledelse", "Frederiksberg Skole")
"""Management at the school in the test reports: may give every school command."""
RESOURCE_PERSON = bearer("laerer-anna", "ressourceperson", "Frederiksberg Skole")
CLASS_TEAM = bearer("klasselaerer-ida", "klasseteam", "Frederiksberg Skole")
OTHER_SCHOOL = bearer("skoleleder-kim", "ledelse", "Gentofte Skole")
SSP_CONSULTANT = bearer("ssp-konsulent-eva", "ssp_konsulent", "Frederiksberg")
POLICE_OFFICER = bearer("betjent-ole", "politi", "koebenhavn")
OTHER_POLICE = bearer("betjent-per", "politi", "fyn")
AUDITOR = bearer("revisor-lis", "auditor", "Datatilsynet")
DPO = bearer("dpo-karen", "databeskyttelse", "Frederiksberg Kommune")
"""The municipality's data protection officer: erasure and retention."""
