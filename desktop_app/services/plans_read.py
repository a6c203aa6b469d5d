"""Reading commission plans: the PlanBook the engine uses, listings, checked rules, examples.

Kept apart from the changes in plans.py; import from `desktop_app.services.plans`, which
re-exports everything here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.commissions.engine import OrderInput, PartnerInput, calculate
from desktop_app.domain.commissions.plans import (
    ZERO,
    BonusMetric,
    BonusRule,
    Plan,
    PlanBook,
    PlanRule,
    PlanVersion,
    Tier,
    TierBasis,
    TierMode,
)
from desktop_app.domain.money import quantize
from desktop_app.errors import NotFoundError, ValidationError
from desktop_app.store.models import (
    BonusRuleRow,
    MerchantRow,
    PartnerCodeRow,
    PartnerRow,
    PartnerTypeRow,
    PlanAssignmentRow,
    PlanRow,
    PlanRuleRow,
)


@dataclass(frozen=True)
class VersionInfo:
    id: int
    version: int
    effective_from: date
    note: str
    rules: tuple[PlanRule, ...]


@dataclass(frozen=True)
class PlanInfo:
    """A plan as the Plans screen and `plans list` show it."""

    id: int
    name: str
    description: str
    versions: tuple[VersionInfo, ...]
    partner_types: tuple[str, ...]
    partners: tuple[str, ...]  # "Name (CODE)" of partners with this plan as their own

    def version_on(self, day: date) -> VersionInfo | None:
        found = [v for v in self.versions if v.effective_from <= day]
        return max(found, key=lambda v: v.effective_from) if found else None


# ---- building and checking rules ---------------------------------------------------------------


def make_rule(
    basis: str,
    mode: str,
    tiers: Sequence[tuple[Decimal, Decimal, Decimal]],
    category: str | None = None,
    *,
    field: str = "rule",
) -> PlanRule:
    """A checked PlanRule from plain values; problems name the field ("rules[0].tiers[1]")."""
    try:
        tb = TierBasis(basis)
    except ValueError:
        choices = ", ".join(b.value for b in TierBasis)
        raise ValidationError(f"{field}.basis", f"'{basis}' is not one of {choices}") from None
    try:
        tm = TierMode(mode)
    except ValueError:
        raise ValidationError(f"{field}.mode", f"'{mode}' is not whole or marginal") from None
    if not tiers:
        raise ValidationError(f"{field}.tiers", "a rule needs at least one tier")
    built: list[Tier] = []
    for i, (lower, rate, fixed) in enumerate(tiers):
        where = f"{field}.tiers[{i}]"
        if not lower.is_finite() or lower < 0:
            raise ValidationError(f"{where}.from", f"'{lower}' must be 0 or more")
        if i and lower <= built[-1].lower:
            raise ValidationError(
                f"{where}.from", f"{lower} must be above the previous tier's {built[-1].lower}"
            )
        if tb is TierBasis.PERIOD_ORDERS and lower != lower.to_integral_value():
            raise ValidationError(f"{where}.from", f"{lower} is not a whole number of orders")
        if not rate.is_finite() or rate < 0 or rate > 100:
            raise ValidationError(f"{where}.rate", f"'{rate}' must be a percentage 0–100")
        if not fixed.is_finite() or fixed < 0:
            raise ValidationError(f"{where}.fixed", f"'{fixed}' must be 0 or more")
        built.append(Tier(lower=lower, rate=rate, fixed=fixed))
    cat = " ".join(category.split()) if category else None
    return PlanRule(basis=tb, mode=tm, tiers=tuple(built), category=cat or None)


def check_rules(
    rules: Sequence[PlanRule], field: str = "rules", currency: str | None = None
) -> None:
    """At most one general rule and one rule per category in a version; fixed amounts that
    fit the base currency's minor unit (no 2.505 USD, no 2.50 JPY)."""
    if not rules:
        raise ValidationError(field, "a plan version needs at least one rule")
    seen: set[str | None] = set()
    for i, rule in enumerate(rules):
        for j, tier in enumerate(rule.tiers):
            if currency and tier.fixed != quantize(tier.fixed, currency):
                raise ValidationError(
                    f"{field}[{i}].tiers[{j}].fixed",
                    f"{tier.fixed} has more decimals than {currency} allows",
                )
        key = rule.category.casefold() if rule.category else None
        if key in seen:
            what = f"category '{rule.category}'" if key else "all categories (no category)"
            raise ValidationError(f"{field}[{i}].category", f"a second rule for {what}")
        seen.add(key)


