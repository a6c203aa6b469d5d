"""Commission plan use cases: plans, dated versions with their tier rules, assignments to partner
types and partners, bonus rules. Reading (the PlanBook the engine uses, listings, the editor's live
example) is in plans_read.py and re-exported here; import from TOML/JSON is in plans_import.py,
which builds on this module (never the other way round: an import contract keeps it so).

Every change is recorded in the audit log. Past payout runs are never recomputed by a plan
change: locked runs keep their stored lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.commissions.plans import BONUS_METRICS, BonusRule, PlanBook, PlanRule
from desktop_app.domain.money import parse_amount
from desktop_app.domain.partners import Partner
from desktop_app.domain.text import check_text
from desktop_app.errors import NotFoundError, ValidationError
from desktop_app.services import audit, merchant
from desktop_app.services import partners as partner_service
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.plans_read import (
    PlanInfo,
    VersionInfo,
    base_currency,
    bonus_rules,
    check_rules,
    example_commission,
    find_plan,
    get_plan,
    list_plans,
    make_rule,
    orders_example,
    plan_book,
    plan_record,
    plan_row,
    plans_in_force,
)
from desktop_app.store.models import (
    BonusRuleRow,
    PartnerRow,
    PartnerTypeRow,
    PlanAssignmentRow,
    PlanRow,
    PlanRuleRow,
    PlanTierRow,
    PlanVersionRow,
)

if TYPE_CHECKING:
    from desktop_app.store.database import Store

__all__ = [
    "PlanInfo",
    "VersionInfo",
    "add_version",
    "assign_to_partner",
    "assign_to_type",
    "base_currency",
    "bonus_rules",
    "check_rules",
    "create_plan",
    "delete_bonus_rule",
    "delete_plan",
    "delete_version",
    "example_commission",
    "find_plan",
    "get_plan",
    "list_plans",
    "make_rule",
    "orders_example",
    "plan_book",
    "plan_record",
    "plan_row",
    "plans_in_force",
    "save_bonus_rule",
    "set_version_rules",
    "update_plan",
]


# ---- changing ----------------------------------------------------------------------------------


def _check_name(session: Session, name: str, plan_id: int | None = None) -> str:
    name = " ".join(name.split())
    check_text("name", name)
    if not name:
        raise ValidationError("name", "a plan needs a name")
    clash = find_plan(session, name)
    if clash is not None and clash.id != plan_id:
        raise ValidationError("name", f"there is already a plan called '{clash.name}'")
    return name


def create_plan(
    session: Session, name: str, description: str = "", *, actor: str | None = None
) -> int:
    row = PlanRow(name=_check_name(session, name), description=description)
    session.add(row)
    session.flush()
    audit.record(
        session, action="plan.create", entity="plan", entity_id=row.id,
        details={"name": row.name}, actor=actor,
    )  # fmt: skip
    return row.id


def update_plan(
    session: Session,
    plan_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    actor: str | None = None,
) -> None:
    row = plan_row(session, plan_id)
    if name is not None:
        row.name = _check_name(session, name, plan_id)
    if description is not None:
        row.description = description
    audit.record(
        session, action="plan.update", entity="plan", entity_id=plan_id,
        details={"name": row.name}, actor=actor,
    )  # fmt: skip


def delete_plan(session: Session, plan_id: int, *, actor: str | None = None) -> None:
    row = plan_row(session, plan_id)
    audit.record(
        session, action="plan.delete", entity="plan", entity_id=plan_id,
        details={"name": row.name}, actor=actor,
    )  # fmt: skip
    session.delete(row)
    session.flush()


def _store_rules(version: PlanVersionRow, rules: Sequence[PlanRule]) -> None:
    version.rules = [
        PlanRuleRow(
            position=i,
            basis=rule.basis.value,
            mode=rule.mode.value,
            category=rule.category,
            tiers=[
                PlanTierRow(position=j, lower=t.lower, rate_percent=t.rate, fixed=t.fixed)
                for j, t in enumerate(rule.tiers)
            ],
        )
        for i, rule in enumerate(rules)
    ]


def add_version(
    session: Session,
    plan_id: int,
    effective_from: date,
    rules: Sequence[PlanRule],
    note: str = "",
    *,
    actor: str | None = None,
) -> int:
    """A new version of the plan from `effective_from` on (numbered after the latest one)."""
    plan = plan_row(session, plan_id)
    check_rules(rules, currency=base_currency(session))
    if any(v.effective_from == effective_from for v in plan.versions):
        raise ValidationError(
            "effective_from", f"plan '{plan.name}' already has a version from {effective_from}"
        )
    number = max((v.version for v in plan.versions), default=0) + 1
    version = PlanVersionRow(version=number, effective_from=effective_from, note=note)
    _store_rules(version, rules)
    plan.versions.append(version)
    session.flush()
    audit.record(
        session, action="plan.version_add", entity="plan", entity_id=plan_id,
        details={"version": number, "effective_from": effective_from.isoformat()}, actor=actor,
    )  # fmt: skip
    return version.id


def set_version_rules(
    session: Session,
    version_id: int,
    rules: Sequence[PlanRule],
    *,
    effective_from: date | None = None,
    note: str | None = None,
    actor: str | None = None,
) -> None:
    """Replace a version's rules (and optionally its date or note)."""
    version = session.get(PlanVersionRow, version_id)
    if version is None:
        raise NotFoundError(f"there is no plan version with id {version_id}")
    check_rules(rules, currency=base_currency(session))
    if effective_from is not None and effective_from != version.effective_from:
        if any(v.effective_from == effective_from for v in version.plan.versions):
            raise ValidationError(
                "effective_from", f"this plan already has a version from {effective_from}"
            )
        version.effective_from = effective_from
    if note is not None:
        version.note = note
    _store_rules(version, rules)
    session.flush()
    audit.record(
        session, action="plan.version_edit", entity="plan", entity_id=version.plan_id,
        details={"version": version.version}, actor=actor,
    )  # fmt: skip


