"""The words of a statement in the language of the merchant's locale ("de_DE" → German).

The English text is the key; a language without a catalog, or a text without a translation,
stays English. Reasons are stored with the run in English (a locked run never changes), so
they are recognised by their fixed shape here and said again in the statement's language, with
dates and amounts in the locale's format. Free text (adjustment reasons, bonus rule names,
the merchant's footer) is printed as written.

English output is exactly the text the statement printed before translations existed, so
statements of English-speaking merchants are byte-for-byte what they were.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop_app.domain.commissions.compiled import MARGINAL_TIER
from desktop_app.domain.reasons import Reason
from desktop_app.services.statements.catalogs import CATALOGS, HELD_NOTE

_DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
_FLAG = r"fraud flag on (?:order|partner) (?P<ref>\S+)"  # fraud_releases: the lifted flag
# The stored reasons' shapes (payouts settlement and engine), each with the key that says it.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (
            rf"^held until {_DAY} \((?P<days>\d+)-day holding period\)$",
            "held until {day} ({days}-day holding period)",
        ),
        (
            rf"^withheld: order flagged as fraud on {_DAY}$",
            "withheld: order flagged as fraud on {day}",
        ),
        (
            rf"^withheld: partner flagged as fraud on {_DAY}$",
            "withheld: partner flagged as fraud on {day}",
        ),
        (r"^partner paused$", "partner paused"),
        (
            r"^pending: not confirmed by the shop yet$",
            "pending: not confirmed by the shop yet",
        ),
        (r"^cancelled by the shop: earns nothing$", "cancelled by the shop: earns nothing"),
        (
            r"^refunded by the shop before payment: earns nothing$",
            "refunded by the shop before payment: earns nothing",
        ),
        (
            r"^below the (?P<amount>-?[\d.]+) minimum, carried over$",
            "below the {amount} minimum, carried over",
        ),
        (
            rf"^partner terminated on {_DAY}: orders after that date earn nothing$",
            "partner terminated on {day}: orders after that date earn nothing",
        ),
        (r"^balance carried over from run (?P<run>\d+)$", "balance carried over from run {run}"),
        (
            rf"^{_FLAG} lifted: commission on order (?P<ext>\S+) withheld in run (?P<run>\d+) "
            "released$",
            "fraud flag {ref} lifted: commission on order {ext} withheld in run {run} released",
        ),
        (
            rf"^{_FLAG} lifted: (?P<kind>[a-z ]+) withheld in run (?P<run>\d+) released$",
            "fraud flag {ref} lifted: {kind} withheld in run {run} released",
        ),
        (
            rf"^{_FLAG} lifted: fraud clawback of order (?P<ext>\S+) in run (?P<run>\d+) "
            "given back$",
            "fraud flag {ref} lifted: fraud clawback of order {ext} in run {run} given back",
        ),
    )
)
# The Status column's short form of the reasons that would not fit on one line; the full
# sentence (or, for the holding period, one general note) goes under the table once.
_SHORT: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern), short, general)
    for pattern, short, general in (
        (rf"^held until {_DAY} \((?P<days>\d+)-day holding period\)$", "held until {day}", True),
        (
            rf"^withheld: (?:order|partner) flagged as fraud on {_DAY}$",
            "withheld: fraud, {day}",
            False,
        ),
        (r"^below the (?P<amount>-?[\d.]+) minimum, carried over$", "carried over", False),
        (
            rf"^partner terminated on {_DAY}: orders after that date earn nothing$",
            "terminated on {day}",
            False,
        ),
    )
)
_BY = re.compile(r" \(by (?P<actor>[^()]*)\)$")
_METRIC = re.compile(r"^(?P<metric>sales|orders|conversion) ≥ ")
_TIER_WORDS = (" orders", MARGINAL_TIER)
_AND_OVER = re.compile(r"^(?P<bound>.+?) and over(?P<rest>.*)$")
_BOUND = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Wording:
    """Says statement texts in one language; `day` and `amount` format values found in stored
    reasons (the statement's Formatter)."""

    language: str
    day: Callable[[date], str] = date.isoformat
    amount: Callable[[Decimal], str] = str  # with the currency ("50,00 €")
    number: Callable[[Decimal], str] = str  # a bare amount ("1.234,50")

    @property
    def english(self) -> bool:
        return self.language not in CATALOGS

    def __call__(self, text: str, **values: object) -> str:
        template = CATALOGS.get(self.language, {}).get(text, text)
        return template.format(**values) if values else template

    def reason(self, text: str) -> str:
        """A stored reason or explanation in the statement's language (English: as stored)."""
        if self.english or not text:
            return text
        by = _BY.search(text)  # "<reason or the merchant's own words> (by ann)"
        core = text[: by.start()] if by is not None else text
        for pattern, key in _REASONS:
            found = pattern.match(core)
            if found is not None:
                core = self(key, **self._values(found.groupdict()))
                break
        return core + (self(" (by {actor})", actor=by["actor"]) if by is not None else "")

    def said(self, why: Reason) -> str:
        """A reason in the statement's language, from its code and values (English, or a
        sentence this language has no words for: the stored English sentence)."""
        shape = why.shape
        if shape is None or self.english or shape.english not in CATALOGS[self.language]:
            return self.reason(why.english) if shape is None else why.english
        return self(shape.english, **self._values(why.args))

    def status(self, text: str, why: Reason | None = None) -> tuple[str, str]:
        """A stored reason as (the Status column's words, a note for under the table or "").

        The column stays one line: a long reason is said short there ("held until
        11/30/2026") and in full once under the table. `why`: the reason as data (lines stored
        before reasons had codes are read from their English `text`)."""
        shape = why.shape if why is not None else None
        if why is not None and shape is not None:
            if not shape.short:
                return self.said(why), ""
            values = self._values(why.args)
            cell = self(shape.short, **{k: v for k, v in values.items() if k == "day"})
            note = self(HELD_NOTE, days=why.args["days"]) if shape.general else self.said(why)
            return cell, note
        by = _BY.search(text)
        core = text[: by.start()] if by is not None else text
        for pattern, short, general in _SHORT:
            found = pattern.match(core)
            if found is None:
                continue
            values = self._values(found.groupdict())
            cell = self(short, **{k: v for k, v in values.items() if k == "day"})
            note = self(HELD_NOTE, days=found["days"]) if general else self.reason(text)
            return cell, note
        return self.reason(text), ""

    def tier(self, text: str) -> str:
        """ "200.00 and over", "20 orders and over (marginal)", "sales ≥ 20000" in words."""
        if self.english or not text:
            return text
        if text == "below the lowest tier":
            return self(text)
        metric = _METRIC.match(text)
        if metric is not None:
            name = metric["metric"]
            word = self(" orders").strip() if name == "orders" else self(name)
            return f"{word} ≥ {text[metric.end() :]}"
        # money bounds were stored as "1234.50"; order counts have no decimals
        text = _BOUND.sub(lambda bound: self.number(Decimal(bound[0])), text)
        for word in _TIER_WORDS:
            text = text.replace(word, self(word))
        over = _AND_OVER.match(text)
        if over is not None:
            text = self("{bound} and over", bound=over["bound"]) + over["rest"]
        return text

    def line_tier(self, kind: str, text: str) -> str:
        """The Tier column: a tier label for order lines and bonus targets; for adjustments
        and other lines the stored explanation (free text, only its "(by …)" is translated)."""
        if kind in ("commission", "clawback") or (kind == "bonus" and _METRIC.match(text)):
            return self.tier(text)
        return self.reason(text)

    def _values(self, found: dict[str, str]) -> dict[str, str]:
        values = dict(found)
        if "day" in values:
            values["day"] = self.day(date.fromisoformat(values["day"]))
        if "kind" in values:  # "bonus", "carried in": the statement's name for such a line
            values["kind"] = self(values["kind"].capitalize())
        if "amount" in values:
            with contextlib.suppress(InvalidOperation):
                values["amount"] = self.amount(Decimal(values["amount"]))
        return values


def language_of(locale: str) -> str:
    """ "de_DE" → "de"; "pt-BR" → "pt"."""
    return locale.replace("-", "_").split("_")[0].lower()
