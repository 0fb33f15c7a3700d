"""What the material guard costs per request: every string of every body is decoded in
each encoding and scored for randomness, so it must stay linear and cheap.

Typical bodies (a report, the uncovered facts, a logbook entry) are measured beside
the JSON parsing every request pays anyway; the worst bodies the 256 KiB cap lets in
(prose, random base64, tens of thousands of short strings) show the cost is bounded.

    .venv/bin/python -m bench.material_guard
"""

from __future__ import annotations

import base64
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from bench.stats import Summary, render_table, us, verdict
from domain.material import find_material
from services.kit.material_guard import MAX_BODY_BYTES, nested_too_deep

TYPICAL_TARGET_SECONDS = 1e-3
"""A typical body (a few kB) is judged within a millisecond (p50)."""
WORST_TARGET_SECONDS = 1.0
"""No body under the size cap takes longer than this."""

NOTE = (
    "Eleven (14) i 8.b fortæller, at et nøgenbillede af hende deles i en Snapchat-gruppe "
    "med ca. 40 medlemmer fra 7.a, 7.b og 8.c. Moren er orienteret kl. 08:10 (tlf. "
    "22 33 44 55). Profilen @kenny_dk_2008 truer med at sende flere billeder, hvis hun "
    "ikke betaler. Vurderet efter §264d og §235; SSP og politiet (j.nr. 2026-31-1234) er "
    "kontaktet. Links: https://www.snapchat.com/add/someprofile og "
    "https://www.tiktok.com/@user/video/7234567890123456789. "
)


def _text(length: int) -> str:
    return (NOTE * (length // len(NOTE) + 1))[:length]


def typical_bodies() -> dict[str, bytes]:
    report = {
        "institution": "Frederiksberg Skole",
        "municipality": "Frederiksberg",
        "police_district": "koebenhavn",
        "offence_category": "sextortion",
        "victim_is_minor": True,
        "description": _text(600),
    }
    facts = {
        "involved": [
            {"role": "victim", "description": "elev i 8.b"},
            {"role": "passive_sharer", "description": "klassekammerat"},
        ],
        "what_happened": _text(2000),
        "where": "Snapchat-gruppe for 7.-8. årgang",
        "spread": "class",
    }
    logbook = {"who": "klasselærer", "what": _text(1500), "where": "kontoret", "when": "x"}
    dense = {"what": _text(4000)}
    bodies = {"report": report, "facts": facts, "logbook": logbook, "a 4000-character note": dense}
    return {name: json.dumps(body).encode() for name, body in bodies.items()}


def worst_bodies() -> dict[str, bytes]:
    room = MAX_BODY_BYTES - 64
    rng = random.Random(1)
    short = [f"ord{i}" for i in range(room // 12)]
    data = base64.b64encode(rng.randbytes(room * 3 // 4 - 16)).decode()
    return {
        "prose": json.dumps({"what": _text(room - 16)}, ensure_ascii=False).encode()[:room] + b'"}',
        "random base64": json.dumps({"what": data}).encode(),
        "short strings": json.dumps(short).encode()[:room].rsplit(b",", 1)[0] + b"]",
    }


def guard(body: bytes) -> object:
    """What the guard does with a JSON body: depth first, then every string."""
    if nested_too_deep(body):
        return None
    return find_material(json.loads(body))


def _timings(work: Callable[[], object], samples: int) -> Summary:
    seconds = []
    for _ in range(samples):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return Summary.of(seconds)


@dataclass(frozen=True)
class Measured:
    name: str
    size: int
    guard: Summary
    parse: Summary
    target: float

    @property
    def met(self) -> bool:
        return self.guard.p50 <= self.target


def run(samples: int = 200) -> list[Measured]:
    measured = []
    for bodies, target, count in (
        (typical_bodies(), TYPICAL_TARGET_SECONDS, samples),
        (worst_bodies(), WORST_TARGET_SECONDS, 3),
    ):
        for name, body in bodies.items():
            measured.append(
                Measured(
                    name,
                    len(body),
                    _timings(partial(guard, body), count),
                    _timings(partial(json.loads, body), count),
                    target,
                )
            )
    return measured


def main() -> int:
    rows = [
        [
            f"{m.name} ({m.size / 1024:.1f} KiB)",
            us(m.guard.p50),
            us(m.guard.p99),
            us(m.parse.p50),
            f"p50 ≤ {us(m.target)}",
            verdict(m.met),
        ]
        for m in run()
    ]
    print(render_table(["body", "guard p50", "guard p99", "json.loads p50", "target", ""], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