def delete_version(session: Session, version_id: int, *, actor: str | None = None) -> None:
    version = session.get(PlanVersionRow, version_id)
    if version is None:
        raise NotFoundError(f"there is no plan version with id {version_id}")
    audit.record(
        session, action="plan.version_delete", entity="plan", entity_id=version.plan_id,
        details={"version": version.version}, actor=actor,
    )  # fmt: skip
    session.delete(version)
    session.flush()


def _assign(session: Session, plan_id: int | None, **target: int) -> None:
    ((column, target_id),) = target.items()
    existing = session.scalar(
        select(PlanAssignmentRow).where(getattr(PlanAssignmentRow, column) == target_id)
    )
    if plan_id is None:
        if existing is not None:
            session.delete(existing)
    elif existing is not None:
        existing.plan_id = plan_row(session, plan_id).id
    else:
        session.add(PlanAssignmentRow(plan_id=plan_row(session, plan_id).id, **target))
    session.flush()


def assign_to_type(
    session: Session, partner_type_id: int, plan_id: int | None, *, actor: str | None = None
) -> None:
    """The plan for every partner of a type (None removes it)."""
    if session.get(PartnerTypeRow, partner_type_id) is None:
        raise NotFoundError(f"there is no partner type with id {partner_type_id}")
    _assign(session, plan_id, partner_type_id=partner_type_id)
    audit.record(
        session, action="plan.assign_type", entity="partner_type", entity_id=partner_type_id,
        details={"plan_id": plan_id}, actor=actor,
    )  # fmt: skip


def assign_to_partner(
    session: Session, partner_id: int, plan_id: int | None, *, actor: str | None = None
) -> None:
    """The partner's own plan, overriding its type's plan (None: back to the type's plan)."""
    if session.get(PartnerRow, partner_id) is None:
        raise NotFoundError(f"there is no partner with id {partner_id}")
    _assign(session, plan_id, partner_id=partner_id)
    audit.record(
        session, action="plan.assign_partner", entity="partner", entity_id=partner_id,
        partner_id=partner_id, details={"plan_id": plan_id}, actor=actor,
    )  # fmt: skip


