"""Text that carries file content is recognised; ordinary case text is not."""

from __future__ import annotations

import base64
import os

import pytest

from domain.material import find_file_content, looks_like_file_content

JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + os.urandom(300)).decode()


@pytest.mark.parametrize(
    "text",
    [
        "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
        "see data:video/mp4;base64,AAAAIGZ0eXBpc29t",
        JPEG,
        base64.b64encode(os.urandom(400)).decode(),
        base64.urlsafe_b64encode(os.urandom(400)).decode(),
    ],
)
def test_file_content_is_recognised(text: str) -> None:
    assert looks_like_file_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "A pupil (14) in 8.b was pressed for images by an unknown Snapchat profile.",
        "Elev på 2.g fortæller at et nøgenbillede deles i en gruppechat. Hun er meget påvirket.",
        "https://www.snapchat.com/add/someprofile",
        "Datatilsynet j.nr. 2026-31-1234",
        "x" * 150,
    ],
)
def test_case_text_is_not_mistaken_for_a_file(text: str) -> None:
    assert not looks_like_file_content(text)


def test_the_field_carrying_file_content_is_named() -> None:
    body = {"involved": [{"description": "classmate"}, {"description": JPEG}]}
    assert find_file_content(body) == "body.involved[1].description"
    assert find_file_content({"description": "ordinary words"}) is None
