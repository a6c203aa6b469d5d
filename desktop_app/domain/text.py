"""Control characters in text: refused where text comes in, made visible where it goes out.

A partner name with ESC would recolour or rewrite the terminal that lists it, a BEL rings it,
CR/LF split a table row, a NUL cuts an id in two for some programs, and the XLSX format has
no way to hold most of them. So text a user types or a file brings is checked with
`check_text` (multi-line fields keep their line ends and tabs), and text printed for a person
goes through `visible`, which writes each control character as an escape like \\x1b.

Control characters are Unicode category Cc: C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F).
"""

from __future__ import annotations

import re

from desktop_app.errors import ValidationError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # keeps \t \n \r
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_control(char: str) -> str:
    """One control character as the escape a person can read: \\n, \\r, \\t or \\x1b."""
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def first_control(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text` (line ends and tabs allowed if `multiline`)."""
    found = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(text)
    return found[0] if found else None


def check_text(field: str, text: str, *, multiline: bool = False) -> None:
    """Raise ValidationError naming `field` and the character if `text` holds a control
    character; a multi-line field (an address, notes) may hold line ends and tabs."""
    found = first_control(text, multiline=multiline)
    if found is not None:
        raise ValidationError(
            field, f"contains a control character ({escape_control(found)}); remove it"
        )


def visible(text: str) -> str:
    """`text` with every control character written as an escape (\\x1b, \\n…), for a terminal
    or a file format that cannot hold them."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: escape_control(m[0]), text)
