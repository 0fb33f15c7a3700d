"""Summaries and the printed table, shared by both benchmarks."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Mean and percentiles of timings in seconds; percentiles by nearest rank, never interpolated,
    so a reported p99 is a latency that actually happened."""

    count: int
    mean: float
    p50: float
    p99: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        if not samples:
            raise ValueError("no samples to summarise")
        ordered = sorted(samples)
        return cls(
            count=len(ordered),
            mean=statistics.fmean(ordered),
            p50=percentile(ordered, 0.50),
            p99=percentile(ordered, 0.99),
        )


def percentile(ordered: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted samples."""
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def ratio(measured: float, baseline: float) -> float:
    return measured / baseline if baseline > 0 else math.inf


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


TIMES = "\N{MULTIPLICATION SIGN}"


def times(value: float) -> str:
    return f"{value:.2f}{TIMES}"


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table that stays readable in CI logs (no colours, no box drawing)."""
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
