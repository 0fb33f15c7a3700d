"""``samspil fingerprint FILE``: the fingerprints to record on a case, computed locally.

For a professional helping a victim on the victim's own device: it prints the
fingerprints (JSON, ready for ``POST /cases/{id}/fingerprints``) and stores nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from infra.fingerprinting import fingerprints_of


def fingerprint(path: Path) -> int:
    if not path.is_file():
        print(f"samspil fingerprint: {path} is not a file")
        return 2
    found = fingerprints_of(path)
    print(json.dumps({"fingerprints": [{"kind": f.kind.value, "value": f.value} for f in found]}))
    return 0
