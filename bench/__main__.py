"""``python -m bench``: Samspil's performance targets and the linking scale scenario, each
beside a baseline measured in the same run, so every figure can be read against what this
machine does without Samspil.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import platform
import sys
import time

import structlog

from bench import (
    audit_verify,
    chaos,
    deadline_scale,
    encrypted_append,
    linking_scale,
    report_to_inbox,
    umbrella_region,
)
from bench.encrypted_append import AppendResult
from bench.report_to_inbox import InboxResult
from bench.stats import TIMES, ms, ratio, render_table, times, us, verdict


def _quiet_logging() -> None:
    """Per-message INFO lines would flood the output; warnings and errors still show."""
    logging.disable(logging.INFO)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    default = " (default: %(default)s)"
    parser.add_argument("--append-rounds", type=int, default=16, help="append rounds" + default)
    parser.add_argument(
        "--cases-per-round", type=int, default=40, help="cases, 10 appends each" + default
    )
    parser.add_argument("--samples", type=int, default=200, help="latency samples" + default)
    parser.add_argument("--warmup", type=int, default=10, help="latency warm-up rounds" + default)
    parser.add_argument(
        "--verify-records",
        type=int,
        default=1_000_000,
        help="records to verify (the target is for a million)" + default,
    )
    parser.add_argument(
        "--linked-cases", type=int, default=1004, help="cases of one video to link" + default
    )
    parser.add_argument(
        "--region-cases",
        type=int,
        default=1004,
        help="cases of one video across the region's deployments" + default,
    )
    parser.add_argument(
        "--region-municipalities",
        type=int,
        default=len(umbrella_region.DISTRICTS),
        help="municipalities of the region, one per police district" + default,
    )
    parser.add_argument(
        "--chaos-events", type=int, default=10_000, help="events under kill -9s" + default
    )
    parser.add_argument("--chaos-kills", type=int, default=50, help="kill -9s" + default)
    parser.add_argument(
        "--deadline-cases", type=int, default=100_000, help="open cases with deadlines" + default
    )
    return parser.parse_args(argv)


def _row(
    label: str,
    measured: str,
    baseline: str,
    ratio: float,
    target: str = "",
    met: bool | None = None,
) -> list[str]:
    return [label, measured, baseline, times(ratio), target, "" if met is None else verdict(met)]


def _append_rows(result: AppendResult) -> list[list[str]]:
    enc, plain = result.encrypted, result.plain
    target = f"≤ {encrypted_append.TARGET_RATIO}{TIMES} (mean)"
    return [
        _row("append mean", us(enc.mean), us(plain.mean), result.mean_ratio, target, result.met),
        _row("append p50", us(enc.p50), us(plain.p50), result.p50_ratio),
    ]


def _latency_rows(result: InboxResult) -> list[list[str]]:
    """p50/p99 as targeted, plus the mean: the broker makes the raw round trip bimodal, which
    leaves its p50 (and every ratio to it) jumping between the two modes from run to run."""
    raw, inbox, stored = result.raw, result.inbox, result.stored
    target = f"p99 ≤ {report_to_inbox.TARGET_P99_SECONDS * 1e3:.0f} ms"
    return [
        _row("report→inbox p50", ms(inbox.p50), ms(raw.p50), ratio(inbox.p50, raw.p50)),
        _row(
            "report→inbox p99",
            ms(inbox.p99),
            ms(raw.p99),
            ratio(inbox.p99, raw.p99),
            target,
            result.met,
        ),
        _row("report→inbox mean", ms(inbox.mean), ms(raw.mean), ratio(inbox.mean, raw.mean)),
        _row(
            "inbox p50, last quarter",
            ms(result.inbox_last_quarter_p50),
            ms(result.inbox_first_quarter_p50),
            result.growth,
            f"≤ {report_to_inbox.FLAT_RATIO}{TIMES} first quarter (flat)",
            result.flat,
        ),
        _row("report→stored p50", ms(stored.p50), ms(raw.p50), ratio(stored.p50, raw.p50)),
        _row("report→stored p99", ms(stored.p99), ms(raw.p99), ratio(stored.p99, raw.p99)),
        _row("report→stored mean", ms(stored.mean), ms(raw.mean), ratio(stored.mean, raw.mean)),
    ]


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    _quiet_logging()
    print(f"Samspil benchmark — Python {platform.python_version()}, {os.cpu_count()} CPUs")

    started = time.perf_counter()
    print("\n[1/7] Encrypted append: SchoolApplication's AES-GCM store vs the same without cipher")
    appends = encrypted_append.run(rounds=args.append_rounds, cases_per_round=args.cases_per_round)
    print(
        f"  {appends.encrypted.count} appends each side;"
        f" encrypted mean {us(appends.encrypted.mean)} p50 {us(appends.encrypted.p50)};"
        f" plain mean {us(appends.plain.mean)} p50 {us(appends.plain.p50)}"
    )

    print("\n[2/7] School report → police inbox, both services in-process on an embedded broker")
    latency = asyncio.run(report_to_inbox.run(samples=args.samples, warmup=args.warmup))
    print(
        f"  {latency.inbox.count} samples each; raw Kafka p50 {ms(latency.raw.p50)}"
        f" p99 {ms(latency.raw.p99)}; inbox p50 {ms(latency.inbox.p50)}"
        f" p99 {ms(latency.inbox.p99)};"
        f" stored p50 {ms(latency.stored.p50)} p99 {ms(latency.stored.p99)}"
    )
    print(
        f"  inbox p50 grew from {ms(latency.inbox_first_quarter_p50)} (first quarter) to"
        f" {ms(latency.inbox_last_quarter_p50)} (last quarter); one inbox read of"
        f" {latency.inbox_size} notifications takes {ms(latency.inbox_read_seconds)}"
    )

    print(
        f"\n[3/7] samspil audit verify over {args.verify_records:,} records (chain, checkpoint,"
        " keys, tracking rows), vs reading them once"
    )
    verified = audit_verify.run(records=args.verify_records)
    print(
        f"  verify {verified.verify_seconds:.2f} s, read {verified.read_seconds:.2f} s"
        f" (as bare rows {verified.rows_seconds:.2f} s); {verified.per_100k:.2f} s per"
        f" 100,000 records"
    )

    print(
        f"\n[4/7] {args.linked_cases} sharers' cases of one video, schools in"
        f" {len(linking_scale.DISTRICTS)} police districts, school → SSP → one cluster"
    )
    scale = asyncio.run(linking_scale.run(cases=args.linked_cases))
    print(
        f"  one cluster of {scale.cluster_cases} cases, {scale.cluster_schools} schools,"
        f" {scale.cluster_municipalities} municipalities, {scale.cluster_districts} districts"
        f" — {'as fed' if scale.counts_correct else 'NOT as fed'};"
        f" {scale.linking_seconds:.1f} s, filing alone {scale.baseline_seconds:.1f} s"
    )

    print(
        f"\n[5/7] The same video across deployments: {args.region_cases} cases at"
        f" {umbrella_region.SCHOOLS} schools in {args.region_municipalities} municipalities,"
        " each with its own school and SSP deployment, linked by the matching deployment"
    )
    region = asyncio.run(
        umbrella_region.run(cases=args.region_cases, municipalities=args.region_municipalities)
    )
    print(umbrella_region.describe(region))

    print(
        f"\n[6/7] Chaos: {args.chaos_events:,} events through the three services (processes,"
        f" supervised) while {args.chaos_kills} kill -9s hit them and the embedded broker"
    )
    chaos_result = chaos.run(events=args.chaos_events, kills=args.chaos_kills)
    print(chaos.describe(chaos_result))

    print(
        f"\n[7/7] The next due deadline with {args.deadline_cases:,} open cases in the due index,"
        " vs 1,000: find it, fire it (record, enqueue notices, follow)"
    )
    deadlines = deadline_scale.run(large=args.deadline_cases)
    print(deadline_scale.describe(deadlines))

    print(f"\nSummary (whole run {time.perf_counter() - started:.0f} s)\n")
    header = ["metric", "measured", "baseline", "ratio", "target", "verdict"]
    verify_target = (
        f"≤ {audit_verify.TARGET_RATIO}{TIMES} read,"
        f" < {audit_verify.TARGET_MILLION_SECONDS:.0f} s per million"
    )
    verify_rows = [
        _row(
            "verify per 100k",
            f"{verified.per_100k:.2f} s",
            f"{verified.read_per_100k:.2f} s",
            verified.ratio,
        ),
        _row(
            f"verify {verified.records:,} records",
            f"{verified.verify_seconds:.2f} s",
            f"{verified.read_seconds:.2f} s",
            verified.ratio,
            verify_target,
            verified.met,
        ),
    ]
    scale_row = _row(
        f"link {scale.fed.cases} cases",
        f"{scale.linking_seconds:.1f} s",
        f"{scale.baseline_seconds:.1f} s",
        ratio(scale.linking_seconds, scale.baseline_seconds),
        "counts as fed",
        scale.counts_correct,
    )
    region_row = _row(
        f"Umbrella across {region.municipalities} SSPs",
        f"{region.total:.1f} s"
        if region.finished
        else f"> {umbrella_region.TIMEOUT_SECONDS:.0f} s",
        f"{region.raw_seconds:.2f} s",
        ratio(
            region.total if region.finished else umbrella_region.TIMEOUT_SECONDS,
            region.raw_seconds,
        ),
        f"< {umbrella_region.TARGET_SECONDS:.0f} s, one incident",
        region.met,
    )
    rows = [*_append_rows(appends), *_latency_rows(latency), *verify_rows, scale_row, region_row]
    rows.extend(chaos.rows(chaos_result))
    target = f"≤ {deadline_scale.TARGET_RATIO}{TIMES} (flat)"
    rows.append(
        _row(
            f"find next deadline, {deadlines.large.open_cases:,}",
            us(deadlines.large.find_seconds),
            us(deadlines.small.find_seconds),
            deadlines.find_ratio,
            target,
            deadlines.find_ratio <= deadline_scale.TARGET_RATIO,
        )
    )
    rows.append(
        _row(
            f"fire a deadline, {deadlines.large.open_cases:,}",
            ms(deadlines.large.fire_seconds),
            ms(deadlines.small.fire_seconds),
            deadlines.fire_ratio,
            target,
            deadlines.fire_ratio <= deadline_scale.TARGET_RATIO,
        )
    )
    print(render_table(header, rows))
    print(
        "\nBaselines: append = same SchoolApplication and SQLite store without cipher;"
        " latency = raw aiokafka produce→consume round trip on the same broker;"
        " verify = reading the same records once, through the library;"
        " linking = the same cases filed by SSP without fingerprints;"
        " Umbrella across SSPs = raw aiokafka moving as many messages;"
        " deadlines = the same with 1,000 open cases."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
