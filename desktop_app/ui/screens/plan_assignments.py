"""The Commission plans screen's second half: which plan applies to which partner type or
partner, and the bonus rules. A base class of PlansScreen (which provides the models, tables,
`_try` and `_changed`), kept apart so each module stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget

from desktop_app.domain.commissions.plans import BonusRule
from desktop_app.services import partners as partner_service
from desktop_app.services import plans as service
from desktop_app.services.changes import Changes
from desktop_app.ui.dialogs.assign_dialog import AssignDialog
from desktop_app.ui.dialogs.bonus_dialog import BonusDialog
from desktop_app.ui.models.plans_model import (
    AssignmentsTableModel,
    BonusRulesTableModel,
    PlanItem,
    PlansTableModel,
)
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.widgets.tables import selected_row


class PlanAssignments(Screen):
    store: Any
    type_ids: dict[str, int]
    active_bonus_ids: set[int]
    plans_model: PlansTableModel
    assign_model: AssignmentsTableModel
    assign_table: Any
    assign_proxy: Any
    bonus_model: BonusRulesTableModel
    bonus_table: Any
    bonus_proxy: Any
    tabs: QTabWidget

    def selected_plan(self) -> PlanItem | None:
        raise NotImplementedError

    def _try(self, command: Callable[[], Changes], message: str) -> bool:
        raise NotImplementedError

    def _changed(self, message: str, changes: Changes, plan_id: int | None = None) -> None:
        raise NotImplementedError

    # assignments --------------------------------------------------------------------------
    def _plans(self) -> list[tuple[int, str]]:
        return [(p.plan_id, p.info.name) for p in self.plans_model.items()]

    def assign_type(self, type_id: int | None = None) -> AssignDialog:
        targets = [(tid, name) for name, tid in sorted(self.type_ids.items())]
        current = next((a for a in self.assign_model.items() if a.target_id == type_id), None)
        return self._assign(
            "type", targets, type_id, current.plan_id if current else None, service.assign_type
        )

    def assign_partner(self, partner_id: int | None = None) -> AssignDialog:
        found = partner_service.load_partners(self.store)
        targets = sorted(((p.id, partner_label(p)) for p in found), key=lambda t: t[1].casefold())
        overrides = {
            a.target_id: a.plan_id for a in self.assign_model.items() if a.kind == "Partner"
        }
        plan = overrides.get(partner_id) if partner_id is not None else None
        selected = self.selected_plan()
        if partner_id is None and selected is not None:
            plan = selected.plan_id
        return self._assign("partner", targets, partner_id, plan, service.assign_partner)

    def _assign(
        self, kind: str, targets: list[tuple[int, str]], target: int | None, plan: int | None,
        action: Any,
    ) -> AssignDialog:  # fmt: skip
        selected = self.selected_plan()
        if kind == "type" and target is None and selected is not None:
            plan = selected.plan_id
        dialog = AssignDialog(
            kind, targets, self._plans(), target_id=target, plan_id=plan, parent=self
        )

        def apply() -> None:
            target_id, plan_id = dialog.chosen()
            self._try(lambda: action(self.store, target_id, plan_id), "Plan assignment saved")
            self.tabs.setCurrentIndex(1)
            dialog.deleteLater()

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def _edit_assignment(self) -> None:
        row = selected_row(self.assign_table, self.assign_proxy)
        if row is None:
            return
        item = self.assign_model.item_at(row)
        if item.kind == "Partner":
            self.assign_partner(item.target_id)
        else:
            self.assign_type(item.target_id)

    def remove_assignment(self) -> None:
        row = selected_row(self.assign_table, self.assign_proxy)
        if row is None:
            return
        item = self.assign_model.item_at(row)
        action = service.assign_partner if item.kind == "Partner" else service.assign_type
        self._try(lambda: action(self.store, item.target_id, None), f"{item.target}: plan removed")

    # bonus rules --------------------------------------------------------------------------
    def _bonus_dialog(self, rule: BonusRule | None) -> BonusDialog:
        def save(value: BonusRule, active: bool) -> int:
            saved = service.store_bonus_rule(self.store, value, active=active)
            self._changed(f"Bonus rule '{value.name}' saved", saved.changes)
            self.tabs.setCurrentIndex(2)
            return saved.value

        types = [(tid, name) for name, tid in sorted(self.type_ids.items())]
        active = rule is None or rule.rule_id in self.active_bonus_ids
        dialog = BonusDialog(save, types, rule, active=active, parent=self)
        dialog.accepted.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def new_bonus(self) -> BonusDialog:
        return self._bonus_dialog(None)

    def edit_bonus(self) -> BonusDialog | None:
        row = selected_row(self.bonus_table, self.bonus_proxy)
        return None if row is None else self._bonus_dialog(self.bonus_model.item_at(row))

    def delete_bonus(self) -> None:
        row = selected_row(self.bonus_table, self.bonus_proxy)
        if row is not None:
            rule = self.bonus_model.item_at(row)
            self._try(
                lambda: service.remove_bonus_rule(self.store, rule.rule_id), "Bonus rule deleted"
            )


def partner_label(partner: Any) -> str:
    if partner is None:
        return "(unknown partner)"
    return f"{partner.name} ({partner.primary_code})" if partner.primary_code else partner.name
