"""One spreadsheet row → one typed record, or the row's errors (file, sheet, row, column)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from itertools import islice, repeat
from operator import itemgetter
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from desktop_app.domain.money import minor_digits, quantize, to_minor
from desktop_app.domain.order_fields import ORDER_TEXT_COLUMNS, TEXT_AT
from desktop_app.domain.order_status import OrderState
from desktop_app.domain.text import escape_control, first_control
from desktop_app.services.imports.header import column_letter
from desktop_app.services.imports.model import (
    FIELD_LABELS,
    ImportKind,
    ImportOptions,
    RowError,
    own_status_words,
)
from desktop_app.services.imports.parsing import (
    BOTH,
    CURRENCY_FROM_BASE,
    CURRENCY_FROM_COLUMN,
    CURRENCY_FROM_IMPORT,
    POINT,
    CellError,
    amount_of_text,
    currency_of_amount,
    float_amount_minor,
    float_amounts_minor,
    is_blank,
    parse_amount,
    parse_count,
    parse_currency,
    parse_date,
    parse_status,
    plain_amount_minor,
    read_amount_text,
    text_of,
)


@dataclass(slots=True)
class OrderRecord:
    """`code` is "" for an order no partner referred (an organic sale): the writer counts it.
    One attribute per typed column of order_fields.ORDER_COLUMNS (its `record`), and `texts`:
    the descriptive columns' values in the order of ORDER_TEXT_COLUMNS (`text(name)` reads one).
    `partner_id` is the partner of the code, found by the writer."""

    row: int
    external_id: str
    order_date: date
    code: str
    amount_minor: int
    currency: str
    status: str
    texts: tuple[str, ...]
    partner_id: int | None = None

    def text(self, column: str) -> str:
        return self.texts[TEXT_AT[column]]


@dataclass(slots=True)
class OrderColumns:
    """A chunk of order rows read column by column (RowParser.parse_chunk): OrderRecord's
    fields, each a list holding that field of every row in the file's order (`texts`: a list
    per ORDER_TEXT_COLUMNS column). A big import stores it without a record per row."""

    rows: Sequence[int]
    external_id: list[str]
    order_date: list[date]
    code: list[str]
    amount_minor: list[int]
    currency: list[str]
    status: list[str]
    texts: list[list[str]]

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[OrderRecord]:
        """The same rows as records, for the writer's row-by-row path."""
        texts = zip(*self.texts, strict=True) if self.texts else repeat((), len(self))
        typed = (getattr(self, name) for name in _COLUMNS_BEFORE_TEXTS)
        return [OrderRecord(*values) for values in zip(*typed, texts, strict=True)]

    def select(self, keep: list[int]) -> OrderColumns:
        """The rows at positions `keep` (in that order)."""

        def pick(values: Sequence[Any]) -> list[Any]:
            return [values[at] for at in keep]

        typed = {name: pick(getattr(self, name)) for name in _COLUMNS_BEFORE_TEXTS}
        return OrderColumns(**typed, texts=[pick(column) for column in self.texts])


# OrderColumns' lists in OrderRecord's order, which ends with `texts` (then the partner id).
_COLUMNS_BEFORE_TEXTS = tuple(f.name for f in fields(OrderColumns))[:-1]


@dataclass(slots=True)
class RefundRecord:
    row: int
    external_id: str
    order_external_id: str
    refund_date: date
    amount_minor: int
    currency: str


@dataclass(slots=True)
class ClickRecord:
    row: int
    code: str
    day: date
    clicks: int
    visitors: int
    impressions: int | None = None  # None: the file has none for this day


Record = OrderRecord | RefundRecord | ClickRecord


class _Later(Exception):
    """The row's amount is ambiguous ('1,500'): it is parsed again once the whole column has
    shown its decimal mark (AMBIGUOUS_THOUSANDS in parsing)."""


def _cell_text(cell: Any) -> str:
    """A text cell stripped, None blank, a number or date as text_of writes it."""
    return cell.strip() if type(cell) is str else "" if cell is None else text_of(cell)


