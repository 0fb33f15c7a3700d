"""Why SSP linked two cases, and why a cluster is a matter for the police, in Danish.

The reasons are recorded and carried in English, as the domain words them
(``domain.fingerprints.why_they_match``, ``IncidentCluster.serious``, SSP's linking by
pseudonym); every console shows them through ``reason_words``, so each agency reads the
same Danish sentence. A reason not known here is shown as it was recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.commands import Wording

_KNOWN: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"PDQ image hashes (\d+) bits apart \(≤ (\d+)\)"),
        lambda m: (
            f"billederne har næsten samme fingeraftryk (PDQ): {m[1]} bit til forskel, "
            f"højst {m[2]} regnes for det samme billede"
        ),
    ),
    (re.compile(r"identical video MD5"), lambda m: "den samme video (ens MD5-fingeraftryk)"),
    (re.compile(r"identical SHA-256"), lambda m: "den samme fil (ens SHA-256-fingeraftryk)"),
    (
        re.compile(r"the same person \(by SSP's pseudonym\) is named in both cases"),
        lambda m: "den samme person (efter SSP's pseudonym) er nævnt i begge sager",
    ),
    (
        re.compile(r"a case in the cluster is at level 3 or higher"),
        lambda m: "en sag i klyngen er på niveau 3 eller højere",
    ),
    (
        re.compile(r"a case in the cluster was reported or notified to the police"),
        lambda m: "en sag i klyngen er politianmeldt, eller politiet er orienteret om den",
    ),
    (
        re.compile(r"the same material is in another municipality's case \(national matching\)"),
        lambda m: "det samme materiale er i en anden kommunes sag (national sammenkædning)",
    ),
    (
        re.compile(r"a case of the incident in another municipality is with the police"),
        lambda m: "en sag om hændelsen i en anden kommune er hos politiet",
    ),
]


def reason_words(reason: str) -> Wording:
    """The recorded reason in Danish (where its wording is known) and as recorded."""
    for pattern, danish in _KNOWN:
        found = pattern.fullmatch(reason.strip())
        if found:
            return Wording(danish(found), reason)
    return Wording(reason, reason)
