"""Spreadsheet import of orders, refunds and clicks (no Qt). See `api` for the entry points.

The names below are loaded when first used, so the command line can name the import kinds
without loading the importer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from desktop_app.services.imports.api import (
        dry_run,
        open_workbook,
        read_preview_table,
        run_import,
    )
    from desktop_app.services.imports.batches import list_batches, load_batches, undo_batch
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

_HOMES = {
    "dry_run": "api",
    "open_workbook": "api",
    "read_preview_table": "api",
    "run_import": "api",
    "list_batches": "batches",
    "load_batches": "batches",
    "undo_batch": "batches",
    "guess_mapping": "header",
    "FIELD_LABELS": "model",
    "REQUIRED_FIELDS": "model",
    "BatchInfo": "model",
    "DateOrder": "model",
    "ImportKind": "model",
    "ImportOptions": "model",
    "ImportReport": "model",
    "NewPartner": "model",
    "RowError": "model",
    "SheetTable": "model",
    "UnknownCode": "model",
    "fields_of": "model",
    "parse_status_map": "model",
    "status_map_text": "model",
    "MappingProfile": "profiles",
    "find_profile": "profiles",
    "get_profile": "profiles",
    "list_profiles": "profiles",
    "save_profile": "profiles",
    "ImportFileError": "readers",
}


__getattr__ = lazy_exports(__name__, globals(), _HOMES)


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
    "load_batches",
    "open_workbook",
    "parse_status_map",
    "read_preview_table",
    "run_import",
    "save_profile",
    "status_map_text",
    "undo_batch",
]
