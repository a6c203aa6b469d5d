"""Import commission plans, assignments and bonus rules from a TOML or JSON file.

File format (TOML shown; JSON has the same keys; see resources/sample_data/plans_example.toml)::

    [[plans]]
    name = "Standard"                       # plans are matched by name (case-insensitive)
    description = "Blogs and media"          # optional
    partner_types = ["Tech blog"]            # optional: the plan of these partner types
    partners = ["ANNA10"]                    # optional: partner codes with this as own plan

    [[plans.versions]]
    effective_from = 2026-01-01              # TOML date or "2026-01-01"
    note = "launch terms"                    # optional

    [[plans.versions.rules]]
    basis = "order_amount"                   # order_amount | period_volume | period_orders
    mode = "whole"                           # whole | marginal
    category = "Books"                       # optional: only orders of this category
    tiers = [                                # lower bound ("from") inclusive, ascending
      { from = 0, rate = 5 },                # rate in percent; numbers are read exactly
      { from = 50, rate = 7.5, fixed = "2.00" },  # fixed amount per order (optional)
    ]

    [[bonus_rules]]
    name = "Top seller"                      # matched by name
    metric = "sales"                         # sales | orders | conversion (orders/clicks, %)
    threshold = 5000
    fixed = 50                               # and/or
    extra_rate = 1                           # extra percent of the period's sales
    partner_type = "Tech blog"               # optional: only partners of this type
    active = true                            # optional

A version whose effective date already exists in the plan replaces that version's rules; other
versions are added. Partner types are created when missing; partner codes must exist. Any
problem stops the import before anything is saved and names the field, e.g.
`plans[0].versions[1].rules[0].tiers[2].rate: 'abc' is not a number`.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.commissions.plans import ZERO, BonusRule, PlanRule
from desktop_app.errors import ValidationError
from desktop_app.services import audit, plans
from desktop_app.services.changes import Changes
from desktop_app.services.partners import ensure_type
from desktop_app.store.database import Store
from desktop_app.store.models import BonusRuleRow, PartnerCodeRow


@dataclass(frozen=True)
class ImportSummary:
    plans_added: int = 0
    plans_updated: int = 0
    versions_added: int = 0
    versions_replaced: int = 0
    bonus_rules: int = 0

    @property
    def changes(self) -> Changes:
        return Changes.PLANS | Changes.PARTNERS  # with the partner types it names (a file
        # refused raises: all or nothing)

    def text(self) -> str:
        return (
            f"{self.plans_added} plans added, {self.plans_updated} updated; "
            f"{self.versions_added} versions added, {self.versions_replaced} replaced; "
            f"{self.bonus_rules} bonus rules saved"
        )


def read_file(path: Path) -> dict[str, Any]:
    """The file's content with every number as an exact Decimal."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError("file", f"cannot read {path}: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    try:
        text = raw.decode("utf-8-sig")
        if suffix == ".toml":
            data: Any = tomllib.loads(text, parse_float=Decimal)
        elif suffix == ".json":
            data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
        else:
            raise ValidationError("file", f"{path.name}: use a .toml or .json file")
    except UnicodeDecodeError:
        raise ValidationError("file", f"{path.name} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError("file", f"{path.name} is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValidationError("file", f"{path.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError("file", f"{path.name}: expected a table/object at the top")
    unknown = set(data) - {"plans", "bonus_rules"}
    if unknown:
        raise ValidationError(sorted(unknown)[0], "unknown key (expected plans, bonus_rules)")
    if not data.get("plans") and not data.get("bonus_rules"):
        raise ValidationError("file", f"{path.name} has no plans and no bonus rules to import")
    return data


def _number(value: Any, field: str, default: Decimal | None = None) -> Decimal:
    if value is None:
        if default is None:
            raise ValidationError(field, "is required")
        return default
    if isinstance(value, bool):
        raise ValidationError(field, f"'{value}' is not a number")
    try:
        number = Decimal(value) if isinstance(value, int | Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(field, f"'{value}' is not a number") from None
    if not number.is_finite():
        raise ValidationError(field, f"'{value}' is not a number")
    return number


def _text(value: Any, field: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError(field, "is required (text)")
    return value.strip()


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(field, "must be a list")
    return value


def _table(value: Any, field: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(field, "must be a table/object")
    unknown = set(value) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError(
            f"{field}.{name}", f"unknown key (expected {', '.join(sorted(allowed))})"
        )
    return value


def _date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(field, f"'{value}' is not a date like 2026-01-01")


def _rule(value: Any, field: str) -> PlanRule:
    item = _table(value, field, {"basis", "mode", "category", "tiers"})
    tiers = []
    for j, tier in enumerate(_list(item.get("tiers"), f"{field}.tiers")):
        where = f"{field}.tiers[{j}]"
        t = _table(tier, where, {"from", "rate", "fixed"})
        tiers.append(
            (
                _number(t.get("from"), f"{where}.from"),
                _number(t.get("rate"), f"{where}.rate"),
                _number(t.get("fixed"), f"{where}.fixed", ZERO),
            )
        )
    category = _text(item.get("category"), f"{field}.category", required=False) or None
    return plans.make_rule(
        _text(item.get("basis"), f"{field}.basis"),
        _text(item.get("mode"), f"{field}.mode"),
        tiers,
        category,
        field=field,
    )


def import_plans(store: Store, path: Path, *, actor: str | None = None) -> ImportSummary:
    """Plans, assignments and bonus rules from a TOML or JSON file, all or nothing."""
    data = read_file(path)
    counts = dict.fromkeys(
        ("plans_added", "plans_updated", "versions_added", "versions_replaced", "bonus_rules"), 0
    )
    with store.write_transaction() as session:
        for i, value in enumerate(_list(data.get("plans"), "plans")):
            _import_plan(session, value, f"plans[{i}]", counts, actor)
        for i, value in enumerate(_list(data.get("bonus_rules"), "bonus_rules")):
            _import_bonus(session, value, f"bonus_rules[{i}]", actor)
            counts["bonus_rules"] += 1
        audit.record(
            session,
            action="plans.import",
            entity="plan",
            details={"file": path.name, **counts},
            actor=actor,
        )
    return ImportSummary(**counts)


def _import_plan(
    session: Session, value: Any, field: str, counts: dict[str, int], actor: str | None
) -> None:
    item = _table(value, field, {"name", "description", "partner_types", "partners", "versions"})
    name = _text(item.get("name"), f"{field}.name")
    description = _text(item.get("description"), f"{field}.description", required=False)
    row = plans.find_plan(session, name)
    if row is None:
        plan_id = plans.create_plan(session, name, description, actor=actor)
        counts["plans_added"] += 1
    else:
        plan_id = row.id
        plans.update_plan(session, plan_id, description=description, actor=actor)
        counts["plans_updated"] += 1
    versions = _list(item.get("versions"), f"{field}.versions")
    if not versions and row is None:
        raise ValidationError(f"{field}.versions", "a new plan needs at least one version")
    for k, version in enumerate(versions):
        where = f"{field}.versions[{k}]"
        v = _table(version, where, {"effective_from", "note", "rules"})
        start = _date(v.get("effective_from"), f"{where}.effective_from")
        rules = [
            _rule(r, f"{where}.rules[{n}]")
            for n, r in enumerate(_list(v.get("rules"), f"{where}.rules"))
        ]
        plans.check_rules(rules, f"{where}.rules", plans.base_currency(session))
        note = _text(v.get("note"), f"{where}.note", required=False)
        plan = plans.plan_row(session, plan_id)
        existing = next((x for x in plan.versions if x.effective_from == start), None)
        if existing is None:
            plans.add_version(session, plan_id, start, rules, note, actor=actor)
            counts["versions_added"] += 1
        else:
            plans.set_version_rules(session, existing.id, rules, note=note, actor=actor)
            counts["versions_replaced"] += 1
    for k, type_name in enumerate(_list(item.get("partner_types"), f"{field}.partner_types")):
        type_row = ensure_type(session, _text(type_name, f"{field}.partner_types[{k}]"))
        assert type_row is not None
        plans.assign_to_type(session, type_row.id, plan_id, actor=actor)
    for k, code in enumerate(_list(item.get("partners"), f"{field}.partners")):
        where = f"{field}.partners[{k}]"
        text = _text(code, where)
        partner_id = session.scalar(
            select(PartnerCodeRow.partner_id).where(PartnerCodeRow.code_key == text.casefold())
        )
        if partner_id is None:
            raise ValidationError(where, f"there is no partner with code '{text}'")
        plans.assign_to_partner(session, partner_id, plan_id, actor=actor)


def _import_bonus(session: Session, value: Any, field: str, actor: str | None) -> None:
    item = _table(
        value,
        field,
        {"name", "metric", "threshold", "fixed", "extra_rate", "partner_type", "active"},
    )
    name = _text(item.get("name"), f"{field}.name")
    metric = _text(item.get("metric"), f"{field}.metric")
    type_name = _text(item.get("partner_type"), f"{field}.partner_type", required=False)
    type_row = ensure_type(session, type_name) if type_name else None
    active = item.get("active", True)
    if not isinstance(active, bool):
        raise ValidationError(f"{field}.active", "must be true or false")
    existing = session.scalar(
        select(BonusRuleRow.id).where(func.lower(BonusRuleRow.name) == name.lower())
    )
    rule = BonusRule(
        rule_id=existing or 0,
        name=name,
        metric=metric,  # type: ignore[arg-type]  # checked by save_bonus_rule
        threshold=_number(item.get("threshold"), f"{field}.threshold"),
        fixed=_number(item.get("fixed"), f"{field}.fixed", ZERO),
        extra_rate=_number(item.get("extra_rate"), f"{field}.extra_rate", ZERO),
        partner_type_id=type_row.id if type_row else None,
    )
    try:
        plans.save_bonus_rule(session, rule, active=active, actor=actor)
    except ValidationError as exc:
        raise ValidationError(f"{field}.{exc.field}", exc.detail) from None
