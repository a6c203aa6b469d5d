"""Commission plans: the plan list, each plan's dated versions with their tier tables,
who the plan applies to (partner types, per-partner overrides) and the bonus rules.

Plans are edited in PlanDialog, whose tier editor shows a live example computed by the
engine. A plan change never alters a locked payout run; a draft picks it up when recalculated.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.commissions.plans import PlanRule
from desktop_app.errors import UserError
from desktop_app.services import plans as service
from desktop_app.services import plans_import
from desktop_app.services.changes import Changes
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.plan_dialog import PlanDialog
from desktop_app.ui.events import announce
from desktop_app.ui.message import confirm_destructive, show_error
from desktop_app.ui.models.plans_model import (
    AssignmentItem,
    AssignmentsTableModel,
    BonusRulesTableModel,
    PlanItem,
    PlansTableModel,
    VersionsTableModel,
)
from desktop_app.ui.screens.plan_assignments import PlanAssignments, partner_label
from desktop_app.ui.widgets.tables import make_table, selected_row

EMPTY_HINT = (
    "No plans yet: <b>New plan…</b> sets up tiers (e.g. 5 % under 50.00, 7 % from 50.00), "
    "then assign the plan to a partner type on the <i>Applies to</i> tab."
)


class PlansScreen(PlanAssignments):
    listens_to = Changes.PLANS | Changes.PARTNERS | Changes.SETTINGS

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.currency, self.locale_name = "USD", "en_US"
        self.type_ids: dict[str, int] = {}
        self.active_bonus_ids: set[int] = set()

        self.plans_model = PlansTableModel()
        self.plans_table, self.plans_proxy = make_table(self.plans_model, "plansTable")
        self.plans_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.versions_model = VersionsTableModel()
        self.versions_table, self.versions_proxy = make_table(self.versions_model, "versions")
        self.versions_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.assign_model = AssignmentsTableModel()
        self.assign_table, self.assign_proxy = make_table(self.assign_model, "assignments")
        self.bonus_model = BonusRulesTableModel()
        self.bonus_table, self.bonus_proxy = make_table(self.bonus_model, "bonusRules")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search plans, terms or who they apply to  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.plans_proxy.setFilterFixedString)
        self.new_button = self._button("&New plan…", self.new_plan)
        self.version_button = self._button("New &version…", self.new_version)
        self.edit_button = self._button("&Edit version…", self.edit_version)
        self.delete_version_button = self._button("Delete version…", self.delete_version)
        self.rename_button = self._button("Rena&me…", self.rename_plan)
        self.delete_button = self._button("&Delete plan…", self.delete_plan)
        self.import_button = self._button("&Import…", self.import_plans)
        self.import_button.setToolTip("Plans, assignments and bonus rules from a TOML/JSON file")
        self.type_button = self._button("Plan for a partner &type…", self.assign_type)
        self.partner_button = self._button("Plan for a &partner…", self.assign_partner)
        self.unassign_button = self._button("&Remove", self.remove_assignment)
        self.bonus_new = self._button("New &bonus rule…", self.new_bonus)
        self.bonus_edit = self._button("Edit…", self.edit_bonus)
        self.bonus_delete = self._button("Delete", self.delete_bonus)
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)

        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        for widget in (
            self.new_button,
            self.rename_button,
            self.delete_button,
            self.import_button,
        ):
            tools.addWidget(widget)

        self.tabs = QTabWidget()
        self.tabs.addTab(
            self._panel(
                self.versions_table,
                self.version_button,
                self.edit_button,
                self.delete_version_button,
            ),
            "&Versions",
        )
        self.tabs.addTab(
            self._panel(
                self.assign_table, self.type_button, self.partner_button, self.unassign_button
            ),
            "&Applies to",
        )
        self.tabs.addTab(self._panel(self.bonus_table, self.bonus_new, self.bonus_edit,
                                     self.bonus_delete), "&Bonus rules")  # fmt: skip
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plans_table, 1)
        left_layout.addWidget(self.hint)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(left)
        self.split.addWidget(self.tabs)
        self.split.setSizes([320, 320])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.split, 1)

        self.plans_table.selectionModel().selectionChanged.connect(lambda *_: self._load_plan())
        self.versions_table.doubleClicked.connect(lambda _i: self.edit_version())
        self.bonus_table.doubleClicked.connect(lambda _i: self.edit_bonus())
        self.assign_table.doubleClicked.connect(lambda _i: self._edit_assignment())
        for table in (self.versions_table, self.assign_table, self.bonus_table):
            table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    @staticmethod
    def _button(text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: slot())
        return button

    @staticmethod
    def _panel(table: QWidget, *buttons: QPushButton) -> QWidget:
        panel = QWidget()
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(panel)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return panel

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_plan()
        today = date.today()
        view = service.load_plans_view(self.store)
        profile, infos, book, rules = view.profile, view.plans, view.book, view.bonus_rules
        active, types, partners = view.active_bonus_ids, view.type_ids, view.partners
        self.currency, self.locale_name = profile.base_currency, profile.locale
        self.type_ids = types
        items = [PlanItem(info, info.version_on(today)) for info in infos]
        self.plans_model.set_items(items, self.currency, self.locale_name)
        names = {info.id: info.name for info in infos}
        assignments = [
            AssignmentItem("Partner type", tid, name, book.by_type.get(tid), "")
            for name, tid in sorted(types.items(), key=lambda t: t[0].casefold())
        ] + [
            AssignmentItem("Partner", pid, partner_label(partners.get(pid)), plan_id, "")
            for pid, plan_id in book.by_partner.items()
        ]
        assignments = [
            AssignmentItem(a.kind, a.target_id, a.target, a.plan_id, names.get(a.plan_id or -1, ""))
            for a in assignments
        ]
        self.assign_model.set_items(assignments, self.currency, self.locale_name)
        self.active_bonus_ids = active
        self.bonus_model.active_ids = active
        self.bonus_model.type_names = {tid: name for name, tid in types.items()}
        self.bonus_model.set_items(rules, self.currency, self.locale_name)
        self.hint.setVisible(not infos)
        if infos:
            self.select_plan(keep.plan_id if keep is not None else items[0].plan_id)
        self._load_plan()

    def selected_plan(self) -> PlanItem | None:
        row = selected_row(self.plans_table, self.plans_proxy)
        return None if row is None else self.plans_model.item_at(row)

    def select_plan(self, plan_id: int) -> None:
        row = self.plans_model.row_of(plan_id)
        if row >= 0:
            index = self.plans_proxy.mapFromSource(self.plans_model.index(row, 0))
            self.plans_table.selectRow(index.row())

    def selected_version(self) -> Any:
        row = selected_row(self.versions_table, self.versions_proxy)
        return None if row is None else self.versions_model.item_at(row)

    def _load_plan(self) -> None:
        item = self.selected_plan()
        versions = list(item.info.versions) if item is not None else []
        self.versions_model.set_items(versions, self.currency, self.locale_name)
        if item is not None and versions:
            current = item.current or item.latest
            if current is not None:
                row = self.versions_model.row_of(current.id)
                index = self.versions_proxy.mapFromSource(self.versions_model.index(row, 0))
                self.versions_table.selectRow(index.row())
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.selected_plan()
        for button in (self.version_button, self.rename_button, self.delete_button):
            button.setEnabled(plan is not None)
        self.edit_button.setEnabled(self.selected_version() is not None)
        self.delete_version_button.setEnabled(self.selected_version() is not None)
        self.type_button.setEnabled(bool(self.type_ids) and self.plans_model.rowCount() > 0)
        self.partner_button.setEnabled(self.plans_model.rowCount() > 0)
        row = selected_row(self.assign_table, self.assign_proxy)
        has_plan = row is not None and self.assign_model.item_at(row).plan_id is not None
        self.unassign_button.setEnabled(has_plan)
        has_bonus = selected_row(self.bonus_table, self.bonus_proxy) is not None
        self.bonus_edit.setEnabled(has_bonus)
        self.bonus_delete.setEnabled(has_bonus)

    def _changed(self, message: str, changes: Changes, plan_id: int | None = None) -> None:
        """Show here what a plans command did and announce what it `changes`."""
        self.refresh()
        if plan_id is not None:
            self.select_plan(plan_id)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 6000)
        announce(changes, self)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # plans and versions -------------------------------------------------------------------
    def _plan_dialog(self, save: Any, **kwargs: Any) -> PlanDialog:
        dialog = PlanDialog(
            save, currency=self.currency, locale=self.locale_name, parent=self, **kwargs
        )
        dialog.accepted.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def new_plan(self) -> PlanDialog:
        def save(name: str, start: date, rules: tuple[PlanRule, ...]) -> int:
            created = service.new_plan(self.store, name, start, rules)
            self._changed(f"Plan '{name}' created", created.changes, created.value)
            return created.value

        return self._plan_dialog(save)

    def new_version(self) -> PlanDialog | None:
        item = self.selected_plan()
        if item is None:
            return None
        base = item.latest

        def save(_name: str, start: date, rules: tuple[PlanRule, ...]) -> int:
            added = service.new_version(self.store, item.plan_id, start, rules)
            message = f"New version of '{item.info.name}' from {start}"
            self._changed(message, added.changes, item.plan_id)
            return added.value

        return self._plan_dialog(
            save,
            name=item.info.name,
            rules=base.rules if base is not None else (),
            new_version_of=item.info.name,
        )

    def edit_version(self) -> PlanDialog | None:
        item, version = self.selected_plan(), self.selected_version()
        if item is None or version is None:
            return None

        def save(_name: str, start: date, rules: tuple[PlanRule, ...]) -> int:
            saved = service.save_version(self.store, version.id, rules, effective_from=start)
            message = f"Version {version.version} of '{item.info.name}' saved"
            self._changed(message, saved, item.plan_id)
            return int(version.id)

        dialog = self._plan_dialog(
            save,
            name=item.info.name,
            rules=version.rules,
            effective_from=version.effective_from,
            new_version_of=item.info.name,
        )
        dialog.setWindowTitle(f"Version {version.version} of {item.info.name}")
        return dialog

    def delete_version(self) -> QMessageBox | None:
        item, version = self.selected_plan(), self.selected_version()
        if item is None or version is None:
            return None
        return confirm_destructive(
            self,
            "Delete plan version",
            f"Delete version {version.version} of <b>{item.info.name}</b> (from "
            f"{version.effective_from})?<br>Orders from that date then use the version before "
            "it. Locked payout runs keep their figures; a draft changes when recalculated.",
            "Delete version",
            lambda: self._try(
                lambda: service.remove_version(self.store, version.id),
                f"Version {version.version} of '{item.info.name}' deleted",
            ),
            name="deleteVersion",
        )

    def rename_plan(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        item = self.selected_plan()
        if item is None:
            return
        name, ok = QInputDialog.getText(self, "Rename plan", "New name:", text=item.info.name)
        if ok:
            self._try(lambda: service.rename_plan(self.store, item.plan_id, name), "Plan renamed")

    def delete_plan(self) -> QMessageBox | None:
        item = self.selected_plan()
        if item is None:
            return None
        return confirm_destructive(
            self,
            "Delete plan",
            f"Delete the plan <b>{item.info.name}</b> with its {len(item.info.versions)} "
            f"version(s)?<br>Partners it applies to ({item.assigned}) then earn nothing until "
            "they get another plan. Locked payout runs keep their figures.",
            "Delete plan",
            lambda: self._try(
                lambda: service.remove_plan(self.store, item.plan_id), "Plan deleted"
            ),
        )

    def import_plans(self, path: str | None = None) -> object:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import plans", "", "Plan files (*.toml *.json);;All files (*)"
            )
        if not path:
            return None
        try:
            summary = plans_import.import_plans(self.store, Path(path))
        except UserError as exc:
            show_error(self, "Import plans", exc)
            return None
        self._changed(f"Plans imported from {Path(path).name}", summary.changes)
        return summary

    def _try(self, command: Callable[[], Changes], message: str) -> bool:
        try:
            changes = command()
        except UserError as exc:
            show_error(self, "Commission plans", exc)
            return False
        self._changed(message, changes)
        return True

    # layout memory ------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("plans/split", self.split.saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("plans/split")
        if state is not None:
            self.split.restoreState(state)
