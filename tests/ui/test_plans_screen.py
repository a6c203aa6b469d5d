"""The Commission plans screen and its tier editor, driven through real widgets.

Worked example used below (order_amount basis): tier 1 from 0.00 at 5 %, tier 2 from 100.00.
An order of 120.00 reaches tier 2: whole mode → 120.00 × rate; marginal → 5 % × 100.00 + rate
× 20.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from desktop_app.domain.commissions.plans import TierBasis, TierMode
from desktop_app.domain.partners import PartnerInput
from desktop_app.services import partners, plans
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.assign_dialog import AssignDialog
from desktop_app.ui.dialogs.bonus_dialog import BonusDialog
from desktop_app.ui.dialogs.plan_dialog import PlanDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.plans import PlansScreen
from desktop_app.ui.widgets.tier_editor import TierEditor


def type_into_cell(qtbot, editor: TierEditor, row: int, column: int, text: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    index = editor.model.index(row, column)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    (cell,) = [w for w in editor.table.findChildren(QLineEdit) if w.isVisible()]
    cell.selectAll()
    qtbot.keyClicks(cell, text)
    return cell


def test_tier_editor_example_follows_the_typing(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = TierEditor("USD", "en_US")
    qtbot.addWidget(editor)
    editor.show()
    assert editor.example.text() == "An order of $120.00 earns $6.00 (tier 1, 0.00 and over: 5 %)."

    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)  # from 100 at 5 %
    cell = type_into_cell(qtbot, editor, 1, 1, "7")
    # still typing (editor open): the example is already recomputed
    assert cell.isVisible()
    assert editor.example.text() == (
        "An order of $120.00 earns $8.40 (tier 2, 100.00 and over: 7 %)."
    )
    qtbot.keyClicks(cell, ".5")  # 120.00 × 7.5 % = 9.00
    assert editor.example.text().startswith("An order of $120.00 earns $9.00")
    qtbot.keyClick(cell, Qt.Key.Key_Return)

    # marginal: 5 % × 100.00 + 7.5 % × 20.00 = 5.00 + 1.50 = 6.50
    editor.mode.setCurrentIndex(editor.mode.findData(TierMode.MARGINAL.value))
    assert editor.example.text() == (
        "An order of $120.00 earns $6.50 (5 % × 100.00 + 7.5 % × 20.00)."
    )
    # the example amount is editable too: exactly on the boundary, 100.00 × 7.5 % whole
    editor.mode.setCurrentIndex(editor.mode.findData(TierMode.WHOLE.value))
    editor.example_amount.clear()
    qtbot.keyClicks(editor.example_amount, "100")
    assert editor.example.text().startswith("An order of $100.00 earns $7.50 (tier 2")

    # a bad value is named and the example waits for a fix
    type_into_cell(qtbot, editor, 1, 0, "0")
    assert editor.problem.text() == "Tier 2, from: must be above the tier before it (0)"
    assert editor.example.text() == "Fix the tiers to see an example."
    assert editor.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    type_into_cell(qtbot, editor, 1, 0, "50")
    assert editor.problem.text() == ""
    rule = editor.rule()
    assert [(t.lower, t.rate) for t in rule.tiers] == [
        (Decimal("0"), Decimal("5")),
        (Decimal("50"), Decimal("7.5")),
    ]


def test_period_orders_example_uses_the_order_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = TierEditor("USD", "en_US")
    qtbot.addWidget(editor)
    editor.show()
    editor.basis.setCurrentIndex(editor.basis.findData(TierBasis.PERIOD_ORDERS.value))
    editor.add_tier()  # from 10 orders at 5 %
    type_into_cell(qtbot, editor, 1, 1, "10")
    # 12 orders reach tier 2 (10 and over): whole → 12 × 120.00 × 10 % = 144.00
    assert editor.example.text().startswith("12 orders of $120.00 in the period earn $144.00")
    editor.example_orders.setValue(9)  # 9 × 120.00 × 5 % = 54.00
    assert editor.example.text().startswith("9 orders of $120.00 in the period earn $54.00")


def test_create_a_plan_assign_it_and_add_a_version(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        partners.create_partner(
            session, PartnerInput("Alpha Blog", ("ALPHA",), partner_type="Tech blog")
        )
    screen = main_window.show_screen("plans")
    assert isinstance(screen, PlansScreen)
    assert screen.hint.isVisible()

    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(PlanDialog)
    assert dialog is not None and dialog.isVisible()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Name: give the plan a name"
    qtbot.keyClicks(dialog.name, "Tech blogs")
    dialog.effective_from.setDate(QDate(2026, 1, 1))
    editor = dialog.editors()[0]
    editor.add_tier()
    type_into_cell(qtbot, editor, 1, 1, "8")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert screen.plans_model.rowCount() == 1
    item = screen.selected_plan()
    assert item is not None and item.info.name == "Tech blogs"
    terms = screen.plans_table.model().index(0, 4).data()
    assert terms == "order amount, whole: 5 % on 0.00 – 100.00, 8 % on 100.00 and over"
    assert not screen.hint.isVisible()

    # assign it to the partner type
    assign = screen.assign_type()
    assert isinstance(assign, AssignDialog)
    assert assign.target.currentText() == "Tech blog" and assign.plan.currentText() == "Tech blogs"
    qtbot.mouseClick(
        assign.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: "type Tech blog" in screen.plans_table.model().index(0, 3).data())
    with store.transaction() as session:
        book = plans.plan_book(session)
        alpha = partners.find_by_code(session, "ALPHA")
        found = book.plan_for(alpha.id, next(iter(book.by_type)))
    assert found is not None and found.name == "Tech blogs"

    # a new version from July: starts from the latest terms
    version = screen.new_version()
    assert version is not None
    assert version.name.isReadOnly()
    version.effective_from.setDate(QDate(2026, 7, 1))
    type_into_cell(qtbot, version.editors()[0], 1, 1, "9")
    qtbot.mouseClick(
        version.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: screen.versions_model.rowCount() == 2)
    with store.transaction() as session:
        (info,) = plans.list_plans(session)
    july = info.version_on(date(2026, 7, 15))
    assert july is not None and july.rules[0].tiers[1].rate == Decimal("9")
    spring = info.version_on(date(2026, 3, 1))
    assert spring is not None and spring.rules[0].tiers[1].rate == Decimal("8")

    # delete the July version again, confirming
    july_row = [
        screen.versions_table.model().index(r, 0).data()
        for r in range(screen.versions_table.model().rowCount())
    ].index("2")
    screen.versions_table.selectRow(july_row)
    box = screen.delete_version()
    assert box is not None and "Delete version 2" in box.text()
    delete = next(b for b in box.buttons() if b.text() == "Delete version")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.versions_model.rowCount() == 1)


def test_bonus_rule_dialog_saves_a_rule(qtbot, main_window: MainWindow, store: Store) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("plans")
    assert isinstance(screen, PlansScreen)
    dialog = screen.new_bonus()
    assert isinstance(dialog, BonusDialog)
    qtbot.keyClicks(dialog.name, "Top seller")
    qtbot.keyClicks(dialog.threshold, "5000")
    dialog.fixed.setText("0")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "fixed amount or an extra rate" in dialog.error.text()
    dialog.fixed.setText("100.00")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.bonus_model.rowCount() == 1)
    shown = [screen.bonus_table.model().index(0, c).data() for c in range(5)]
    assert shown == ["Top seller", "Sales", "5000", "100.00 fixed", "All types"]

    # deactivate it: the list says so and editing keeps it inactive
    screen.bonus_table.selectRow(0)
    edit = screen.edit_bonus()
    assert edit is not None and edit.active.isChecked()
    edit.active.setChecked(False)
    qtbot.mouseClick(
        edit.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(
        lambda: screen.bonus_table.model().index(0, 0).data() == "Top seller (inactive)"
    )
    screen.bonus_table.selectRow(0)
    again = screen.edit_bonus()
    assert again is not None and not again.active.isChecked()
    again.reject()


def test_partner_override_can_be_set_and_removed(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        alpha = partners.create_partner(session, PartnerInput("Alpha Blog", ("ALPHA",)))
        plan_id = plans.create_plan(session, "VIP")
        rule = plans.make_rule("order_amount", "whole", [(Decimal(0), Decimal(12), Decimal(0))])
        plans.add_version(session, plan_id, date(2026, 1, 1), [rule])
    screen = main_window.show_screen("plans")
    assert isinstance(screen, PlansScreen)
    screen.refresh()
    dialog = screen.assign_partner()
    assert dialog.target.currentText() == "Alpha Blog (ALPHA)"
    assert dialog.plan.currentText() == "VIP"  # the selected plan is offered
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: screen.assign_model.rowCount() == 1)
    assert [screen.assign_table.model().index(0, c).data() for c in range(3)] == [
        "Partner",
        "Alpha Blog (ALPHA)",
        "VIP",
    ]
    with store.transaction() as session:
        assert plans.plan_book(session).by_partner == {alpha.id: plan_id}

    screen.tabs.setCurrentIndex(1)
    screen.assign_table.selectRow(0)
    assert screen.unassign_button.isEnabled()
    qtbot.mouseClick(screen.unassign_button, Qt.MouseButton.LeftButton)
    with store.transaction() as session:
        assert plans.plan_book(session).by_partner == {}
