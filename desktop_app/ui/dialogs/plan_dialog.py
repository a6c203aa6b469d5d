"""New plan, or a new version of a plan: name, effective-from date and its rules.

Each rule (the general one, plus optional category-specific ones) is a tier table editor with
a live example. `save(name, effective_from, rules)` does the work; a UserError it raises is
shown in the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commissions.plans import PlanRule
from desktop_app.errors import UserError, ValidationError
from desktop_app.ui.message import user_text
from desktop_app.ui.widgets.forms import error_label, save_cancel
from desktop_app.ui.widgets.tier_editor import TierEditor

SavePlan = Callable[[str, date, tuple[PlanRule, ...]], object]


class PlanDialog(QDialog):
    def __init__(
        self,
        save: SavePlan,
        *,
        currency: str,
        locale: str,
        name: str = "",
        rules: Sequence[PlanRule] = (),
        effective_from: date | None = None,
        new_version_of: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.currency, self.locale_name = currency, locale
        self.saved: object = None
        self.setWindowTitle(
            f"New version of {new_version_of}" if new_version_of else "New commission plan"
        )
        self.setMinimumSize(620, 560)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText("e.g. Tech blogs 2026")
        self.name.setReadOnly(new_version_of is not None)
        start = effective_from or date.today().replace(day=1)
        self.effective_from = QDateEdit(QDate(start.year, start.month, start.day))
        self.effective_from.setCalendarPopup(True)
        self.effective_from.setDisplayFormat("yyyy-MM-dd")
        self.rules = QTabWidget()
        self.rules.setObjectName("planRules")
        self.add_rule_button = QPushButton("Add &category rule")
        self.add_rule_button.setToolTip("Different tiers for one product category")
        self.add_rule_button.clicked.connect(lambda: self.add_rule(None, category=True))
        self.remove_rule_button = QPushButton("Remove rule")
        self.remove_rule_button.clicked.connect(self.remove_current_rule)
        hint = QLabel(
            "Orders use the version in force on their order date. Runs already locked keep "
            "the figures they were calculated with."
        )
        hint.setWordWrap(True)
        self.error = error_label()

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Effective from", self.effective_from)
        rule_buttons = QHBoxLayout()
        rule_buttons.addWidget(self.add_rule_button)
        rule_buttons.addWidget(self.remove_rule_button)
        rule_buttons.addStretch(1)
        self.buttons = save_cancel(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.rules, 1)
        layout.addLayout(rule_buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for rule in rules or (None,):
            self.add_rule(rule)
        self.rules.setCurrentIndex(0)

    def editors(self) -> list[TierEditor]:
        found = [self.rules.widget(i) for i in range(self.rules.count())]
        return [w for w in found if isinstance(w, TierEditor)]

    def add_rule(self, rule: PlanRule | None, *, category: bool = False) -> TierEditor:
        editor = TierEditor(self.currency, self.locale_name)
        editor.set_rule(rule)
        if category and not editor.category.text():
            editor.category.setText("New category")
        index = self.rules.addTab(editor, "")
        editor.category.textChanged.connect(lambda _t: self._title_tabs())
        self._title_tabs()
        self.rules.setCurrentIndex(index)
        self.remove_rule_button.setEnabled(self.rules.count() > 1)
        return editor

    def remove_current_rule(self) -> None:
        if self.rules.count() > 1:
            widget = self.rules.currentWidget()
            self.rules.removeTab(self.rules.currentIndex())
            widget.deleteLater()
            self._title_tabs()
        self.remove_rule_button.setEnabled(self.rules.count() > 1)

    def _title_tabs(self) -> None:
        for i, editor in enumerate(self.editors()):
            category = editor.category.text().strip()
            self.rules.setTabText(i, f"Category: {category}" if category else "All orders")

    def chosen_date(self) -> date:
        qd = self.effective_from.date()
        return date(qd.year(), qd.month(), qd.day())

    def values(self) -> tuple[PlanRule, ...]:
        rules = []
        for number, editor in enumerate(self.editors(), start=1):
            try:
                rules.append(editor.rule())
            except ValidationError as exc:
                self.rules.setCurrentIndex(number - 1)
                raise ValidationError("tiers", f"rule {number}: {exc.detail}") from None
            except ValueError as exc:
                self.rules.setCurrentIndex(number - 1)
                raise ValidationError("tiers", f"rule {number}: {exc}") from None
        categories = [(r.category or "").casefold() for r in rules]
        if len(set(categories)) != len(categories):
            raise ValidationError("rules", "two rules cover the same category")
        return tuple(rules)

    def _accept(self) -> None:
        try:
            name = self.name.text().strip()
            if not name:
                raise ValidationError("name", "give the plan a name")
            self.saved = self._save(name, self.chosen_date(), self.values())
        except UserError as exc:
            self.error.setText(user_text(exc))
            self.error.show()
            return
        self.accept()
