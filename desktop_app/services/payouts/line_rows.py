"""A run's lines as the rows the store keeps: made, written and read back as plain tuples.

A run of 100,000 orders has 100,000 lines, so each is one tuple in `LINE_COLUMNS` order holding
what the database driver stores (`Encoding`): on SQLite dates as ISO text, booleans as 0/1 and
exact decimals as their text, exactly what SQLAlchemy's own column types write; on PostgreSQL
the Python values, written through Core. Stored and freshly calculated rows are then compared
as they are (freshness.line_changes) and written without converting each row again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import minor_digits, quantize, to_minor
from desktop_app.domain.payouts import LineKind, LineStatus, Settlement, SettlementLine
from desktop_app.domain.reasons import Reason
from desktop_app.errors import Cancelled
from desktop_app.store.models import PayoutLineRow
from desktop_app.store.raw import driver_executemany, driver_rows, is_sqlite

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
CHUNK = 10_000

# The columns of a line row, in order (all but the line's id and `locked_order_id`, which
# locking sets).
LINE_COLUMNS = (
    "run_id",
    "partner_id",
    "position",
    "kind",
    "status",
    "reason",
    "reason_code",
    "reason_args",
    "order_id",
    "external_id",
    "order_date",
    "original_amount_minor",
    "original_currency",
    "exchange_rate",
    "amount_minor",
    "refunded_minor",
    "commission_minor",
    "plan_name",
    "plan_version",
    "tier",
    "rate",
    "fixed_minor",
    "explanation",
    "release_on",
    "hold_days",
    "in_period",
    "from_run_id",
    "settles",
)
COLUMN = {name: index for index, name in enumerate(LINE_COLUMNS)}
POSITION = COLUMN["position"]
LineRow = tuple[Any, ...]

HEAD = LINE_COLUMNS.index("order_id")  # a row: its head (set by settlement), then its tail
# The stored columns from `order_id` on, in the driver's values (Encoding): everything a line
# keeps that settlement does not decide. Candidates make it when they make the line, and with it
# the line's presumed row (Encoding.presumed).
Tail = tuple[Any, ...]
ZERO = Decimal(0)


class _IsoDays(dict[date | None, str | None]):
    def __missing__(self, day: date | None) -> str | None:
        text = self[day] = None if day is None else day.isoformat()
        return text


class _SameDays(dict[date | None, date | None]):
    def __missing__(self, day: date | None) -> date | None:
        self[day] = day
        return day


class Encoding:
    """How the store's driver holds a line's values, and the tail of a line's row.

    `days[d]`: a date as the driver holds it; `flags[b]`: a boolean; `decimal(x)`: an exact
    decimal (ExactDecimal); `minor(x)`: an amount of the run's currency, already exact to its
    minor unit, in minor units."""

    def __init__(self, sqlite: bool, currency: str, run_id: int) -> None:
        self.sqlite = sqlite
        self.currency = currency
        self.run_id = run_id
        self.days: dict[date | None, Any] = _IsoDays() if sqlite else _SameDays()
        self.flags: tuple[Any, Any] = (0, 1) if sqlite else (False, True)
        self.minor = exact_minor(currency)

    def decimal(self, value: Decimal | None) -> Any:
        return str(value) if self.sqlite and value is not None else value

    def tail(
        self,
        line: SettlementLine,
        *,
        original_amount_minor: int = 0,
        original_currency: str = "",
        exchange_rate: Decimal | None = None,
        refunded: Decimal = ZERO,
        plan_name: str = "",
        plan_version: int | None = None,
        tier: str = "",
        rate: Decimal = ZERO,
        fixed: Decimal = ZERO,
        from_run_id: int | None = None,
    ) -> Tail:
        """The tail of `line`'s row; the other arguments are what its statement shows about
        how it was computed (`refunded` and `fixed` in the run's currency, `rate` a percentage).
        Candidates' many order lines make the very same tuple inline."""
        minor, days, (no, yes) = self.minor, self.days, self.flags
        return (
            line.order_id,
            line.external_id,
            days[line.order_date],
            original_amount_minor,
            original_currency,
            self.decimal(exchange_rate),
            minor(line.amount) if line.amount else 0,
            minor(refunded) if refunded else 0,
            minor(line.value),
            plan_name,
            plan_version,
            tier,
            str(rate),
            self.fixed_minor(fixed),
            line.explanation,
            days[line.release_on],
            line.hold_days,
            yes if line.in_period else no,
            from_run_id,
            no,  # settles: set when the run is locked
        )

    def presumed(self, line: SettlementLine, position: int, tail: Tail) -> LineRow:
        """The row of the run's `position`th line as it is stored if the line settles payable
        without a reason, as most do: line_rows keeps it then, instead of making a second
        tuple. Candidates' many order lines make the very same tuple inline."""
        return (
            self.run_id,
            line.partner_id,
            position,
            _KINDS[line.kind],
            PAYABLE,
            "",
            "",
            "",
            *tail,
        )

    def fixed_minor(self, fixed: Decimal) -> int:
        """A per-order fixed part, rounded to the minor unit like the commission."""
        return to_minor(quantize(fixed, self.currency), self.currency) if fixed else 0


def encoding(session: Session, currency: str, run_id: int) -> Encoding:
    return Encoding(is_sqlite(session.connection()), currency, run_id)


_KINDS = {kind: kind.value for kind in LineKind}
_STATUSES = {status: status.value for status in LineStatus}
PAYABLE = LineStatus.PAYABLE.value


_NO_REASON = ("", "", "")


class _ReasonColumns(dict[int, tuple[Reason, tuple[str, str, str]]]):
    """(reason, reason_code, reason_args) of a settled line's reason (domain.reasons), each
    distinct reason written out once per run: the settlement shares one Reason object among
    all the lines it explains, so it is found by its id (hashing a Reason costs more); the
    entry holds the object, so its id stays its own."""

    def columns(self, why: Reason) -> tuple[str, str, str]:
        found = self.get(id(why))
        if found is None:
            found = self[id(why)] = (why, (why.english, *why.stored()))
        return found[1]


def line_rows(run_id: int, settled: Settlement, presumed: Sequence[LineRow]) -> list[LineRow]:
    """The rows to store for a run's settled lines, positions in order: a line's presumed row
    (Encoding.presumed) as it is when the line is payable without a reason at that position,
    else the row with its head made again."""
    kinds, statuses, columns = _KINDS, _STATUSES, _ReasonColumns().columns
    payable = LineStatus.PAYABLE
    lines = zip(settled.candidates, settled.statuses, settled.whys, presumed, strict=True)
    return [
        row if why is None and status is payable and row[POSITION] == position
        else (run_id, line.partner_id, position, kinds[line.kind], statuses[status],
              *(_NO_REASON if why is None else columns(why)), *row[HEAD:])
        for position, (line, status, why, row) in enumerate(lines)
    ]  # fmt: skip


def exact_minor(currency: str) -> Callable[[Decimal], int]:
    """Decimal → minor units, for values that must already be exact to the minor unit."""
    scale: int = 10 ** minor_digits(currency)

    def convert(value: Decimal) -> int:
        numerator, denominator = value.as_integer_ratio()
        units: int
        units, rest = divmod(numerator * scale, denominator)
        if rest:
            raise ValueError(f"{value} has more decimals than {currency} allows")
        return units

    return convert


def _table() -> Table:
    return cast(Table, PayoutLineRow.__table__)


def stored_lines(session: Session, run_id: int) -> list[LineRow]:
    """A run's stored lines as the rows `line_rows` makes, in their order."""
    table = _table()
    query = (
        select(*(table.c[name] for name in LINE_COLUMNS))
        .where(table.c.run_id == run_id)
        .order_by(table.c.position)
    )
    return [tuple(row) for row in driver_rows(session.connection(), query)]


def store_lines(
    session: Session,
    rows: Sequence[LineRow],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> None:
    """Insert line rows in chunks (so progress and cancel stay live): on SQLite the driver's
    executemany of the INSERT SQLAlchemy compiles, with the rows as they are; elsewhere Core."""
    connection = session.connection()
    write = _sqlite_writer(connection) if is_sqlite(connection) else _core_writer(connection)
    total = len(rows)
    for begin in range(0, total, CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled()
        write(rows[begin : begin + CHUNK])
        if progress is not None:
            progress(min(begin + CHUNK, total), total)
    if progress is not None and not total:
        progress(0, 0)


def _sqlite_writer(connection: Connection) -> Callable[[Sequence[LineRow]], None]:
    compiled = (
        insert(_table())
        .values({name: bindparam(name) for name in LINE_COLUMNS})
        .compile(dialect=connection.dialect)
    )
    if tuple(compiled.positiontup or ()) != LINE_COLUMNS:
        raise AssertionError("the INSERT's parameters are not in the rows' order")
    sql = str(compiled)
    return lambda chunk: driver_executemany(connection, sql, chunk)


def _core_writer(connection: Connection) -> Callable[[Sequence[LineRow]], None]:
    statement = insert(_table())

    def write(chunk: Sequence[LineRow]) -> None:
        connection.execute(statement, [dict(zip(LINE_COLUMNS, row, strict=True)) for row in chunk])

    return write
