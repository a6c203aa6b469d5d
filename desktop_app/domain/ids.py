"""Record ids as a user types them: whole numbers that fit the stores' 64-bit id columns.

SQLite and PostgreSQL keep ids in signed 64-bit integers; a number beyond that cannot name a
record, and handing it to the database driver fails with OverflowError instead of "not found".
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: "²".isdigit() is True, int("²") fails


def parse_id(text: str) -> int | None:
    """The id `text` names, or None when it is not a plain number from 1 to MAX_ID."""
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def id_problem(text: str) -> str:
    """Why `text` is not an id, for messages."""
    return f"'{text}' is not an id (a whole number from 1 to {MAX_ID})"