def save_bonus_rule(
    session: Session,
    rule: BonusRule,
    *,
    active: bool = True,
    actor: str | None = None,
) -> int:
    """Create (rule_id 0) or update a bonus rule; returns its id."""
    name = " ".join(rule.name.split())
    check_text("name", name)
    if not name:
        raise ValidationError("name", "a bonus rule needs a name")
    if rule.metric not in BONUS_METRICS:
        raise ValidationError("metric", f"'{rule.metric}' is not one of {', '.join(BONUS_METRICS)}")
    for field, value in (
        ("threshold", rule.threshold),
        ("fixed", rule.fixed),
        ("extra_rate", rule.extra_rate),
    ):
        if not value.is_finite() or value < 0:
            raise ValidationError(field, f"'{value}' must be 0 or more")
    if rule.extra_rate > 100:  # checked like a tier's rate
        raise ValidationError("extra_rate", f"'{rule.extra_rate}' must be a percentage 0–100")
    if rule.fixed == 0 and rule.extra_rate == 0:
        raise ValidationError("fixed", "a bonus needs a fixed amount or an extra rate")
    clash = session.scalar(
        select(BonusRuleRow).where(func.lower(BonusRuleRow.name) == name.lower())
    )
    if clash is not None and clash.id != rule.rule_id:
        raise ValidationError("name", f"there is already a bonus rule called '{clash.name}'")
    row = session.get(BonusRuleRow, rule.rule_id) if rule.rule_id else None
    if rule.rule_id and row is None:
        raise NotFoundError(f"there is no bonus rule with id {rule.rule_id}")
    if row is None:
        row = BonusRuleRow()
        session.add(row)
    row.name, row.metric, row.threshold = name, rule.metric, rule.threshold
    row.fixed, row.extra_rate = rule.fixed, rule.extra_rate
    row.partner_type_id, row.active = rule.partner_type_id, active
    session.flush()
    audit.record(
        session, action="bonus_rule.save", entity="bonus_rule", entity_id=row.id,
        details={"name": name, "metric": rule.metric, "threshold": rule.threshold}, actor=actor,
    )  # fmt: skip
    return row.id


def delete_bonus_rule(session: Session, rule_id: int, *, actor: str | None = None) -> None:
    row = session.get(BonusRuleRow, rule_id)
    if row is None:
        raise NotFoundError(f"there is no bonus rule with id {rule_id}")
    audit.record(
        session, action="bonus_rule.delete", entity="bonus_rule", entity_id=rule_id,
        details={"name": row.name}, actor=actor,
    )  # fmt: skip
    session.delete(row)
    session.flush()


# -- the feature API (each call owns its transaction) ---------------------------------------


def load_plans(store: Store) -> list[PlanInfo]:
    with store.transaction() as session:
        return list_plans(session)


@dataclass(frozen=True)
class BonusRuleList:
    """Bonus rules (active and inactive) and the names of the partner types they name."""

    rules: list[BonusRule]
    type_names: dict[int, str]  # partner type id → name


def load_bonus_rules(store: Store) -> BonusRuleList:
    with store.transaction() as session:
        types = {row.id: row.name for row in session.scalars(select(PartnerTypeRow))}
        return BonusRuleList(bonus_rules(session, include_inactive=True), types)


@dataclass(frozen=True)
class PlanExample:
    """What one order earns under a plan's version in force on a date."""

    plan: str
    version: int
    amount: Decimal
    commission: Decimal
    currency: str  # the base currency


