"""A platform is found however it is written; one not listed is kept by the name given."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from domain.platforms import PLATFORMS, HashList, platform_named


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Instagram", "Instagram"),
        ("instagram", "Instagram"),
        ("  INSTAGRAM ", "Instagram"),
        ("insta", "Instagram"),
        ("IG", "Instagram"),
        ("snap", "Snapchat"),
        ("Snap Chat", "Snapchat"),
        ("tik tok", "TikTok"),
        ("fb", "Facebook"),
        ("Facebook Messenger", "Messenger"),
        ("twitter", "X"),
        ("x", "X"),
        ("X (Twitter)", "X"),
        ("You Tube", "YouTube"),
        ("discord", "Discord"),
        ("telegram", "Telegram"),
        ("Whats App", "WhatsApp"),
        ("reddit", "Reddit"),
        ("Only Fans", "OnlyFans"),
        ("pornhub", "Pornhub"),
    ],
)
def test_a_listed_platform_is_found_by_any_common_spelling(written: str, canonical: str) -> None:
    platform = platform_named(written)
    assert platform.listed
    assert platform.name == canonical


def test_a_request_and_its_outcome_meet_however_each_was_written() -> None:
    assert platform_named("Instagram").name == platform_named("instagram ").name


def test_an_unknown_platform_is_allowed_and_kept_by_the_name_given() -> None:
    platform = platform_named("  Knuddels  ")
    assert platform.name == "Knuddels"
    assert not platform.listed
    assert platform.report is None and platform.hash_lists == frozenset()


def test_red_barnet_sletdet_is_a_referral_not_a_platform() -> None:
    assert not platform_named("Red Barnet SletDet").listed
    assert not platform_named("SletDet").listed


@pytest.mark.parametrize(
    "name",
    [
        "Snapchat",
        "Instagram",
        "TikTok",
        "Facebook",
        "Messenger",
        "YouTube",
        "X",
        "Discord",
        "Telegram",
        "WhatsApp",
        "Reddit",
        "OnlyFans",
        "Pornhub",
    ],
)
def test_each_platform_young_people_share_on_says_how_to_report_there(name: str) -> None:
    platform = platform_named(name)
    assert platform.report is not None
    assert platform.report.da and platform.report.en
    assert platform.report.da != platform.report.en
    if platform.report.url is not None:
        assert urlparse(platform.report.url).scheme == "https"


def test_platform_names_are_unique_whatever_their_case() -> None:
    names = [p.name.casefold() for p in PLATFORMS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("name", "hash_lists"),
    [
        ("Facebook", {HashList.STOPNCII, HashList.TAKE_IT_DOWN}),
        ("Instagram", {HashList.STOPNCII, HashList.TAKE_IT_DOWN}),
        ("TikTok", {HashList.STOPNCII}),
        ("Snapchat", {HashList.STOPNCII}),
        ("OnlyFans", {HashList.STOPNCII, HashList.TAKE_IT_DOWN}),
        ("Pornhub", {HashList.STOPNCII, HashList.TAKE_IT_DOWN}),
        ("WhatsApp", set()),
        ("Telegram", set()),
        ("X", set()),
    ],
)
def test_hash_based_reports_are_marked_only_where_membership_is_published(
    name: str, hash_lists: set[HashList]
) -> None:
    assert platform_named(name).hash_lists == hash_lists
