"""``samspil directory sign``: the directory authority vouches for one deployment.

The authority (the national operator) keeps its Ed25519 key offline; it signs an
entry naming the deployment, where it answers, its public key (the deployment's
``DEPLOYMENT.pub``) and whom it serves. The deployment is configured with the entry
(``SAMSPIL_DIRECTORY_ENTRY_FILE``) and publishes it; every deployment configured with
the authority's public key (``SAMSPIL_DIRECTORY_AUTHORITY_KEY``) believes it.
"""

from __future__ import annotations

from pathlib import Path

from contracts.directory import ServesV1
from domain.geography import PoliceDistrict
from infra.audit_chain import SigningKey
from infra.directory import sign_entry


def sign(
    *,
    authority_key: Path,
    deployment: str,
    url: str,
    public_key: str,
    municipalities: list[str],
    police_districts: list[str],
    institutions: list[str],
    out: Path,
) -> int:
    serves = ServesV1(
        municipalities=tuple(municipalities),
        police_districts=tuple(PoliceDistrict(d) for d in police_districts),
        institutions=tuple(institutions),
    )
    if not (serves.municipalities or serves.police_districts or serves.institutions):
        print("samspil directory sign: name what it serves (--municipality, --district, …)")
        return 2
    key = public_key
    if Path(public_key).is_file():  # DEPLOYMENT.pub from the trust directory
        key = Path(public_key).read_text(encoding="ascii").strip()
    authority = SigningKey(authority_key)  # created on first use: keep it offline
    entry = sign_entry(authority, deployment=deployment, url=url, public_key=key, serves=serves)
    out.write_text(entry.model_dump_json(indent=2) + "\n", encoding="utf-8")
    print(f"{out}: {deployment}, signed by the authority whose public key is")
    print(authority.public_key)
    return 0
