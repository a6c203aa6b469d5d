"""`payout-desk export payouts RUN_ID --format paypal|sepa|csv|xlsx --out PATH`: payment files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli.common import cli_store, date_arg, id_arg


def register(subparsers: Any) -> None:
    from desktop_app.services.payment_formats import FORMATS

    group = subparsers.add_parser("export", help="export files for other programs")
    kinds = group.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    payouts = kinds.add_parser(
        "payouts",
        help="a payment file of a locked run: PayPal Payouts, SEPA credit transfer, CSV or XLSX",
        description="paypal: PayPal's Payouts upload (the partners paid by PayPal). sepa: a "
        "SEPA credit transfer, pain.001.001.03 XML, for partners paid by bank transfer in EUR, "
        "from the account set with 'merchant set --iban'. csv/xlsx: every partner who can be "
        "paid, with the payout method and its details in separate columns (CSV: every field "
        "quoted, text a spreadsheet would run as a formula prefixed with an apostrophe). "
        "Partners in another file or in none are listed with the reason.",
    )
    payouts.add_argument("run_id", metavar="RUN_ID", type=id_arg, help="payout run number")
    payouts.add_argument(
        "--out",
        metavar="PATH",
        type=Path,
        required=True,
        help="FILE.csv (paypal, csv), FILE.xml (sepa) or FILE.xlsx",
    )
    payouts.add_argument(
        "--format",
        dest="file_format",
        choices=FORMATS,
        help="the kind of file (default: by the file name: .csv, .xlsx, .xml for sepa)",
    )
    payouts.add_argument(
        "--execution-date",
        type=date_arg,
        help="sepa: the day the bank is to pay (default: today)",
    )
    payouts.set_defaults(handler=_payouts)


def _payouts(args: argparse.Namespace) -> int:
    from desktop_app.services.payment_files import export_payment_file

    with cli_store(args) as store:
        report = export_payment_file(
            store,
            args.run_id,
            args.out,
            args.file_format,
            execution_date=args.execution_date,
        )
    for line in report.lines():
        print(line)
    return 0
