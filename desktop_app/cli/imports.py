"""`payout-desk import orders|refunds|clicks FILE`, `import batches`, `import undo BATCH`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store, id_arg
from desktop_app.cli.output import emit, emit_one
from desktop_app.domain.text import visible

if TYPE_CHECKING:
    from desktop_app.services import imports


# The table's names for what an import that changed nothing would have done (JSON keeps the keys).
NOT_APPLIED = {
    "added": "would add",
    "updated": "would update",
    "unchanged": "would leave unchanged",
    "partners_created": "partners to create",
}


def register(subparsers: Any) -> None:
    from desktop_app.services import imports

    group = subparsers.add_parser(
        "import", help="import orders, refunds or clicks from .xlsx/.xls/.ods/.csv"
    )
    commands = group.add_subparsers(dest="import_command", metavar="KIND", required=True)
    for kind in imports.ImportKind:
        cmd = commands.add_parser(str(kind), help=f"import {kind} from a spreadsheet")
        cmd.add_argument("file", help="the exported .xlsx, .xls, .ods or .csv file")
        cmd.add_argument("--sheet", help="sheet name (default: the first sheet)")
        cmd.add_argument("--mapping", help="use this saved mapping profile")
        cmd.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help="map a field to a column header, e.g. --map amount='Total, $' (repeatable)",
        )
        cmd.add_argument("--save-mapping", metavar="NAME", help="save the mapping under NAME")
        cmd.add_argument(
            "--source",
            default="default",
            help="where the file comes from (order ids are "
            "unique per source; use the same source when re-importing)",
        )
        cmd.add_argument("--dry-run", action="store_true", help="show what would change")
        cmd.add_argument("--create-partners", action="store_true", help="add unknown codes")
        cmd.add_argument("--skip-unknown", action="store_true", help="skip unknown codes' rows")
        cmd.add_argument("--skip-invalid", action="store_true", help="import valid rows only")
        order = cmd.add_mutually_exclusive_group()
        order.add_argument(
            "--day-first",
            action="store_true",
            help="03/04/2026 is 3 April (without either flag such a date is refused, "
            "unless the mapping profile remembers the order)",
        )
        order.add_argument("--month-first", action="store_true", help="03/04/2026 is March 4")
        cmd.add_argument("--currency", help="currency when the file has no currency column")
        cmd.add_argument(
            "--status-map",
            metavar="WORD=STATE,...",
            help="the shop's own order status words: each is confirmed, pending, cancelled or "
            "refunded, e.g. --status-map 'Versendet=confirmed,Warte=pending' (common words in "
            "eight languages are known; --save-mapping remembers these)",
        )
        cmd.add_argument(
            "--historical", action="store_true", help="already paid elsewhere: KPIs only"
        )
        add_format(cmd)
        cmd.set_defaults(handler=_import, kind=kind)

    batches = commands.add_parser("batches", help="list past imports")
    add_format(batches)
    batches.set_defaults(handler=_batches)

    undo = commands.add_parser("undo", help="undo an import batch (rows it added are removed)")
    undo.add_argument("batch", type=id_arg, help="batch id (see `import batches`)")
    undo.set_defaults(handler=_undo)


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    from desktop_app.services import imports

    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep:
            raise imports.ImportFileError("--map", f"'{pair}' is not FIELD=HEADER")
        mapping[field.strip()] = header.strip()
    return mapping or None


def _date_order(args: argparse.Namespace) -> imports.DateOrder | None:
    from desktop_app.services import imports

    if args.day_first:
        return imports.DateOrder.DAY_FIRST
    if args.month_first:
        return imports.DateOrder.MONTH_FIRST
    return None


def _import(args: argparse.Namespace) -> int:
    from desktop_app.services import imports

    options = imports.ImportOptions(
        kind=args.kind,
        source=args.source,
        sheet=args.sheet,
        mapping_name=args.mapping,
        mapping=_mapping(args.map),
        date_order=_date_order(args),
        create_partners=args.create_partners,
        skip_unknown_partners=args.skip_unknown,
        skip_invalid=args.skip_invalid,
        historical=args.historical,
        currency=args.currency,
        status_map=imports.parse_status_map(args.status_map or "") or None,
    )
    with cli_store(args) as store:
        if args.save_mapping:
            table, mapping, _ = imports.read_preview_table(store, args.file, options, limit=1)
            remembered: dict[str, Any] = {}
            if options.date_order:
                remembered["date_order"] = str(options.date_order)
            if options.status_map:
                remembered["status_map"] = options.status_map
            imports.save_profile(
                store, args.save_mapping, args.kind, table.headers, mapping, remembered
            )
        action = imports.dry_run if args.dry_run else imports.run_import
        report = action(store, args.file, options)
    record = report.as_dict()
    if args.format == "json":
        emit_one(record, "json")
    else:
        hidden = ("errors", "file", "kind", "warnings", "unknown_spellings")
        summary = {k: v for k, v in record.items() if k not in hidden}
        if record["unknown_spellings"]:  # a code written several ways is one partner
            summary["unknown_codes"] = ", ".join(
                code
                + (f" (also {', '.join(s for s in spelled if s != code)})" * (len(spelled) > 1))
                for code, spelled in record["unknown_spellings"].items()
            )
        if not report.applied:  # a dry run or a refused import changed nothing: say "would"
            summary = {NOT_APPLIED.get(k, k): v for k, v in summary.items()}
        emit_one(summary, args.format)
        for error in report.errors:  # cells quoted in the message reach the terminal escaped
            print(visible(str(error)), file=sys.stderr)
        for warning in report.warnings:
            print(f"warning: {visible(warning)}", file=sys.stderr)
    if report.refused:
        print(f"payout-desk: error: {visible(report.refused)}", file=sys.stderr)
        return 2
    return 0


def _batches(args: argparse.Namespace) -> int:
    from desktop_app.services import imports

    with cli_store(args) as store:
        rows = [vars(b) for b in imports.load_batches(store)]
    emit(
        rows,
        args.format,
        [
            "id",
            "kind",
            "source",
            "file_name",
            "imported_at",
            "added",
            "updated",
            "unchanged",
            "rejected",
            "historical",
            "undone",
        ],
    )
    return 0


def _undo(args: argparse.Namespace) -> int:
    from desktop_app.services import imports

    with cli_store(args) as store:
        removed = imports.undo_batch(store, args.batch).value
    print(f"import batch {args.batch} undone: {removed} rows removed or restored")
    return 0
