"""Spreadsheet import of orders, refunds and clicks (no Qt). See `api` for the entry points."""

from desktop_app.services.imports.api import dry_run, open_workbook, read_preview_table, run_import
from desktop_app.services.imports.batches import list_batches, undo_batch
from desktop_app.services.imports.header import guess_mapping
from desktop_app.services.imports.model import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    BatchInfo,
    DateOrder,
    ImportKind,
    ImportOptions,
    ImportReport,
    NewPartner,
    RowError,
    SheetTable,
    UnknownCode,
    fields_of,
    parse_status_map,
    status_map_text,
)
from desktop_app.services.imports.profiles import (
    MappingProfile,
    find_profile,
    get_profile,
    list_profiles,
    save_profile,
)
from desktop_app.services.imports.readers import ImportFileError

__all__ = [
    "FIELD_LABELS",
    "REQUIRED_FIELDS",
    "BatchInfo",
    "DateOrder",
    "ImportFileError",
    "ImportKind",
    "ImportOptions",
    "ImportReport",
    "MappingProfile",
    "NewPartner",
    "RowError",
    "SheetTable",
    "UnknownCode",
    "dry_run",
    "fields_of",
    "find_profile",
    "get_profile",
    "guess_mapping",
    "list_batches",
    "list_profiles",
    "open_workbook",
    "parse_status_map",
    "read_preview_table",
    "run_import",
    "save_profile",
    "status_map_text",
    "undo_batch",
]
