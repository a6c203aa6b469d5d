"""Table models for the Commission plans screen: plans, a plan's versions, assignments and
bonus rules. Rows are value objects; text comes from the engine's own wording (tiers.py), so
the screen describes a plan exactly as statements do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.commissions.plans import BonusRule, PlanRule
from desktop_app.domain.commissions.tiers import pct, schedule_text
from desktop_app.services.plans import PlanInfo, VersionInfo
from desktop_app.ui.models.base import Column, ValueTableModel

BASIS_WORDS = {
    "order_amount": "order amount",
    "period_volume": "period sales",
    "period_orders": "period orders",
}
METRIC_WORDS = {"sales": "Sales", "orders": "Orders", "conversion": "Conversion %"}


def rule_summary(rule: PlanRule, currency: str) -> str:
    """'order amount, whole: 5 % on 0.00 – 50.00, 7 % on 50.00 and over'."""
    where = f"[{rule.category}] " if rule.category else ""
    basis = BASIS_WORDS.get(str(rule.basis), str(rule.basis))
    fixed = [t for t in rule.tiers if t.fixed]
    extra = f"; fixed {', '.join(str(t.fixed) for t in fixed)} per order" if fixed else ""
    return f"{where}{basis}, {rule.mode}: {schedule_text(rule, currency)}{extra}"


def version_summary(version: VersionInfo | None, currency: str) -> str:
    if version is None:
        return ""
    return " | ".join(rule_summary(r, currency) for r in version.rules)


@dataclass(frozen=True)
class PlanItem:
    """A plan (the service's PlanInfo) with the version in force on the day the list was read."""

    info: PlanInfo
    current: VersionInfo | None

    @property
    def plan_id(self) -> int:
        return self.info.id

    @property
    def latest(self) -> VersionInfo | None:
        return max(self.info.versions, key=lambda v: v.effective_from, default=None)

    @property
    def assigned(self) -> str:
        parts = [f"type {t}" for t in self.info.partner_types] + list(self.info.partners)
        return ", ".join(parts) or "nobody yet"


@dataclass(frozen=True)
class AssignmentItem:
    kind: str  # "Partner type" | "Partner"
    target_id: int
    target: str
    plan_id: int | None
    plan_name: str


class PlansTableModel(ValueTableModel[PlanItem]):
    columns = (
        Column("Plan", lambda p: p.info.name),
        Column("Version", lambda p: p.current.version if p.current else 0),
        Column("In force since", lambda p: _day(p.current.effective_from if p.current else None)),
        Column("Applies to", lambda p: p.assigned),
        Column("Terms", lambda p: len(p.current.rules) if p.current else 0),
    )
    TERMS = 4

    def display(self, item: PlanItem, column: int) -> str:
        if column == self.TERMS:
            return version_summary(item.current or item.latest, self.currency)
        if column == 1 and item.current is None:
            latest = item.latest
            return f"starts {latest.effective_from}" if latest else "no terms yet"
        return super().display(item, column)

    def row_of(self, plan_id: int) -> int:
        return next((i for i, p in enumerate(self._items) if p.plan_id == plan_id), -1)


class VersionsTableModel(ValueTableModel[VersionInfo]):
    columns = (
        Column("Version", lambda v: v.version),
        Column("Effective from", lambda v: v.effective_from.isoformat()),
        Column("Note", lambda v: v.note),
        Column("Terms", lambda v: len(v.rules)),
    )

    def display(self, item: VersionInfo, column: int) -> str:
        if column == 3:
            return version_summary(item, self.currency)
        return super().display(item, column)

    def row_of(self, version_id: int) -> int:
        return next((i for i, v in enumerate(self._items) if v.id == version_id), -1)


class AssignmentsTableModel(ValueTableModel[AssignmentItem]):
    columns = (
        Column("Applies to", lambda a: a.kind),
        Column("Name", lambda a: a.target),
        Column("Plan", lambda a: a.plan_name or "—"),
    )


def _bonus_reward(rule: BonusRule) -> str:
    parts = []
    if rule.fixed:
        parts.append(f"{rule.fixed} fixed")
    if rule.extra_rate:
        parts.append(f"+{pct(rule.extra_rate)} of sales")
    return " and ".join(parts) or "nothing"


def _threshold(rule: BonusRule) -> str:
    value = f"{rule.threshold.normalize():f}" if rule.threshold else "0"
    return f"{value} %" if rule.metric == "conversion" else value


class BonusRulesTableModel(ValueTableModel[BonusRule]):
    columns = (
        Column("Bonus rule", lambda b: b.name),
        Column("When", lambda b: METRIC_WORDS.get(b.metric, b.metric)),
        Column("Reaches", lambda b: b.threshold),
        Column("Pays", _bonus_reward),
        Column("Partner type", lambda b: b.partner_type_id),
    )

    def __init__(self) -> None:
        super().__init__()
        self.type_names: dict[int, str] = {}
        self.active_ids: set[int] = set()

    def display(self, item: BonusRule, column: int) -> str:
        if column == 0 and item.rule_id not in self.active_ids:
            return f"{item.name} (inactive)"
        if column == 2:
            return _threshold(item)
        if column == 4:
            tid = item.partner_type_id
            return "All types" if tid is None else self.type_names.get(tid, str(tid))
        return super().display(item, column)


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""
