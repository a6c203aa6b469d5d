"""The partner terms sheet: what a partner earns and how they are paid, as a PDF in the partner's
statement language (their own statement locale, else the merchant's).

It states the commission plan in force on a day (the partner's own plan, else their type's, else
the merchant's default) with each rule's tier table and one worked example per tier (a marginal
tier explained bracket by bracket, the total computed by the commission engine itself), the
bonus rules that apply to them, the holding period, the minimum payout and carry-over, the
payment schedule and method, what refunds and fraud flags do, and the merchant's contact.

The same inputs give the same bytes: reportlab's invariant mode, embedded fonts, and no clock
(the day is an input).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.commissions.plans import BonusRule, PlanRule, TierBasis, TierMode
from desktop_app.domain.commissions.rounding import fixed_part, line_value
from desktop_app.domain.commissions.tiers import HUNDRED, marginal_slices
from desktop_app.domain.money import minor_digits, quantize
from desktop_app.domain.partners import Partner, PayoutMethod
from desktop_app.services.statements.document import mask_account
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.wording import language_of
from desktop_app.services.terms_catalogs import say

EXAMPLE_ORDER = Decimal(100)  # the order amount of the order-count examples


@dataclass(frozen=True)
class TierRow:
    lower: str
    upper: str
    rate: str
    fixed: str


@dataclass(frozen=True)
class RuleTerms:
    title: str  # "All products" / "Products in category …"
    basis: str  # a sentence
    mode: str  # a sentence
    tiers: tuple[TierRow, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class TermsSheet:
    """Everything the PDF says, as text in the partner's language."""

    language: str
    locale: str
    page_size: str
    merchant: str
    merchant_address: str
    partner: str
    codes: str
    day: str
    plan: str  # the plan line, or why there is none
    rules: tuple[RuleTerms, ...]
    bonuses: tuple[str, ...]
    payment: tuple[str, ...]
    refunds: tuple[str, ...]
    contact: str


def _say(sheet_language: str) -> Callable[..., str]:
    def words(text: str, **values: object) -> str:
        return say(sheet_language, text, **values)

    return words


def example_values(rule: PlanRule, index: int, currency: str) -> Decimal:
    """A telling value inside tier `index`: the middle of a closed tier, half as much again as
    the start of the open one (100.00 for a single tier from 0); whole orders for counts."""
    lower = rule.tiers[index].lower
    upper = rule.upper(index)
    if rule.basis is TierBasis.PERIOD_ORDERS:
        return max(lower, Decimal(1))
    if upper is not None:
        return quantize((lower + upper) / 2, currency)
    return quantize(lower * Decimal("1.5"), currency) if lower else Decimal(100)


def rule_terms(rule: PlanRule, fmt: Formatter, words: Callable[..., str]) -> RuleTerms:
    from desktop_app.services.plans_read import example_commission, orders_example

    cur = fmt.currency
    counts = rule.basis is TierBasis.PERIOD_ORDERS

    def bound(value: Decimal) -> str:
        return str(int(value)) if counts else fmt.amount(value)

    tiers = tuple(
        TierRow(
            bound(t.lower),
            bound(upper) if (upper := rule.upper(i)) is not None else words("and over"),
            fmt.rate(t.rate),
            fmt.amount(t.fixed) if t.fixed else "",
        )
        for i, t in enumerate(rule.tiers)
    )
    examples: list[str] = []
    for i, tier in enumerate(rule.tiers):
        value = example_values(rule, i, cur)
        per_order = (
            " + " + words("{amount} per order", amount=fmt.amount(tier.fixed)) if tier.fixed else ""
        )
        if counts:
            amount = EXAMPLE_ORDER
            one = words("{rate} of {amount}", rate=fmt.rate(tier.rate), amount=fmt.amount(amount))
            if rule.mode is TierMode.MARGINAL:
                # what the engine pays order no. N (batches.price_lines), by its rounding
                exp = Decimal(1).scaleb(-minor_digits(cur))
                total = line_value(amount * tier.rate / HUNDRED, exp) + fixed_part(tier.fixed, exp)
                examples.append(
                    words(
                        "Order no. {number} of a period, of {amount}: {how} = {total}.",
                        number=int(value),
                        amount=fmt.money(amount),
                        how=one + per_order,
                        total=fmt.money(total),
                    )
                )
            else:
                total = orders_example(rule, amount, int(value), cur)
                examples.append(
                    words(
                        "{count} orders of {amount} in a period: {how} each, {total} in all.",
                        count=int(value),
                        amount=fmt.money(amount),
                        how=one + per_order,
                        total=fmt.money(total),
                    )
                )
            continue
        if rule.mode is TierMode.MARGINAL:
            how = " + ".join(
                words(
                    "{rate} of {amount}",
                    rate=fmt.rate(rule.tiers[j].rate),
                    amount=fmt.amount(size),
                )
                for j, size in marginal_slices(rule, value)
            )
        else:
            how = words("{rate} of {amount}", rate=fmt.rate(tier.rate), amount=fmt.amount(value))
        total = example_commission(rule, value, cur)  # the engine's own answer
        key = (
            "An order of {amount}: {how} = {total}."
            if rule.basis is TierBasis.ORDER_AMOUNT
            else "Sales of {amount} in a period: {how} = {total}."
        )
        examples.append(
            words(key, amount=fmt.money(value), how=how + per_order, total=fmt.money(total))
        )
    basis = {
        TierBasis.ORDER_AMOUNT: "Tiers by the amount of each order.",
        TierBasis.PERIOD_VOLUME: "Tiers by your sales in the period.",
        TierBasis.PERIOD_ORDERS: "Tiers by your number of orders in the period.",
    }[rule.basis]
    if rule.mode is TierMode.WHOLE:
        mode = "Whole: the whole amount earns the rate of the tier it reaches."
    elif counts:
        mode = "Marginal: each order earns the rate of the tier its number in the period falls in."
    else:
        mode = "Marginal: each slice earns the rate of its own tier, like tax brackets."
    title = (
        words("Products in category {category}", category=rule.category)
        if rule.category
        else words("All products")
    )
    return RuleTerms(title, words(basis), words(mode), tiers, tuple(examples))