def _stripped(cells: list[Any]) -> list[str] | None:
    """A column of text cells as `parse` reads them: stripped, blank for None, numbers and dates
    as text_of writes them; None when one holds a control character (the careful parser
    names it). A column of plain text is checked joined into one string, in C."""
    try:
        joined = " ".join(cells)
    except TypeError:  # numbers, dates, None
        texts = list(map(_cell_text, cells))
        return texts if all(map(str.isprintable, texts)) else None
    if not joined.isprintable():
        return None
    if "  " in joined or joined.startswith(" ") or joined.endswith(" "):
        return list(map(str.strip, cells))  # spaces to strip (or an empty cell)
    return cells


def _cached(cache: dict[Any, Any], raw: list[Any], read: Callable[[Any], Any]) -> list[Any]:
    """Each cell's value through `cache` (values repeat down a column), reading the cells it
    does not hold yet with `read` (CellError: a cell the careful parser explains). The values
    are dates or names: never false, so `all` tells that every cell was found."""
    found = list(map(cache.get, raw))
    if all(found):
        return found
    for cell in set(raw).difference(cache):
        cache[cell] = read(cell)
    return list(map(cache.__getitem__, raw))


class _FastColumns(NamedTuple):
    """Where the typed fields the fast path reads are (-1: no such column), taken by name; it
    reads the descriptive ones (ORDER_TEXT_COLUMNS) too."""

    order_id: int
    date: int
    partner_code: int
    amount: int
    currency: int
    status: int


# Every field the fast path reads.
FAST_FIELDS = frozenset(_FastColumns._fields) | {c.field for c in ORDER_TEXT_COLUMNS}
# Plain amount texts remembered per currency (prices repeat); bounded, for memory.
AMOUNTS_KEPT = 50_000


