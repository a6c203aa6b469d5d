"""Printing records as an aligned table, JSON or CSV. Money arrives here as decimal strings.

The table is for a terminal: control characters in stored text (an ESC sequence, a BEL, CR/LF
in an order id) are shown as escapes like \\x1b, never sent raw. JSON is data and keeps text as
it is (the JSON encoder escapes control characters itself); CSV follows the spreadsheet rule
of desktop_app.services.spreadsheet_cells (every field quoted, formula-like text neutralized,
plain numbers kept as numbers), the same as the payout file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from desktop_app.domain.text import visible

FORMATS = ("table", "json", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _shown(value: Any) -> str:
    """A table cell: one line, control characters visible."""
    return visible(_cell(value))


def _looks_numeric(text: str) -> bool:
    return bool(text) and text.lstrip("-").replace(".", "", 1).replace(",", "").isdigit()


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    out: TextIO | None = None,
) -> None:
    """Print a list of records. JSON keeps lists and nesting; table/CSV flatten lists."""
    out = out or sys.stdout
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        json.dump([dict(r) for r in rows], out, indent=2, ensure_ascii=False, default=str)
        out.write("\n")
    elif fmt == "csv":
        from desktop_app.services.spreadsheet_cells import write_csv

        write_csv(
            out,
            columns,
            ([_cell(row.get(c)) for c in columns] for row in rows),
            lineterminator="\n",
        )
    else:
        _table(rows, columns, out)


def emit_one(record: Mapping[str, Any], fmt: str, out: TextIO | None = None) -> None:
    """Print a single record: JSON object, one-row CSV, or `key: value` lines."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(dict(record), out, indent=2, ensure_ascii=False, default=str)
        out.write("\n")
    elif fmt == "csv":
        emit([record], "csv", out=out)
    else:
        width = max((len(k) for k in record), default=0)
        for key, value in record.items():
            # a multi-line value (an address) goes on as indented lines; nothing else breaks
            lines = _cell(value).replace("\r\n", "\n").split("\n")
            text = ("\n" + " " * (width + 2)).join(visible(line) for line in lines)
            out.write(f"{key.replace('_', ' '):<{width}}  {text}\n")


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    if not rows:
        out.write("(none)\n")
        return
    cells = [[_shown(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    numeric = [
        all(_looks_numeric(row[i]) or not row[i] for row in cells) for i in range(len(columns))
    ]
    header = "  ".join(
        c.replace("_", " ").rjust(w) if n else c.replace("_", " ").ljust(w)
        for c, w, n in zip(columns, widths, numeric, strict=True)
    )
    out.write(header.rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        line = "  ".join(
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(row, widths, numeric, strict=True)
        )
        out.write(line.rstrip() + "\n")
