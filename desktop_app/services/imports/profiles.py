"""Named column mappings, found again by the header signature of the same export layout."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.errors import NotFoundError, ValidationError
from desktop_app.services.imports.header import header_signature
from desktop_app.services.imports.model import ImportKind, fields_of
from desktop_app.store.database import Store
from desktop_app.store.models import MappingProfileRow


@dataclass(frozen=True)
class MappingProfile:
    name: str
    kind: ImportKind
    mapping: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)


def _to_profile(row: MappingProfileRow) -> MappingProfile:
    return MappingProfile(
        row.name, ImportKind(row.kind), json.loads(row.mapping_json), json.loads(row.options_json)
    )


def list_profiles(session: Session) -> list[MappingProfile]:
    rows = session.scalars(select(MappingProfileRow).order_by(MappingProfileRow.name))
    return [_to_profile(row) for row in rows]


def get_profile(session: Session, name: str) -> MappingProfile:
    row = session.scalar(select(MappingProfileRow).where(MappingProfileRow.name == name))
    if row is None:
        known = ", ".join(p.name for p in list_profiles(session)) or "none saved yet"
        raise NotFoundError(f"no mapping profile named '{name}' (profiles: {known})")
    return _to_profile(row)


def find_profile(
    session: Session, kind: ImportKind, headers: Sequence[str]
) -> MappingProfile | None:
    """The most recently saved profile for exactly this layout, if any."""
    row = session.scalar(
        select(MappingProfileRow)
        .where(MappingProfileRow.signature == header_signature(kind, headers))
        .order_by(MappingProfileRow.updated_at.desc())
        .limit(1)
    )
    return None if row is None else _to_profile(row)


def save_profile(
    store: Store,
    name: str,
    kind: ImportKind,
    headers: Sequence[str],
    mapping: dict[str, str],
    options: dict[str, Any] | None = None,
) -> MappingProfile:
    """Create or replace the profile called `name`."""
    name = name.strip()
    if not name:
        raise ValidationError("name", "give the mapping profile a name")
    unknown = set(mapping) - set(fields_of(kind))
    if unknown:
        raise ValidationError("mapping", f"unknown fields for {kind}: {', '.join(sorted(unknown))}")
    with store.write_transaction() as session:
        row = session.scalar(select(MappingProfileRow).where(MappingProfileRow.name == name))
        if row is None:
            row = MappingProfileRow(name=name)
            session.add(row)
        row.kind = str(kind)
        row.signature = header_signature(kind, headers)
        row.mapping_json = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
        row.options_json = json.dumps(options or {}, sort_keys=True)
        session.flush()
        return _to_profile(row)
