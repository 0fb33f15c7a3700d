"""Which language an answer speaks, from the request's Accept-Language header."""

from __future__ import annotations

import pytest

from services.kit.language import Language, negotiate, requested

DA, EN = Language.DANISH, Language.ENGLISH


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("da-DK,da;q=0.9,en;q=0.8", DA),  # a Danish browser
        ("da", DA),
        ("DA-dk", DA),  # tags are case-insensitive
        ("en-US,en;q=0.9,da;q=0.8", EN),
        ("en;q=0.8, da;q=0.9", DA),  # the higher q wins, wherever it stands
        ("fr-FR, fr;q=0.9, da;q=0.5", DA),  # the best language Samspil speaks
        ("da;q=0.5, en;q=0.5", DA),  # equal q: the earlier range
        ("en;q=0.5, da;q=0.5", EN),
        ("en;q=0, *;q=0.5", DA),  # English ruled out, the wildcard takes the rest
        ("da;q=0, *", EN),
        ("da;q=0", EN),  # nothing acceptable: the default
        ("*", EN),
        ("fr", EN),
        ("", EN),
        (None, EN),
        ("da;q=abc, en", EN),  # a malformed range is skipped
        ("da;q=1.5, en;q=0.1", EN),  # q above 1 is malformed
        ("  da ; q=0.7 ,en;q=0.6 ", DA),  # spaces around the parts
    ],
)
def test_the_preferred_language_is_chosen_by_q_value(
    header: str | None, expected: Language
) -> None:
    assert negotiate(header) is expected


def test_every_accept_language_header_of_a_request_counts() -> None:
    scope = {
        "type": "http",
        "headers": [(b"accept-language", b"en;q=0.2"), (b"accept-language", b"da;q=0.9")],
    }
    assert requested(scope) is DA
    assert requested({"type": "http", "headers": []}) is EN
