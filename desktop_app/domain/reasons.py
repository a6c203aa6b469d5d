"""Why a line is not paid (or earns nothing): a reason is a code and its values, stored with the
line, and said in words only when shown, in the reader's language.

Each shape below is listed once: its code, its English sentence (which is also the key of its
translations in services/statements/catalogs.py), and the shorter words the statement's Status
column uses when the sentence would not fit on one line. The English sentence is also stored
with the line (`payout_lines.reason`), so what the command line and older tools read is
unchanged.

Values are text: dates as ISO dates ("day"), amounts as decimal strings ("amount"), counts and
names as they are; the reader formats them (services/statements/wording.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Shape:
    code: str
    english: str  # with {fields}
    short: str = ""  # the Status column's words when the sentence is too long ("" = the same)
    general: bool = False  # under the table: one note for every such line, not each sentence


SHAPES = (
    Shape("held", "held until {day} ({days}-day holding period)", "held until {day}", general=True),
    Shape("order_fraud", "withheld: order flagged as fraud on {day}", "withheld: fraud, {day}"),
    Shape("partner_fraud", "withheld: partner flagged as fraud on {day}", "withheld: fraud, {day}"),
    Shape("paused", "partner paused"),
    Shape("pending", "pending: not confirmed by the shop yet"),
    Shape("cancelled", "cancelled by the shop: earns nothing"),
    Shape("refunded", "refunded by the shop before payment: earns nothing"),
    Shape("carried", "below the {amount} minimum, carried over", "carried over"),
    Shape(
        "terminated",
        "partner terminated on {day}: orders after that date earn nothing",
        "terminated on {day}",
    ),
    Shape("no_plan_type", "no commission plan covers partner type '{type}'"),
    Shape("no_plan", "no commission plan: the partner has no type and no plan of its own"),
    Shape("no_version", "plan '{plan}' has no version in force on {day}"),
    Shape("no_rule", "plan '{plan}' v{version} has no rule for {where} and no general rule"),
)
BY_CODE = {shape.code: shape for shape in SHAPES}
TEXT = "text"  # a reason of no known shape: its words as they are ({"text": ...})


@dataclass(frozen=True)
class Reason:
    code: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def args(self) -> dict[str, str]:
        return dict(self.values)

    @property
    def english(self) -> str:
        if self.code == TEXT:
            return self.args.get("text", "")
        return BY_CODE[self.code].english.format(**self.args)

    @property
    def shape(self) -> Shape | None:
        return BY_CODE.get(self.code)

    def stored(self) -> tuple[str, str]:
        """(code, values as JSON) for the payout_lines columns."""
        return self.code, json.dumps(self.args, sort_keys=True, ensure_ascii=False)


def reason(code: str, **values: Any) -> Reason:
    if code not in BY_CODE:
        raise KeyError(f"no reason shape '{code}'")
    return Reason(code, tuple(sorted((k, str(v)) for k, v in values.items())))


def loaded(code: str, values: str) -> Reason | None:
    """A reason as stored (code and JSON values); None when the line has none."""
    if not code:
        return None
    return Reason(code, tuple(sorted(json.loads(values or "{}").items())))


def _pattern(english: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", english)
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$")


_PATTERNS = tuple((shape.code, _pattern(shape.english)) for shape in SHAPES)


def from_text(text: str) -> Reason | None:
    """The reason an English sentence of one of the shapes says: for lines stored before
    reasons had codes (migration 0015), and for the engine's own sentences (a zero line's
    explanation). A sentence of no known shape is kept as it is (TEXT)."""
    if not text:
        return None
    for code, pattern in _PATTERNS:
        found = pattern.match(text)
        if found is not None:
            return Reason(code, tuple(sorted(found.groupdict().items())))
    return Reason(TEXT, (("text", text),))
