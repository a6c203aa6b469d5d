"""Choose which plan applies to a partner type or to one partner (an override)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

NO_PLAN_TYPE = "No plan (partners of this type earn nothing)"
NO_PLAN_PARTNER = "The plan of the partner's type"


class AssignDialog(QDialog):
    """`targets`: (id, label); `plans`: (plan id, name). `chosen()` → (target id, plan id)."""

    def __init__(
        self,
        kind: str,
        targets: list[tuple[int, str]],
        plans: list[tuple[int, str]],
        *,
        target_id: int | None = None,
        plan_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        partner = kind == "partner"
        self.setWindowTitle("Plan for a partner" if partner else "Plan for a partner type")
        self.setMinimumWidth(420)
        self.target = QComboBox()
        self.target.setEditable(partner)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for tid, label in targets:
            self.target.addItem(label, tid)
        if target_id is not None:
            self.target.setCurrentIndex(max(self.target.findData(target_id), 0))
        self.plan = QComboBox()
        self.plan.addItem(NO_PLAN_PARTNER if partner else NO_PLAN_TYPE, None)
        for pid, name in plans:
            self.plan.addItem(name, pid)
        if plan_id is not None:
            self.plan.setCurrentIndex(max(self.plan.findData(plan_id), 0))
        hint = QLabel(
            "A partner's own plan wins over the plan of its type."
            if partner
            else "Every partner of this type earns by this plan unless it has its own."
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Partner" if partner else "Partner &type", self.target)
        form.addRow("P&lan", self.plan)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        if not targets:
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            hint.setText(
                "There are no partners yet."
                if partner
                else "No partner types yet: give partners a type on the Partners screen first."
            )

    def chosen(self) -> tuple[int, int | None]:
        plan = self.plan.currentData()
        return int(self.target.currentData()), None if plan is None else int(plan)
