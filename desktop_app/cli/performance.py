"""`payout-desk performance --month YYYY-MM`: every partner's indicators for a month, as the
Dashboard's Partner performance tab shows them, with the same review flags.

Rates are percentages with two decimals ("2.15" is 2.15 %); a rate that cannot be worked out
is empty (null in JSON): conversion without clicks, CTR without imported impressions.
"""

from __future__ import annotations

import argparse
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import add_format, cli_store
from desktop_app.cli.output import emit
from desktop_app.services.performance_thresholds import Thresholds

if TYPE_CHECKING:
    from desktop_app.services.performance import PartnerPerformance, Period


COLUMNS = [
    "code",
    "name",
    "clicks",
    "impressions",
    "ctr",
    "orders",
    "conversion",
    "sales",
    "commission",
    "flags",
]
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULTS = Thresholds()  # the Partner performance tab's defaults (a light module)


def month_arg(text: str) -> Period:
    from desktop_app.services.performance import Period

    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month like 2026-10")
    return Period.month(int(found[1]), int(found[2]))


_PLAIN = re.compile(r"^\d{1,12}(\.\d{1,6})?$")  # a plain decimal: no sign, no exponent


def percent_arg(text: str) -> Decimal:
    """A threshold in percent ("1.5"), as a fraction (0.015)."""
    value = Decimal(text.strip()) if _PLAIN.match(text.strip()) else Decimal(-1)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage from 0 to 100, like 1.5")
    return value / 100


def amount_arg(text: str) -> Decimal:
    if not _PLAIN.match(text.strip()):
        raise argparse.ArgumentTypeError(f"'{text}' is not an amount like 100.00")
    return Decimal(text.strip())


def _shown_percent(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return str((value * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _fraction_text(value: Decimal | None) -> str:
    return "off" if value is None else f"{_shown_percent(value)} %"


def register(subparsers: Any) -> None:

    cmd = subparsers.add_parser(
        "performance",
        help="every partner's clicks, impressions, CTR, orders, conversion, sales, commission "
        "and review flags for a month",
        description="The figures of the Dashboard's Partner performance tab. Rates are "
        "percentages; CTR is empty where no impressions were imported, conversion where there "
        "were no clicks.",
    )
    cmd.add_argument(
        "--month", type=month_arg, required=True, metavar="YYYY-MM", help="e.g. 2026-10"
    )
    cmd.add_argument(
        "--min-conversion",
        type=percent_arg,
        default=DEFAULTS.min_conversion,
        metavar="PERCENT",
        help="flag partners with clicks below this conversion "
        f"(default {_fraction_text(DEFAULTS.min_conversion)})",
    )
    cmd.add_argument(
        "--min-ctr",
        type=percent_arg,
        default=DEFAULTS.min_ctr,
        metavar="PERCENT",
        help="flag partners with impressions below this click-through rate "
        f"(default {_fraction_text(DEFAULTS.min_ctr)})",
    )
    cmd.add_argument(
        "--min-sales",
        type=amount_arg,
        default=DEFAULTS.min_sales,
        metavar="AMOUNT",
        help=f"flag partners whose sales are lower (base currency; default {DEFAULTS.min_sales})",
    )
    add_format(cmd)
    cmd.set_defaults(handler=_performance)


def partner_record(row: PartnerPerformance, currency: str, fmt: str) -> dict[str, Any]:
    from desktop_app.domain.money import money_text

    return {
        "code": row.code,
        "name": row.name,
        "clicks": row.clicks,
        "impressions": row.impressions,
        "ctr": _shown_percent(row.ctr),
        "orders": row.orders,
        "conversion": _shown_percent(row.conversion),
        "sales": money_text(row.sales, currency),
        "commission": None if row.commission is None else money_text(row.commission, currency),
        "flags": list(row.review_reasons) if fmt == "json" else "; ".join(row.review_reasons),
    }


def _performance(args: argparse.Namespace) -> None:
    from desktop_app.services import performance

    thresholds = Thresholds(
        min_conversion=args.min_conversion, min_sales=args.min_sales, min_ctr=args.min_ctr
    )
    with cli_store(args) as store:
        found = performance.load_partner_performance(store, args.month, thresholds)
    currency, rows = found.currency, found.rows
    ranked = sorted(rows, key=lambda r: (-r.sales, r.name.casefold()))  # as the tab sorts them
    emit([partner_record(r, currency, args.format) for r in ranked], args.format, COLUMNS)
