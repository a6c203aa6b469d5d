"""Value types of a spreadsheet import: what to import, what was found, what happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop_app.domain.order_fields import (
    ORDER_FIELD_LABELS,
    ORDER_OPTIONAL_FIELDS,
    ORDER_REQUIRED_FIELDS,
)
from desktop_app.domain.order_status import STATE_NAMES, STATES, OrderState, status_key
from desktop_app.domain.partners import PayoutMethod
from desktop_app.errors import ValidationError
from desktop_app.services.changes import Changes


class ImportKind(StrEnum):
    ORDERS = "orders"
    REFUNDS = "refunds"
    CLICKS = "clicks"


class DateOrder(StrEnum):
    """How to read a text date like 03/04/2026 whose day and month could be swapped."""

    DAY_FIRST = "day-first"  # 3 April
    MONTH_FIRST = "month-first"  # March 4

    @classmethod
    def from_saved(cls, value: Any) -> DateOrder | None:
        """A saved profile's setting; None when it has none (or one this version does not know)."""
        return cls(value) if value in {o.value for o in cls} else None


# Fields each kind maps from the spreadsheet; the first ones are required. An order import's
# come from the table of its columns (order_fields.ORDER_COLUMNS).
REQUIRED_FIELDS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.ORDERS: ORDER_REQUIRED_FIELDS,
    ImportKind.REFUNDS: ("order_id", "date", "amount"),
    ImportKind.CLICKS: ("date", "partner_code", "clicks"),
}
OPTIONAL_FIELDS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.ORDERS: ORDER_OPTIONAL_FIELDS,
    ImportKind.REFUNDS: ("refund_id", "currency"),
    ImportKind.CLICKS: ("visitors", "impressions"),
}
FIELD_LABELS: dict[str, str] = {
    **ORDER_FIELD_LABELS,
    "refund_id": "Refund id",
    "clicks": "Clicks",
    "visitors": "Visitors",
    "impressions": "Impressions",
}


def fields_of(kind: ImportKind) -> tuple[str, ...]:
    return REQUIRED_FIELDS[kind] + OPTIONAL_FIELDS[kind]


@dataclass(frozen=True)
class NewPartner:
    """How the import names and sets up the partner it creates for an unknown code (codes are
    matched case-insensitively: "TECHGURU" and "techguru" are one partner). An empty name is the
    code; `partner_type` None is the merchant's default type (Settings)."""

    code: str
    name: str = ""
    partner_type: str | None = None
    payout_method: PayoutMethod = PayoutMethod.BANK
    payout_details: str = ""