def _cells_getter(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """The cells at `positions` as a tuple (itemgetter gives a bare cell for one position)."""
    if len(positions) == 1:
        (at,) = positions
        return lambda cells: (cells[at],)
    if not positions:
        return lambda cells: ()
    return itemgetter(*positions)


class RowParser:
    """Knows which column holds which field; turns rows into records.

    A row whose amount is ambiguous ('1,500') is kept aside (`parse` returns None) and parsed
    again by `later_rows` after the last row, when the amount column has shown its decimal
    mark; `parse` needs every row of the file before `later_rows`."""

    def __init__(
        self,
        *,
        kind: ImportKind,
        columns: dict[str, int],
        headers: Sequence[str],
        file: str,
        sheet: str,
        options: ImportOptions,
        base_currency: str,
        timezone: str = "UTC",
    ) -> None:
        self.kind = kind
        self.columns = columns
        self.headers = headers
        self.file = file
        self.sheet = sheet
        self.date_order = options.date_order
        self.zone = ZoneInfo(timezone)
        self.default_currency = (options.currency or base_currency).upper()
        self.currency_column = "currency" in columns
        self.currency_from = CURRENCY_FROM_IMPORT if options.currency else CURRENCY_FROM_BASE
        self.marks: set[str] = set()  # decimal marks the amount column shows ('.', ',')
        self._no_point_yet = True  # plain amounts ('12.50', the fast path) show '.' too
        self._later: list[tuple[int, Sequence[Any]]] | None = []  # None: the file is read
        self._decimal_mark: str | None = None
        self._dates: dict[Any, date] = {}
        # currency cell → (currency, its minor digits, its plain amount texts → minor units)
        self._currencies: dict[Any, tuple[str, int, dict[str, int]]] = {}
        self._statuses: dict[Any, str] = {}
        self.status_words = own_status_words(options.status_map)
        # A field the fast path does not read (a new column) sends every row through `_parse`.
        self._fast = (
            kind is ImportKind.ORDERS
            and all(f in columns for f in ("order_id", "date", "partner_code", "amount"))
            and set(columns) <= FAST_FIELDS
        )
        # The cells of the fields the fast path reads, from a row with one "" after its last
        # cell (-1: the file has no column for the field).
        self._typed_cells = itemgetter(*(columns.get(f, -1) for f in _FastColumns._fields))
        self._text_cells = _cells_getter([columns.get(c.field, -1) for c in ORDER_TEXT_COLUMNS])
        self._width = max(columns.values(), default=-1) + 1  # cells the fast path reads

    def column_label(self, field: str) -> str:
        """'C (Tracking ID)': the column's letter and header, as the user sees them."""
        index = self.columns.get(field)
        if index is None:
            return ""
        return f"{column_letter(index)} ({self.headers[index] or FIELD_LABELS[field]})"

    def error(self, row: int, field: str, message: str) -> RowError:
        return RowError(self.file, self.sheet, row, self.column_label(field), message)

    def parse(self, row: int, cells: Sequence[Any]) -> Record | list[RowError] | None:
        """The row's record, its errors, or None (kept aside for `later_rows`).

        An order row is first read the fast way: the common case in few dictionary lookups
        (dates, currencies, statuses and amount texts repeat) and integer arithmetic for plain
        amounts. Anything else (symbols, signs, separators, control characters, an empty id,
        TRUE/FALSE…) goes through `_parse`, which reads every cell the careful way and explains
        any problem. The import calls this once per row of the file, hence one method."""
        if not self._fast:
            return self._parse_or_later(row, cells)
        padded = [*cells, ""]  # a field the file has no column for reads this ""
        try:
            order_id, raw_date, code, raw_amount, raw_currency, raw_status = self._typed_cells(
                padded
            )
            texts = self._text_cells(padded)
        except IndexError:
            return self._parse_or_later(row, cells)
        if type(order_id) is str:
            order_id = order_id.strip()
        elif order_id is None:
            return self._parse_or_later(row, cells)
        else:
            order_id = text_of(order_id)
        code = code.strip() if type(code) is str else "" if code is None else text_of(code)
        try:
            texts = tuple(map(str.strip, texts))
        except TypeError:  # numbers, dates: as text_of writes them
            texts = tuple(map(_cell_text, texts))
        if not (order_id and order_id.isprintable() and code.isprintable()):
            return self._parse_or_later(row, cells)  # the full parser names the problem
        if not all(map(str.isprintable, texts)):
            return self._parse_or_later(row, cells)
        try:
            day = self._dates.get(raw_date)
            if day is None:
                day = self._dates[raw_date] = self._date_of(raw_date)
            found = self._currencies.get(raw_currency)
            if found is None:
                found = self._currencies[raw_currency] = self._currency_of(raw_currency)
            currency, digits, amounts = found
            status = self._statuses.get(raw_status)
            if status is None:
                status = self._statuses[raw_status] = self._status_of(raw_status)
        except (CellError, TypeError):
            return self._parse_or_later(row, cells)
        kind = type(raw_amount)
        if kind is str:
            amount = amounts.get(raw_amount)
            if amount is None:
                amount = plain_amount_minor(raw_amount, digits)
                if amount is None:
                    return self._parse_or_later(row, cells)
                if self._no_point_yet and "." in raw_amount:
                    self._no_point_yet = False  # the column writes a decimal point
                if len(amounts) < AMOUNTS_KEPT:
                    amounts[raw_amount] = amount
        elif kind is float:
            amount = float_amount_minor(raw_amount, digits)
            if amount is None:
                return self._parse_or_later(row, cells)
        elif kind is int:
            amount = plain_amount_minor(repr(raw_amount), digits)
            if amount is None:
                return self._parse_or_later(row, cells)
        else:
            return self._parse_or_later(row, cells)  # TRUE, FALSE, dates…
        return OrderRecord(row, order_id, day, code, amount, currency, status, texts)

    def parse_chunk(self, first_row: int, rows: list[list[Any]]) -> OrderColumns | None:
        """Consecutive rows of an order file (the first numbered `first_row`) read the fast way
        a column at a time: the same records `parse` makes, with a loop in C over the chunk per
        field instead of a Python call per row. None when any row needs more than the fast
        path (a blank or short row, a second currency, a value not plain): `parse` then reads
        the chunk row by row and explains every problem."""
        if not (self._fast and rows) or min(map(len, rows)) < self._width:
            return None
        try:
            ids = _stripped(self._column(rows, "order_id"))
            codes = _stripped(self._column(rows, "partner_code"))
            texts = [_stripped(self._column(rows, c.field)) for c in ORDER_TEXT_COLUMNS]
            if not (ids and codes is not None and all(ids)) or None in texts:
                return None
            days = _cached(self._dates, self._column(rows, "date"), self._date_of)
            statuses = _cached(self._statuses, self._column(rows, "status"), self._status_of)
            raw_currencies = self._column(rows, "currency")
            first = raw_currencies[0]
            if raw_currencies.count(first) != len(raw_currencies):
                return None
            found = self._currencies.get(first)
            if found is None:
                found = self._currencies[first] = self._currency_of(first)
            amounts = self._amounts(self._column(rows, "amount"), found)
        except (CellError, TypeError):  # a value the careful parser explains; an unhashable
            return None
        if amounts is None:
            return None
        count = len(rows)
        return OrderColumns(
            range(first_row, first_row + count), ids, days, codes, amounts, [found[0]] * count,
            statuses, cast(list[list[str]], texts),
        )  # fmt: skip

    def _column(self, rows: list[list[Any]], field: str) -> list[Any]:
        at = self.columns.get(field, -1)
        return [""] * len(rows) if at < 0 else list(map(itemgetter(at), rows))

    def _date_of(self, raw: Any) -> date:
        return parse_date(raw, order=self.date_order, zone=self.zone)

    def _status_of(self, raw: Any) -> str:
        return parse_status(raw, self.status_words)

    def _amounts(self, raw: list[Any], found: tuple[str, int, dict[str, int]]) -> list[int] | None:
        """A column of amount cells in minor units of one currency, as `parse` reads each (None:
        a cell `parse` leaves to the careful parser)."""
        _, digits, known = found
        amounts = list(map(known.get, raw))
        if all(amounts):  # every cell a text already read (0 is false: it takes the long way)
            return cast(list[int], amounts)
        kinds = set(map(type, raw))
        if kinds == {float}:
            return float_amounts_minor(raw, digits)
        if kinds != {str}:  # whole numbers, or a mix: each as `parse` reads it
            minor = [
                float_amount_minor(v, digits) if type(v) is float
                else plain_amount_minor(repr(v), digits) if type(v) is int
                else None
                for v in raw
            ]  # fmt: skip
            return None if None in minor else cast(list[int], minor)
        new: dict[str, int] = {}
        for text in set(raw).difference(known):
            amount = plain_amount_minor(text, digits)
            if amount is None:
                return None
            if self._no_point_yet and "." in text:
                self._no_point_yet = False  # the column writes a decimal point
            new[text] = amount
        room = max(0, AMOUNTS_KEPT - len(known))
        known.update(islice(new.items(), room))
        if len(new) <= room:
            return list(map(known.__getitem__, raw))
        return [known[t] if t in known else new[t] for t in raw]

    def _currency_of(self, raw: Any) -> tuple[str, int, dict[str, int]]:
        """A currency cell read (CellError when it is wrong): the currency, its minor digits
        (Babel is asked once per currency) and the plain amounts already read in it."""
        currency = self.default_currency if is_blank(raw) else parse_currency(raw)
        for known, digits, amounts in self._currencies.values():
            if known == currency:
                return currency, digits, amounts
        return currency, minor_digits(currency), {}

    def _parse_or_later(self, row: int, cells: Sequence[Any]) -> Record | list[RowError] | None:
        try:
            return self._parse(row, cells)
        except _Later:
            assert self._later is not None
            self._later.append((row, cells))
            return None

    def later_rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        """The rows `parse` kept aside, to `parse` again now that the column's decimal mark
        is known (or known to be unknown: their amounts are then errors)."""
        marks = self.marks | (set() if self._no_point_yet else {POINT})
        self._decimal_mark = BOTH if len(marks) > 1 else next(iter(marks), None)
        rows, self._later = self._later or [], None
        # The file is read: its cells kept as cache keys would pin memory the index rebuild
        # at the end of a big import wants back (a cache refills for the few rows below).
        self._dates.clear()
        self._currencies.clear()
        self._statuses.clear()
        yield from rows

    def _plain_text(self, field: str) -> Callable[[Any], str]:
        """text_of for an id, code or name: a control character in it is a row error (a NUL
        from an XLSX _x0000_ escape would otherwise become part of an order id)."""
        label = FIELD_LABELS[field].lower()

        def convert(value: Any) -> str:
            text = text_of(value)
            found = first_control(text)
            if found is not None:
                raise CellError(
                    f"the {label} contains a control character ({escape_control(found)})"
                )
            return text

        return convert

    def _parse(self, row: int, cells: Sequence[Any]) -> Record | list[RowError]:
        errors: list[RowError] = []
        values: dict[str, Any] = {}

        def cell(field: str) -> Any:
            index = self.columns.get(field)
            return cells[index] if index is not None and index < len(cells) else ""

        def take(field: str, convert: Any, *, required: bool = True) -> None:
            raw = cell(field)
            if is_blank(raw):
                if required:
                    label = FIELD_LABELS[field].lower()
                    errors.append(self.error(row, field, f"the {label} is empty"))
                return
            try:
                values[field] = convert(raw)
            except CellError as exc:
                errors.append(self.error(row, field, str(exc)))

        if self.kind is ImportKind.CLICKS:
            take("partner_code", self._plain_text("partner_code"))
            take("date", self._date)
            take("clicks", parse_count)
            take("visitors", parse_count, required=False)
            take("impressions", parse_count, required=False)
            if errors:
                return errors
            return ClickRecord(
                row,
                values["partner_code"],
                values["date"],
                values["clicks"],
                values.get("visitors", 0),
                values.get("impressions"),
            )

        currency, currency_from = self._currency(row, cell("currency"), cell("amount"), errors)
        take("order_id", self._plain_text("order_id"))
        take("date", self._date)
        take("amount", lambda v: self._amount(v, currency, currency_from))
        if self.kind is ImportKind.REFUNDS:
            take("refund_id", self._plain_text("refund_id"), required=False)
            if errors:
                return errors
            amount = values["amount"]
            if amount <= 0:
                return [
                    self.error(
                        row,
                        "amount",
                        f"expected the refunded amount as a positive number, found {amount}",
                    )
                ]
            refund_id = values.get("refund_id") or (
                f"{values['order_id']}/{values['date'].isoformat()}/{quantize(amount, currency)}"
            )
            return RefundRecord(
                row,
                refund_id,
                values["order_id"],
                values["date"],
                to_minor(amount, currency),
                currency,
            )

        # no partner code: not referred (OrderRecord)
        take("partner_code", self._plain_text("partner_code"), required=False)
        for column in ORDER_TEXT_COLUMNS:  # category, SKU, …
            take(column.field, self._plain_text(column.field), required=False)
        take("status", self._status_of, required=False)
        if "amount" in values and values["amount"] < 0:
            errors.append(
                self.error(
                    row,
                    "amount",
                    f"expected an amount of 0.00 or more, found {values['amount']}; "
                    "import refunds as refunds",
                )
            )
        if errors:
            return errors
        return OrderRecord(
            row=row,
            external_id=values["order_id"],
            order_date=values["date"],
            code=values.get("partner_code", ""),
            amount_minor=to_minor(values["amount"], currency),
            currency=currency,
            status=values.get("status", OrderState.CONFIRMED.value),
            texts=tuple(values.get(c.field, "") for c in ORDER_TEXT_COLUMNS),
        )

    def _date(self, value: Any) -> date:
        day = self._dates.get(value)
        if day is None:
            day = self._dates[value] = self._date_of(value)
        return day

    def _amount(self, value: Any, currency: str, currency_from: str | None) -> Decimal:
        if not isinstance(value, str):
            return parse_amount(value, currency)
        found = read_amount_text(value)
        if found.mark is not None:
            self.marks.add(found.mark)
        if found.ambiguous and self._later is not None:
            raise _Later()
        return amount_of_text(
            found, currency, decimal_mark=self._decimal_mark, currency_from=currency_from
        )

    def _currency(
        self, row: int, raw: Any, amount: Any, errors: list[RowError]
    ) -> tuple[str, str | None]:
        """The row's currency and where it comes from (AMOUNT_CURRENCY in parsing); None when
        the currency itself is wrong (the amount is then not checked against it)."""
        if not is_blank(raw):
            try:
                return parse_currency(raw), CURRENCY_FROM_COLUMN
            except CellError as exc:
                errors.append(self.error(row, "currency", str(exc)))
                return self.default_currency, None
        if not self.currency_column:
            return self.default_currency, self.currency_from
        try:  # an empty currency cell: the amount's sign says, else the import's currency
            return currency_of_amount(amount, self.default_currency), ""
        except CellError as exc:
            errors.append(self.error(row, "currency", str(exc)))
            return self.default_currency, None