# ---- reading -----------------------------------------------------------------------------------


def _domain_rule(row: PlanRuleRow) -> PlanRule:
    return PlanRule(
        basis=TierBasis(row.basis),
        mode=TierMode(row.mode),
        tiers=tuple(Tier(t.lower, t.rate_percent, t.fixed) for t in row.tiers),
        category=row.category,
    )


def _domain_plan(row: PlanRow) -> Plan:
    versions = tuple(
        PlanVersion(
            plan_id=row.id,
            plan_name=row.name,
            version=v.version,
            effective_from=v.effective_from,
            rules=tuple(_domain_rule(r) for r in v.rules),
        )
        for v in row.versions
    )
    return Plan(plan_id=row.id, name=row.name, versions=versions)


def plan_row(session: Session, plan_id: int) -> PlanRow:
    row = session.get(PlanRow, plan_id)
    if row is None:
        raise NotFoundError(f"there is no plan with id {plan_id}")
    return row


def get_plan(session: Session, plan_id: int) -> Plan:
    return _domain_plan(plan_row(session, plan_id))


def base_currency(session: Session) -> str:
    row = session.get(MerchantRow, 1)
    return row.base_currency if row is not None else "USD"


def find_plan(session: Session, name: str) -> PlanRow | None:
    return session.scalar(select(PlanRow).where(func.lower(PlanRow.name) == name.strip().lower()))


def plan_book(session: Session) -> PlanBook:
    """Every plan with its versions and assignments, as the engine reads them."""
    plans = {row.id: _domain_plan(row) for row in session.scalars(select(PlanRow))}
    by_type: dict[int, int] = {}
    by_partner: dict[int, int] = {}
    for a in session.scalars(select(PlanAssignmentRow)):
        if a.partner_type_id is not None:
            by_type[a.partner_type_id] = a.plan_id
        elif a.partner_id is not None:
            by_partner[a.partner_id] = a.plan_id
    merchant = session.get(MerchantRow, 1)
    return PlanBook(
        plans=plans,
        by_type=by_type,
        by_partner=by_partner,
        default_plan=merchant.default_plan_id if merchant is not None else None,
        type_names=dict(session.execute(select(PartnerTypeRow.id, PartnerTypeRow.name)).all()),
    )


def _bonus(row: BonusRuleRow) -> BonusRule:
    metric: BonusMetric = row.metric  # type: ignore[assignment]
    return BonusRule(
        rule_id=row.id,
        name=row.name,
        metric=metric,
        threshold=row.threshold,
        fixed=row.fixed,
        extra_rate=row.extra_rate,
        partner_type_id=row.partner_type_id,
    )


def bonus_rules(session: Session, *, include_inactive: bool = False) -> list[BonusRule]:
    query = select(BonusRuleRow).order_by(BonusRuleRow.id)
    if not include_inactive:
        query = query.where(BonusRuleRow.active.is_(True))
    return [_bonus(row) for row in session.scalars(query)]