@dataclass(frozen=True)
class UnknownCode:
    """A code no partner has, as the file spells it (first spelling first) and how many rows
    use it."""

    code: str
    spellings: tuple[str, ...]
    rows: int


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose. `mapping` maps a field ("amount") to a header text ("Total, $")."""

    kind: ImportKind = ImportKind.ORDERS
    source: str = "default"
    sheet: str | None = None
    mapping_name: str | None = None
    mapping: dict[str, str] | None = None
    # Which of day and month comes first in dates like 03/04/2026. None: such a date is refused
    # unless the saved mapping profile says (13/04/2026, which can only be one, is always read).
    date_order: DateOrder | None = None
    day_first: bool = False  # the older spelling of date_order=DateOrder.DAY_FIRST; kept in step
    create_partners: bool = False
    skip_unknown_partners: bool = False
    skip_invalid: bool = False
    historical: bool = False
    currency: str | None = None  # when the file has no currency column; default: base currency
    # The shop's own status words → order state ("Versendet" → "confirmed"), before the words
    # shops commonly use (domain/order_status); a saved mapping profile adds its own.
    status_map: dict[str, str] | None = None
    new_partners: tuple[NewPartner, ...] = ()  # with create_partners: names, types, payout

    def new_partner(self, code: str) -> NewPartner:
        """The details given for `code` (any spelling), or the defaults."""
        key = code.casefold()
        for details in self.new_partners:
            if details.code.casefold() == key:
                return details
        return NewPartner(code)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ImportKind(self.kind))  # "orders" from a UI or CLI
        for word, state in (self.status_map or {}).items():
            if state not in STATES:
                raise ValueError(f"{state!r} is not an order state ({STATE_NAMES}), for {word!r}")
        order = None if self.date_order is None else DateOrder(self.date_order)
        if self.day_first:
            if order is DateOrder.MONTH_FIRST:
                raise ValueError("day_first=True contradicts date_order='month-first'")
            order = DateOrder.DAY_FIRST
        object.__setattr__(self, "date_order", order)
        object.__setattr__(self, "day_first", order is DateOrder.DAY_FIRST)


def own_status_words(status_map: dict[str, str] | None) -> dict[str, OrderState]:
    """A status mapping as the parser looks words up (compared like the built-in words)."""
    return {status_key(word): OrderState(state) for word, state in (status_map or {}).items()}


def parse_status_map(text: str) -> dict[str, str]:
    """'Versendet=confirmed, Warte=pending' (the CLI's --status-map, the wizard's Status words)
    → {'Versendet': 'confirmed', 'Warte': 'pending'}; states in any case."""
    found: dict[str, str] = {}
    for pair in text.split(","):
        if not pair.strip():
            continue
        word, sep, state = pair.partition("=")
        word, state = word.strip(), state.strip().casefold()
        if not sep or not word:
            raise ValidationError(
                "status map", f"{pair.strip()!r} is not WORD=STATE (e.g. Versendet=confirmed)"
            )
        if state not in STATES:
            raise ValidationError(
                "status map", f"{pair.strip()!r}: {state} is not one of {STATE_NAMES}"
            )
        found[word] = state
    return found


def status_map_text(status_map: dict[str, str] | None) -> str:
    """The inverse of parse_status_map, for showing a saved mapping."""
    return ", ".join(f"{word}={state}" for word, state in (status_map or {}).items())


@dataclass(frozen=True)
class SheetTable:
    """The top of one sheet, for the wizard: where the header is and the first rows under it."""

    sheet: str
    header_row: int  # 1-based spreadsheet row number
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class RowError:
    file: str
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.sheet:
            where += f", sheet {self.sheet}"
        where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


# An import applied or undone: the orders, clicks and refunds, and the partners' figures (with
# the partners an import creates).
IMPORTED = Changes.ORDERS | Changes.PARTNERS


@dataclass
class ImportReport:
    """Counts and problems of one import or dry run. Nothing was written when `dry_run`
    is true or when `refused` explains why the import was not applied."""

    file: str
    kind: ImportKind
    dry_run: bool
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    not_referred: int = 0  # orders without a partner code (organic sales): counted, not imported
    partners_created: int = 0
    new_partner_type: str = ""  # the type given to partners the import creates ("": none)
    unknown_codes: list[str] = field(default_factory=list)  # one per partner, first spelling
    unknown: list[UnknownCode] = field(default_factory=list)  # with every spelling and rows
    errors: list[RowError] = field(default_factory=list)
    batch_id: int | None = None
    refused: str = ""
    # what the import did not refuse but the merchant must see to (orders in a currency with
    # no exchange rate for their month: the payout run will need one)
    warnings: list[str] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.refused

    @property
    def changes(self) -> Changes:
        """An import that wrote nothing (a dry run, a refused file, the same file again) leaves
        no batch and changed nothing."""
        return IMPORTED if self.batch_id is not None else Changes.NONE

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": str(self.kind),
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows_read": self.rows_read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "not_referred": self.not_referred,
            "partners_created": self.partners_created,
            "new_partner_type": self.new_partner_type,
            "unknown_codes": list(self.unknown_codes),
            "unknown_spellings": {u.code: list(u.spellings) for u in self.unknown},
            "batch_id": self.batch_id,
            "refused": self.refused,
            "warnings": list(self.warnings),
            "errors": [
                {
                    "file": e.file,
                    "sheet": e.sheet,
                    "row": e.row,
                    "column": e.column,
                    "message": e.message,
                }
                for e in self.errors
            ],
        }


@dataclass(frozen=True)
class BatchInfo:
    id: int
    kind: str
    source: str
    file_name: str
    imported_at: str
    added: int
    updated: int
    unchanged: int
    rejected: int
    historical: bool
    undone: bool
