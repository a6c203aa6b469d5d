"""Where a sheet's header is and which column holds each field, from the user's mapping, a
saved profile or a guess — or a clear message saying which required column is missing."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.order_status import STATES
from desktop_app.services.imports.header import (
    SYNONYMS,
    find_header_row,
    first_text_row,
    guess_mapping,
    normalize,
)
from desktop_app.services.imports.model import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    DateOrder,
    ImportOptions,
)
from desktop_app.services.imports.profiles import find_profile, get_profile
from desktop_app.services.imports.readers import ImportFileError, Row


@dataclass(frozen=True)
class Layout:
    header_index: int  # 0-based index into the sheet's rows
    headers: tuple[str, ...]
    mapping: dict[str, str]  # field → header text
    columns: dict[str, int]  # field → column index
    profile_name: str = ""
    profile_options: dict[str, Any] = dataclasses.field(
        default_factory=dict
    )  # e.g. {"date_order": ...}


def with_profile_options(options: ImportOptions, layout: Layout) -> ImportOptions:
    """The import's options, with what the saved mapping profile remembers wherever the import
    itself did not say: the date order, and the shop's status words (the import's own words
    win over the profile's for the same word)."""
    saved = DateOrder.from_saved(layout.profile_options.get("date_order"))
    if options.date_order is None and saved is not None:
        options = replace(options, date_order=saved)
    saved_words = layout.profile_options.get("status_map")
    if isinstance(saved_words, dict) and saved_words:
        words = {str(w): str(s) for w, s in saved_words.items() if s in STATES}
        options = replace(options, status_map=words | dict(options.status_map or {}))
    return options


def headers_of(row: Row) -> tuple[str, ...]:
    return tuple("" if cell is None else str(cell).strip() for cell in row)


def _row_with_headers(head: Sequence[Row], wanted: set[str]) -> int | None:
    for index, row in enumerate(head):
        names = {normalize(h) for h in headers_of(row)}
        if wanted <= names:
            return index
    return None


def resolve_layout(
    session: Session,
    file: str,
    head: Sequence[Row],
    options: ImportOptions,
    *,
    complete: bool = True,
) -> Layout:
    """`complete=False` (the wizard's preview) accepts a mapping that misses required fields."""
    kind = options.kind
    profile_name = ""
    profile_options: dict[str, Any] = {}
    mapping = dict(options.mapping or {})
    if not mapping and options.mapping_name:
        saved = get_profile(session, options.mapping_name)
        mapping, profile_name, profile_options = dict(saved.mapping), saved.name, saved.options
    if mapping:
        index = _row_with_headers(head, {normalize(h) for h in mapping.values()})
        if index is None:
            missing = ", ".join(f"'{h}'" for h in mapping.values())
            raise ImportFileError(
                file, f"no row in the first {len(head)} rows has the mapped columns {missing}"
            )
    else:
        found = find_header_row(head, kind)
        index = found if found is not None else first_text_row(head)
        if index is None:
            raise ImportFileError(
                file,
                "no header row found: expected a row naming the columns "
                + ", ".join(FIELD_LABELS[f] for f in REQUIRED_FIELDS[kind]),
            )
        headers = headers_of(head[index])
        profile = find_profile(session, kind, headers)
        if profile is not None:
            mapping, profile_name = dict(profile.mapping), profile.name
            profile_options = profile.options
        else:
            mapping = guess_mapping(kind, headers)
    headers = headers_of(head[index])
    columns = _columns(file, headers, mapping, options, complete)
    return Layout(index, headers, mapping, columns, profile_name, dict(profile_options))


def _columns(
    file: str,
    headers: tuple[str, ...],
    mapping: dict[str, str],
    options: ImportOptions,
    complete: bool,
) -> dict[str, int]:
    by_name: dict[str, int] = {}
    for position, header in enumerate(headers):
        by_name.setdefault(normalize(header), position)
    columns: dict[str, int] = {}
    for field, header in mapping.items():
        found_at = by_name.get(normalize(header))
        if found_at is None:
            raise ImportFileError(
                file, f"has no column '{header}' (mapped to {FIELD_LABELS[field]})"
            )
        columns[field] = found_at
    missing = [f for f in REQUIRED_FIELDS[options.kind] if f not in columns]
    if missing and complete:
        found = ", ".join(f"'{h}'" for h in headers if h) or "none"
        needed = "; ".join(
            f"{FIELD_LABELS[f]} (a header like {', '.join(repr(s) for s in SYNONYMS[f][:3])})"
            for f in missing
        )
        raise ImportFileError(file, f"missing required column: {needed}. Columns found: {found}")
    return columns


def preview_rows(head: Sequence[Row], header_index: int, limit: int) -> tuple[tuple[Any, ...], ...]:
    rows = [tuple(r) for r in head[header_index + 1 :] if any(c not in ("", None) for c in r)]
    return tuple(rows[:limit])
