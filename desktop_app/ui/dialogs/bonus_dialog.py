"""Add or edit a bonus rule: when a partner reaches a target in the period, pay a fixed amount
and/or an extra percentage of the period's sales."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commissions.plans import BonusMetric, BonusRule
from desktop_app.errors import UserError, ValidationError
from desktop_app.ui.message import user_text
from desktop_app.ui.widgets.forms import error_label, save_cancel

METRICS: list[tuple[BonusMetric, str]] = [
    ("sales", "Sales in the period reach (amount)"),
    ("orders", "Orders in the period reach (count)"),
    ("conversion", "Conversion rate reaches (% of clicks)"),
]
SaveBonus = Callable[[BonusRule, bool], object]


def _number(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text.strip() or "0")
    except InvalidOperation:
        raise ValidationError(field, f"'{text}' is not a number") from None
    if not value.is_finite():
        raise ValidationError(field, f"'{text}' is not a number")
    return value


class BonusDialog(QDialog):
    def __init__(
        self,
        save: SaveBonus,
        partner_types: list[tuple[int, str]],
        rule: BonusRule | None = None,
        *,
        active: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._rule_id = rule.rule_id if rule is not None else 0
        self.saved: object = None
        self.setWindowTitle("Edit bonus rule" if rule else "New bonus rule")
        self.setMinimumWidth(440)
        self.name = QLineEdit(rule.name if rule else "")
        self.name.setPlaceholderText("e.g. Top seller bonus")
        self.metric_picker = QComboBox()
        for metric, label in METRICS:
            self.metric_picker.addItem(label, metric)
        self.threshold = QLineEdit(str(rule.threshold) if rule else "")
        self.fixed = QLineEdit(str(rule.fixed) if rule else "0")
        self.extra_rate = QLineEdit(str(rule.extra_rate) if rule else "0")
        self.partner_type = QComboBox()
        self.partner_type.addItem("All partner types", None)
        for tid, name in partner_types:
            self.partner_type.addItem(name, tid)
        self.active = QCheckBox("Active")
        self.active.setChecked(active)
        if rule is not None:
            self.metric_picker.setCurrentIndex(max(self.metric_picker.findData(rule.metric), 0))
            found = self.partner_type.findData(rule.partner_type_id)
            self.partner_type.setCurrentIndex(max(found, 0))
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&When", self.metric_picker)
        form.addRow("&Threshold", self.threshold)
        form.addRow("&Fixed bonus", self.fixed)
        form.addRow("E&xtra rate %", self.extra_rate)
        form.addRow("Partner t&ype", self.partner_type)
        form.addRow("", self.active)
        self.buttons = save_cancel(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def rule(self) -> BonusRule:
        tid = self.partner_type.currentData()
        return BonusRule(
            rule_id=self._rule_id,
            name=self.name.text(),
            metric=self.metric_picker.currentData(),
            threshold=_number(self.threshold.text(), "threshold"),
            fixed=_number(self.fixed.text(), "fixed"),
            extra_rate=_number(self.extra_rate.text(), "extra_rate"),
            partner_type_id=None if tid is None else int(tid),
        )

    def _accept(self) -> None:
        try:
            self.saved = self._save(self.rule(), self.active.isChecked())
        except UserError as exc:
            self.error.setText(user_text(exc))
            self.error.show()
            return
        self.accept()