def bonus_text(rule: BonusRule, fmt: Formatter, words: Callable[..., str]) -> str:
    metric = {"sales": "sales", "orders": "orders", "conversion": "conversion rate"}[rule.metric]
    if rule.metric == "sales":
        threshold = fmt.money(rule.threshold)
    elif rule.metric == "conversion":
        threshold = fmt.rate(rule.threshold)
    else:
        threshold = str(int(rule.threshold))
    parts = []
    if rule.fixed:
        parts.append(fmt.money(rule.fixed))
    if rule.extra_rate:
        parts.append(words("{rate} of your sales in the period", rate=fmt.rate(rule.extra_rate)))
    return words(
        "{name}: when your {metric} in a period reach {threshold}, you get {reward}.",
        name=rule.name,
        metric=words(metric),
        threshold=threshold,
        reward=" + ".join(parts) or fmt.money(Decimal(0)),
    )


def build_terms(session: Session, partner: Partner, on: date) -> TermsSheet:
    from desktop_app.services import merchant
    from desktop_app.services.plans_read import bonus_rules, plan_book
    from desktop_app.store.models import PartnerRow

    profile = merchant.get_profile(session)
    locale = partner.statement_locale or profile.locale
    language = language_of(locale)
    words = _say(language)
    fmt = Formatter(locale, profile.base_currency)
    row = session.get(PartnerRow, partner.id)
    type_id = row.partner_type_id if row is not None else None
    plan = plan_book(session).plan_for(partner.id, type_id)
    version = plan.version_on(on) if plan is not None else None
    if plan is None or version is None:
        plan_line = words(
            "No commission plan covers you on {day}: you earn nothing until the merchant "
            "assigns one.",
            day=fmt.long_day(on),
        )
        rules: tuple[RuleTerms, ...] = ()
    else:
        plan_line = words(
            "Commission plan: {plan} (version {version}, in force since {day})",
            plan=plan.name,
            version=version.version,
            day=fmt.long_day(version.effective_from),
        )
        ordered = sorted(version.rules, key=lambda r: (r.category is not None, r.category or ""))
        rules = tuple(rule_terms(r, fmt, words) for r in ordered)
    bonuses = tuple(
        bonus_text(b, fmt, words)
        for b in bonus_rules(session)
        if b.partner_type_id is None or b.partner_type_id == type_id
    )
    payment = [
        words(
            "Commission is settled once a month for the calendar month before; each settlement "
            "comes with a statement of every order."
        ),
        words(
            "Holding period: commission on an order becomes payable {days} days after the order "
            "date, once returns are in.",
            days=profile.holding_days,
        )
        if profile.holding_days
        else words(
            "No holding period: commission is payable in the settlement of the order's month."
        ),
        words(
            "Minimum payout: {amount}. A smaller balance is not lost: it is carried over and "
            "paid with a later settlement.",
            amount=fmt.money(profile.minimum_payout),
        ),
    ]
    details = partner.payout_details
    if partner.payout_method is PayoutMethod.PAYPAL and not details:
        details = partner.email
    if partner.payout_method is PayoutMethod.BANK:
        method = words("Bank transfer to {account}", account=mask_account(details))
    elif partner.payout_method is PayoutMethod.PAYPAL:
        method = words("PayPal to {account}", account=mask_account(details))
    else:
        method = words("as agreed with the merchant")
    payment.append(words("Payment: {method}.", method=method))
    if partner.payout_method is not PayoutMethod.OTHER and not details:
        payment.append(words("Payout details are still missing: please send them to the merchant."))
    refunds = (
        words(
            "A refund before payment reduces the commission in proportion; a full refund "
            "cancels it. A refund after payment is deducted from your next settlement."
        ),
        words(
            "Commission on an order flagged as fraud is withheld; if a partner is flagged, all "
            "unpaid commission is withheld. A flag lifted by mistake releases what was withheld."
        ),
    )
    contact = words("Write to {email}.", email=profile.email) if profile.email else ""
    return TermsSheet(
        language=language,
        locale=locale,
        page_size=profile.page_size,
        merchant=profile.name,
        merchant_address=profile.address,
        partner=partner.name,
        codes=words("Partner codes: {codes}", codes=", ".join(partner.codes)),
        day=words("Terms in force on {day}", day=fmt.long_day(on)),
        plan=plan_line,
        rules=rules,
        bonuses=bonuses,
        payment=tuple(payment),
        refunds=refunds,
        contact=contact,
    )


