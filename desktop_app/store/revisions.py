"""The schema revision this program writes, known without importing Alembic.

Opening a store compares the store's revision (one SELECT on alembic_version) with the head of
the migration scripts; only a store that needs migrating loads Alembic's runtime (a third of a
second). The head is read from the migration files' `revision` and `down_revision` lines, so a
new migration is picked up as soon as its file exists (tests/services/test_store.py checks the
answer against Alembic's own).
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_REVISION = re.compile(r"^revision(?:\s*:\s*[^=]+)?\s*=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:\s*[^=]+)?\s*=\s*(?:None|[\"']([^\"']*)[\"'])", re.M)


@cache
def revisions() -> dict[str, str | None]:
    """Every migration's revision → the revision it follows (None for the first)."""
    found: dict[str, str | None] = {}
    for script in (files("desktop_app.store") / "migrations" / "versions").iterdir():
        if not script.name.endswith(".py"):
            continue
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            raise RuntimeError(f"migration {script.name} names no revision or down_revision")
        found[revision.group(1)] = down.group(1) or None
    return found


@cache
def head_revision() -> str:
    """The one revision no other migration follows."""
    known = revisions()
    heads = set(known) - {down for down in known.values() if down is not None}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()