def plan_example(
    store: Store, plan_name: str, amount: str, *, category: str = "", on: date
) -> PlanExample:
    """The commission of one order of `amount` (text, in the base currency) under the plan
    called `plan_name` on `on`; NotFoundError when there is no such plan, version or rule."""
    with store.transaction() as session:
        currency = merchant.get_profile(session).base_currency
        value = parse_amount(amount, currency)
        row = find_plan(session, plan_name)
        if row is None:
            raise NotFoundError(f"there is no plan called '{plan_name}'")
        version = get_plan(session, row.id).version_on(on)
        if version is None:
            raise NotFoundError(f"plan '{row.name}' has no version in force on {on}")
        rule = version.rule_for(category)
        if rule is None:
            raise NotFoundError(f"plan '{row.name}' v{version.version} has no rule for this order")
        earned = example_commission(rule, value, currency)
        return PlanExample(row.name, version.version, value, earned, currency)


def load_plan_names(store: Store) -> list[str]:
    with store.transaction() as session:
        return [info.name for info in list_plans(session)]


@dataclass(frozen=True)
class PlansView:
    """What the Commission plans screen shows, read in one transaction."""

    profile: merchant.MerchantProfile
    plans: list[PlanInfo]
    book: PlanBook
    bonus_rules: list[BonusRule]  # active and inactive
    active_bonus_ids: set[int]
    type_ids: dict[str, int]  # partner type name → id
    partners: dict[int, Partner]


def load_plans_view(store: Store) -> PlansView:
    with store.transaction() as session:
        types = {}
        for name in partner_service.partner_types(session):
            row = partner_service.ensure_type(session, name)
            if row is not None:
                types[name] = row.id
        return PlansView(
            profile=merchant.get_profile(session),
            plans=list_plans(session),
            book=plan_book(session),
            bonus_rules=bonus_rules(session, include_inactive=True),
            active_bonus_ids={rule.rule_id for rule in bonus_rules(session)},
            type_ids=types,
            partners={p.id: p for p in partner_service.list_partners(session)},
        )


def new_plan(
    store: Store, name: str, effective_from: date, rules: Sequence[PlanRule]
) -> Changed[int]:
    """A plan with its first version; its id."""
    with store.transaction() as session:
        plan_id = create_plan(session, name)
        add_version(session, plan_id, effective_from, rules)
    return Changed(plan_id, Changes.PLANS)


def new_version(
    store: Store, plan_id: int, effective_from: date, rules: Sequence[PlanRule]
) -> Changed[int]:
    with store.transaction() as session:
        return Changed(add_version(session, plan_id, effective_from, rules), Changes.PLANS)


def save_version(
    store: Store, version_id: int, rules: Sequence[PlanRule], *, effective_from: date
) -> Changes:
    with store.transaction() as session:
        set_version_rules(session, version_id, rules, effective_from=effective_from)
    return Changes.PLANS


def rename_plan(store: Store, plan_id: int, name: str) -> Changes:
    with store.transaction() as session:
        update_plan(session, plan_id, name=name)
    return Changes.PLANS


def remove_plan(store: Store, plan_id: int) -> Changes:
    with store.transaction() as session:
        delete_plan(session, plan_id)
    return Changes.PLANS


def remove_version(store: Store, version_id: int) -> Changes:
    with store.transaction() as session:
        delete_version(session, version_id)
    return Changes.PLANS


def assign_type(store: Store, partner_type_id: int, plan_id: int | None) -> Changes:
    """Give a partner type a plan (None: take it away)."""
    with store.transaction() as session:
        assign_to_type(session, partner_type_id, plan_id)
    return Changes.PLANS


def assign_partner(store: Store, partner_id: int, plan_id: int | None) -> Changes:
    """Give one partner a plan of their own (None: back to their type's)."""
    with store.transaction() as session:
        assign_to_partner(session, partner_id, plan_id)
    return Changes.PLANS


def store_bonus_rule(store: Store, rule: BonusRule, *, active: bool = True) -> Changed[int]:
    with store.transaction() as session:
        return Changed(save_bonus_rule(session, rule, active=active), Changes.PLANS)


def remove_bonus_rule(store: Store, rule_id: int) -> Changes:
    with store.transaction() as session:
        delete_bonus_rule(session, rule_id)
    return Changes.PLANS