def list_plans(session: Session) -> list[PlanInfo]:
    types: dict[int, list[str]] = {}
    partners: dict[int, list[str]] = {}
    rows = session.execute(
        select(PlanAssignmentRow.plan_id, PartnerTypeRow.name, PartnerRow.id, PartnerRow.name)
        .outerjoin(PartnerTypeRow, PartnerTypeRow.id == PlanAssignmentRow.partner_type_id)
        .outerjoin(PartnerRow, PartnerRow.id == PlanAssignmentRow.partner_id)
    ).all()
    first_codes: dict[int, str] = {
        pid: code
        for pid, code in session.execute(
            select(PartnerCodeRow.partner_id, func.min(PartnerCodeRow.code)).group_by(
                PartnerCodeRow.partner_id
            )
        )
    }
    for plan_id, type_name, partner_id, partner_name in rows:
        if type_name is not None:
            types.setdefault(plan_id, []).append(type_name)
        if partner_id is not None:
            code = first_codes.get(partner_id, "")
            partners.setdefault(plan_id, []).append(f"{partner_name} ({code})")
    return [
        PlanInfo(
            id=row.id,
            name=row.name,
            description=row.description,
            versions=tuple(
                VersionInfo(
                    v.id, v.version, v.effective_from, v.note, tuple(map(_domain_rule, v.rules))
                )
                for v in row.versions
            ),
            partner_types=tuple(sorted(types.get(row.id, []))),
            partners=tuple(sorted(partners.get(row.id, []))),
        )
        for row in session.scalars(select(PlanRow).order_by(PlanRow.name))
    ]


def _example_commissions(
    rule: PlanRule, amount: Decimal, count: int, currency: str
) -> list[Decimal]:
    """The engine's commission for each of `count` orders of `amount` in one period, for one
    partner whose only plan is `rule`."""
    version = PlanVersion(0, "example", 1, date.min, (rule,))
    book = PlanBook({0: Plan(0, "example", (version,))}, {}, {0: 0})
    orders = [
        OrderInput(i, f"example-{i}", 0, date.min, amount, rule.category or "")
        for i in range(1, count + 1)
    ]
    lines = calculate(orders, [PartnerInput(0, None, None)], book, currency=currency)
    return [line.commission for line in lines]


def example_commission(rule: PlanRule, amount: Decimal, currency: str = "USD") -> Decimal:
    """What one order of `amount` earns under `rule` alone (the editor's live example).

    For period bases the order is taken as the partner's only order in the period.
    """
    (commission,) = _example_commissions(rule, amount, 1, currency)
    return quantize(commission if amount else ZERO, currency)


def orders_example(rule: PlanRule, amount: Decimal, count: int, currency: str) -> Decimal:
    """What `count` orders of `amount` in one period earn together under `rule` (the live
    example for tiers by order count)."""
    return sum(_example_commissions(rule, amount, count, currency), Decimal(0))


def plan_record(info: PlanInfo, today: date) -> dict[str, Any]:
    """A plan as one flat record for `plans list` (table/CSV) and JSON: the version in force
    on `today`, or when none is yet, the first one to come (said so in `in_force`)."""
    in_force = info.version_on(today)
    upcoming = next((v for v in info.versions if v.effective_from > today), None)
    current = in_force or upcoming
    if in_force is not None:
        status = "in force"
    elif upcoming is not None:
        status = f"not in force yet (from {upcoming.effective_from.isoformat()})"
    else:
        status = "no version"
    return {
        "id": info.id,
        "name": info.name,
        "versions": len(info.versions),
        "current_version": in_force.version if in_force else None,
        "in_force": status,
        "effective_from": current.effective_from.isoformat() if current else "",
        "rules": [
            f"{r.category or 'all'}: {r.basis.value}/{r.mode.value} "
            + ", ".join(
                f"{t.lower}→{t.rate}%" + (f"+{t.fixed}" if t.fixed else "") for t in r.tiers
            )
            for r in (current.rules if current else ())
        ],
        "partner_types": list(info.partner_types),
        "partners": list(info.partners),
        "description": info.description,
    }


def plans_in_force(session: Session, on: date) -> dict[int, str]:
    """Partner id → the name of the plan that pays them on `on` (their own, their type's or the
    merchant's default), "" when none does: such a partner earns nothing."""
    book = plan_book(session)
    found: dict[int, str] = {}
    for partner_id, type_id in session.execute(select(PartnerRow.id, PartnerRow.partner_type_id)):
        plan = book.plan_for(partner_id, type_id)
        found[partner_id] = plan.name if plan is not None and plan.version_on(on) else ""
    return found
