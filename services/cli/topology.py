"""``samspil topology prepare``: lay out a topology's deployments before they start
elsewhere, as ``samspil up --topology`` does before it starts them itself.

Each deployment gets its data directory under ``DATA_DIR/deployments/``, with its
signing key, local sign-in and its directory entry signed by the directory authority
(whose key stays in ``DATA_DIR/directory-authority.key``; its public key is written
beside it for the deployments' ``SAMSPIL_DIRECTORY_AUTHORITY_KEY_FILE``), and every
entry already in its directory cache. ``docker-compose.region.yml`` runs this once
before it starts the region's containers. Running it again keeps every key and re-signs
the entries, so a changed address or port is believed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from infra.settings import Settings
from services.run.topology import AUTHORITY_PUBLIC_KEY, LOCAL_URLS, Topology, TopologyError, members


def prepare(settings: Settings, topology_file: Path, urls: str = LOCAL_URLS) -> int:
    try:
        topology = Topology.load(topology_file)
    except TopologyError as error:
        print(f"samspil topology prepare: {error}", file=sys.stderr)
        return 2
    try:
        laid_out = members(topology, settings, {}, urls)
    except (KeyError, IndexError, ValueError) as error:
        print(f"samspil topology prepare: --urls {urls!r}: {error}", file=sys.stderr)
        return 2
    print(f"{topology.name}: {len(laid_out)} deployments laid out")
    for member in laid_out:
        print(f"  {member.deployment.id:<30} {member.env['SAMSPIL_DATA_DIR']}")
    print(f"Directory authority's public key: {settings.data_dir / AUTHORITY_PUBLIC_KEY}")
    return 0
