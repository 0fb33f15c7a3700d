"""The scale scenario: 1,004 sharers' cases of one video across 11 police districts, fed
through the real broker, end in one cluster with the right counts. How long it takes is
the benchmark's business (``make bench``), not this test's."""

from __future__ import annotations

import pytest

from bench.linking_scale import fed, link_all

pytestmark = pytest.mark.e2e


async def test_a_thousand_sharers_cases_end_in_one_cluster_with_the_right_counts() -> None:
    _, cluster = await link_all(1004)
    expected = fed(1004)
    assert len(cluster.members) == expected.cases == 1004
    assert cluster.schools == expected.schools
    assert cluster.municipalities == expected.municipalities
    assert len(cluster.first_in_each_district()) == expected.districts == 11
    assert cluster.alerted == {}, "no case is serious: the police are not alerted"