def render_terms(sheet: TermsSheet) -> bytes:
    """The sheet as PDF bytes (the same sheet, the same bytes)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    from desktop_app.services.statements.fonts import BOLD, REGULAR, register_fonts
    from desktop_app.services.statements.layout import HEADER_FILL, RULE_GREY, text_width

    register_fonts()
    words = _say(sheet.language)
    h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=16, leading=20, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4)
    h3 = ParagraphStyle("h3", fontName=BOLD, fontSize=9, leading=12, spaceBefore=6, spaceAfter=2)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12, spaceAfter=3)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    width = text_width(sheet.page_size)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(_escape(text).replace("\n", "<br/>"), style)

    story: list[Any] = [
        p(sheet.merchant, h3),
        p(sheet.merchant_address, small),
        Spacer(1, 6),
        p(words("Partner terms"), h1),
        p(sheet.day, body),
        p(f"{words('For')}: {sheet.partner} · {sheet.codes}", body),
        p(words("What you earn"), h2),
        p(sheet.plan),
    ]
    for rule in sheet.rules:
        rows = [[words("From"), words("Below"), words("Rate"), words("Fixed per order")]]
        rows += [[t.lower, t.upper, t.rate, t.fixed] for t in rule.tiers]
        table = Table(rows, colWidths=[width * 0.2] * 4, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                    ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.75, RULE_GREY),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, (0.85, 0.86, 0.88)),
                    ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ]
            )
        )
        block: list[Any] = [p(rule.title, h3), p(f"{rule.basis} {rule.mode}"), table]
        block.append(p(words("Worked examples"), h3))
        block += [p(f"• {example}") for example in rule.examples]
        story.append(KeepTogether(block))
    if sheet.bonuses:
        story.append(p(words("Bonuses"), h2))
        story += [p(f"• {text}") for text in sheet.bonuses]
    story.append(p(words("When and how you are paid"), h2))
    story += [p(text) for text in sheet.payment]
    story.append(p(words("Refunds and fraud"), h2))
    story += [p(text) for text in sheet.refunds]
    if sheet.contact:
        story.append(p(words("Questions"), h2))
        story.append(p(sheet.contact))
    return _build(
        story,
        sheet.page_size,
        sheet.language,
        f"{words('Partner terms')}: {sheet.partner}",
        sheet.merchant,
    )


def _build(story: list[Any], page_size: str, language: str, title: str, author: str) -> bytes:
    """A simple document with "Page N of M" in the document's language, reproducibly."""
    from reportlab.platypus import SimpleDocTemplate

    from desktop_app.services.statements.fonts import REGULAR
    from desktop_app.services.statements.layout import (
        MARGIN_BOTTOM,
        MARGIN_TOP,
        MARGIN_X,
        NumberedCanvas,
    )
    from desktop_app.services.statements.layout import (
        page_size as size_of,
    )
    from desktop_app.services.statements.wording import Wording

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size_of(page_size),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        creator="Payout Desk",
        invariant=1,
        initialFontName=REGULAR,
    )

    def on_page(canvas: Any, _doc: Any) -> None:
        if isinstance(canvas, NumberedCanvas):
            canvas.words = Wording(language)

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_terms(store: Any, partner_code: str, path: Path, on: date | None = None) -> Path:
    """Build and write the terms sheet of the partner with `partner_code`, through a temporary
    file (`on`: the day the terms are stated for; today when not given)."""
    from desktop_app.services.output_files import ready_file
    from desktop_app.services.partners import find_by_code
    from desktop_app.services.statements.render import write_pdf

    ready_file(path, "out")
    with store.transaction() as session:
        partner = find_by_code(session, partner_code)
        sheet = build_terms(session, partner, on or date.today())
    return write_pdf(path, render_terms(sheet))  # through a temporary file, as statements
