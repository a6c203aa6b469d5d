"""Control characters: refused on the way in (naming the field), visible on the way out."""

from __future__ import annotations

import pytest

from desktop_app.domain.text import check_text, first_control, visible
from desktop_app.errors import ValidationError


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9b", "\n"])
def test_single_line_text_refuses_every_control_character(char: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_text("name", f"Acme{char}Corp")
    assert caught.value.field == "name"
    assert "\\" in caught.value.detail and char not in str(caught.value)


def test_multi_line_text_keeps_line_ends_and_tabs() -> None:
    check_text("notes", "one\ntwo\r\nthree\tfour", multiline=True)
    with pytest.raises(ValidationError, match=r"notes: contains a control character \(\\x1b\)"):
        check_text("notes", "one\n\x1b[2J", multiline=True)
    assert first_control("plain Zoë – Łódź ☃") is None


def test_visible_escapes_instead_of_sending_raw() -> None:
    assert visible("A\r\nB\x1b[31m\x07\x00\x9b") == "A\\r\\nB\\x1b[31m\\x07\\x00\\x9b"
    text = "Zoë\tnothing else"
    assert visible("Zoë") == "Zoë" and visible(text) == "Zoë\\tnothing else"
