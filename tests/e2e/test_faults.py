"""Crashes and broker restarts lose nothing and apply nothing twice."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def _notify_cases(system: System, count: int) -> list[str]:
    return [system.notify_police(system.report_case()) for _ in range(count)]


def _assert_exactly_once(system: System, expected: list[str]) -> None:
    seen = Counter(n["notification_id"] for n in system.police_inbox())
    assert set(seen) == set(expected)
    assert max(seen.values()) == 1, f"duplicated in the inbox: {seen.most_common(3)}"


def test_police_service_crash_mid_batch_loses_and_duplicates_nothing(system: System) -> None:
    system.start()
    first_half = _notify_cases(system, 10)
    wait_until("the police to start on the batch", lambda: len(system.police_inbox()) >= 1)
    system.kill("police_liaison")
    second_half = _notify_cases(system, 10)

    system.start("police_liaison")
    expected = first_half + second_half
    wait_until("every notification in the inbox", lambda: len(system.police_inbox()) >= 20)
    _assert_exactly_once(system, expected)

    system.stop("police_liaison")
    system.start("police_liaison")
    _assert_exactly_once(system, expected)


def test_broker_restart_republishes_from_the_stores_and_receivers_end_the_same(
    system: System,
) -> None:
    system.start()
    before = _notify_cases(system, 5)
    wait_until("the first notifications", lambda: len(system.police_inbox()) == 5)
    acknowledged = before[0]
    system.acknowledge(acknowledged)

    system.broker.stop()  # the embedded broker keeps nothing: every topic is gone
    while_down = _notify_cases(system, 3)
    system.broker.start()

    expected = before + while_down
    wait_until("all notifications after the restart", lambda: len(system.police_inbox()) >= 8)
    wait_until("SSP to see every case", lambda: len(system.ssp_overview()) >= 8)
    after = _notify_cases(system, 1)
    wait_until("a case reported after the restart", lambda: len(system.police_inbox()) >= 9)

    _assert_exactly_once(system, expected + after)
    overview = Counter(c["case_id"] for c in system.ssp_overview())
    assert len(overview) == 9 and max(overview.values()) == 1
    inbox = {n["notification_id"]: n for n in system.police_inbox()}
    assert inbox[acknowledged]["acknowledged_by"] is not None
    case_ids = [n["case_id"] for n in inbox.values() if n["notification_id"] == acknowledged]
    case = system.school_case(case_ids[0])
    assert [h["event"] for h in case["history"]].count("PoliceAcknowledged") == 1
    school_log = (system.settings.data_dir / "logs" / "school.log").read_text()
    assert "relay.topic_recreated_republishing" in school_log, "the relay never noticed the restart"
