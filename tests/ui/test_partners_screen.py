from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop_app.domain.partners import PartnerInput, PartnerStatus
from desktop_app.services import partners
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.partner_dialog import PartnerDialog
from desktop_app.ui.main_window import MainWindow, default_window_size
from desktop_app.ui.screens.partners import PartnersScreen
from tests.ui.picker_input import type_into


def table_rows(screen: PartnersScreen) -> list[list[str]]:
    model = screen.table.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def fill_and_save(qtbot, dialog: PartnerDialog, name: str, codes: str, email: str = "") -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.codes, codes)
    if email:
        qtbot.keyClicks(dialog.email, email)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_add_a_partner_through_the_dialog_and_find_it(qtbot, main_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("partners")
    assert isinstance(screen, PartnersScreen)
    assert screen.stack.currentWidget() is screen.empty  # helpful empty state first

    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(PartnerDialog)
    assert dialog is not None and dialog.isVisible()
    fill_and_save(qtbot, dialog, "GadgetFlow Weekly", "GADGET, GF10", "hi@gadgetflow.example")
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert screen.stack.currentWidget() is screen.table
    assert [row[:5] for row in table_rows(screen)] == [
        ["GADGET, GF10", "GadgetFlow Weekly", "", "none", "Active"]  # no plan covers it yet
    ]
    assert screen.selected_partner() is not None

    # a second partner, then search narrows the table to the match
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    second = next(d for d in screen.findChildren(PartnerDialog) if d.isVisible())
    fill_and_save(qtbot, second, "DealDrop", "DEALDROP")
    qtbot.waitUntil(lambda: not second.isVisible())
    assert len(table_rows(screen)) == 2

    qtbot.keyClicks(screen.search, "gf10")
    assert [row[1] for row in table_rows(screen)] == ["GadgetFlow Weekly"]
    assert "1 partner match the filter" in screen.count_label.text()
    screen.search.clear()
    assert [row[1] for row in table_rows(screen)] == ["DealDrop", "GadgetFlow Weekly"]


def test_invalid_input_keeps_the_dialog_open_and_names_the_field(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("partners")
    assert isinstance(screen, PartnersScreen)
    dialog = screen.add_partner()
    fill_and_save(qtbot, dialog, "Ann", "ANN", "not-an-email")
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Email: 'not-an-email' is not an e-mail address"
    with store.transaction() as session:
        assert partners.list_partners(session) == []


def test_statement_language_is_edited_in_the_dialog(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        made = partners.create_partner(session, PartnerInput("Maison Lumière", ("MAISON",)))
    screen = main_window.show_screen("partners")
    assert isinstance(screen, PartnersScreen)
    screen.refresh()
    screen.table.selectRow(0)
    dialog = screen.edit_selected()
    assert dialog is not None and dialog.statement_locale.value() == ""
    assert dialog.statement_locale.currentText().startswith("The merchant's")
    # a locale that does not exist cannot be chosen: the picker goes back to its choice
    type_into(qtbot, dialog.statement_locale, "fr_XX")
    assert dialog.statement_locale.value() == ""
    assert dialog.statement_locale.currentText().startswith("The merchant's")
    # any part of an entry finds it: its code, or its name in English
    type_into(qtbot, dialog.statement_locale, "french (canada)")
    assert dialog.statement_locale.value() == "fr_CA"
    type_into(qtbot, dialog.statement_locale, "FR_fr")
    assert dialog.statement_locale.value() == "fr_FR"
    assert dialog.statement_locale.currentText() == "French (France) · fr_FR"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with store.transaction() as session:
        assert partners.get_partner(session, made.id).statement_locale == "fr_FR"


def test_terminate_asks_for_confirmation_then_colours_the_status(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as session:
        partners.create_partner(session, PartnerInput("Leaky Coupons", ("LEAK",)))
    screen = main_window.show_screen("partners")
    assert isinstance(screen, PartnersScreen)
    screen.refresh()
    screen.table.selectRow(0)
    dialog = screen.terminate_selected()
    assert dialog is not None
    # Cancel is the default button: pressing Enter does not terminate anyone.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    with store.transaction() as session:
        assert partners.find_by_code(session, "LEAK").status is PartnerStatus.ACTIVE

    dialog = screen.terminate_selected()
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "code leaked")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table_rows(screen)[0][4] == "Terminated")
    index = screen.table.model().index(0, 4)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert not screen.terminate_button.isEnabled()


def test_window_geometry_and_screen_are_restored(qtbot, store: Store, qsettings: QSettings) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(store, qsettings)
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 570)
    first.show_screen("settings")
    first.close()

    second = MainWindow(store, qsettings)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (790, 570)
    assert second.current_screen_key() == "settings"


def test_an_empty_store_leaves_no_column_widths_to_remember(
    qtbot, store: Store, qsettings: QSettings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.store.database import open_store

    empty = open_store(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    try:
        first = MainWindow(empty, qsettings)
        qtbot.addWidget(first)
        first.show()
        first.close()
    finally:
        empty.close()
    assert qsettings.value("partners/header") is None  # never fitted: nothing worth keeping

    with store.transaction() as session:
        partners.create_partner(session, PartnerInput(name="Zoë Media", codes=("ZOE",)))
    second = MainWindow(store, qsettings)  # e.g. the demo store opened from the empty one
    qtbot.addWidget(second)
    second.show()
    table = second.screens["partners"].table
    name = table.model().headerData(1, Qt.Orientation.Horizontal)
    assert name == "Name"
    qtbot.waitUntil(lambda: table.columnWidth(1) >= table.sizeHintForColumn(1))
    second.close()
    assert qsettings.value("partners/header") is not None


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        ((1920, 1040), (1680, 936)),  # a common desktop: roomy, capped
        ((1600, 900), (1440, 810)),  # 90 % of the free area
        ((1366, 768), (1229, 720)),  # a small laptop: never under the compact height…
        ((1366, 728), (1229, 688)),  # …unless the screen, less the title bar, is lower
        ((1024, 600), (1008, 560)),
    ],
)
def test_first_start_window_size_follows_the_screen(
    screen: tuple[int, int], expected: tuple[int, int]
) -> None:
    size = default_window_size(QSize(*screen))
    assert (size.width(), size.height()) == expected


def test_first_start_opens_centred_on_the_screen(qtbot, store: Store, qsettings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.show()
    room = window.screen().availableGeometry()
    wanted = default_window_size(room.size())
    assert (window.width(), window.height()) == (wanted.width(), wanted.height())
    assert room.contains(window.frameGeometry().center())


def test_keyboard_shortcuts_switch_screens_and_focus_search(qtbot, main_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(main_window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_screen_key() == "settings"
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = main_window.screens["partners"]
    assert isinstance(screen, PartnersScreen)
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.hasFocus()
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.findChild(PartnerDialog)
    assert dialog is not None and dialog.isVisible()


def test_flag_a_partner_as_fraud_and_lift_the_flag(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date
    from decimal import Decimal

    from PySide6.QtWidgets import QInputDialog

    from desktop_app.services import payouts
    from desktop_app.ui.dialogs.fraud_dialog import PartnerFraudDialog
    from tests.payout_fixture import make_shop

    shop = make_shop(store, holding_days=0, minimum="0.00")
    shop.order(shop.beta, date(2026, 10, 10), "700.00")
    run = payouts.create_run(store, date(2026, 10, 1), date(2026, 10, 31)).value

    def beta_line() -> tuple[str, Decimal]:
        with store.transaction() as session:
            line = payouts.run_lines(session, run, shop.beta)[0]
        return line.status, line.commission

    screen = main_window.show_screen("partners")
    assert isinstance(screen, PartnersScreen)
    screen.refresh()
    screen.select_partner(shop.beta)
    assert screen.flag_button.isEnabled() and not screen.lift_button.isEnabled()

    qtbot.mouseClick(screen.flag_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(PartnerFraudDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.confirm.isEnabled()  # a reason is required
    qtbot.keyClicks(dialog.reason, "cookie stuffing")
    dialog.terminate.setChecked(True)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.lift_button.isEnabled())
    beta_row = next(r for r in table_rows(screen) if r[1] == "Beta Deals")
    assert "Terminated" in beta_row
    assert not screen.flag_button.isEnabled()
    assert beta_line() == ("withheld", Decimal("70.00"))

    qtbot.mouseClick(screen.lift_button, Qt.MouseButton.LeftButton)
    lift = screen.findChild(QInputDialog, "liftPartnerReason")
    assert lift is not None and "Beta Deals" in lift.labelText()
    lift.setTextValue("wrong partner")
    lift.accept()
    qtbot.waitUntil(lambda: screen.flag_button.isEnabled())
    assert not screen.lift_button.isEnabled()
    assert beta_line() == ("payable", Decimal("70.00"))


def test_the_plan_in_force_is_shown_and_none_stands_out(qtbot, main_window, store: Store) -> None:  # type: ignore[no-untyped-def]
    """Issue 17.2: a partner no plan covers is marked on the Partners screen; a merchant default
    plan covers partners whose type has none."""
    from dataclasses import replace

    from desktop_app.services import merchant
    from tests.payout_fixture import flat_plan

    with store.transaction() as session:
        partners.create_partner(
            session, PartnerInput(name="Blog", codes=("B1",), partner_type="Tech blog")
        )
        partners.create_partner(session, PartnerInput(name="Coupons", codes=("C1",)))
    flat_plan(store, "8", "Tech blog")
    screen = main_window.show_screen("partners")
    screen.refresh()
    plans = {row[1]: row[3] for row in table_rows(screen)}
    assert plans == {"Blog": "Flat 8 %", "Coupons": "none"}
    model = screen.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "Coupons")
    none = model.index(row, 3)
    assert none.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert "earn nothing" in none.data(Qt.ItemDataRole.ToolTipRole)

    with store.transaction() as session:
        profile = merchant.get_profile(session)
        merchant.save_profile(session, replace(profile, default_plan="Flat 8 %"))
    screen.refresh()
    assert {row[1]: row[3] for row in table_rows(screen)} == {
        "Blog": "Flat 8 %",
        "Coupons": "Flat 8 %",
    }


def test_a_wrong_iban_or_bic_is_refused_in_the_dialog_naming_the_field(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain.partners import PayoutMethod

    screen = main_window.show_screen("partners")
    assert isinstance(screen, PartnersScreen)
    dialog = screen.add_partner()
    dialog.payout_method.setCurrentIndex(dialog.payout_method.findData(PayoutMethod.BANK.value))
    assert dialog.payout_bic.isEnabled()
    qtbot.keyClicks(dialog.payout_details, "DE88 3704 0044 0532 0130 00")  # wrong check digits
    fill_and_save(qtbot, dialog, "Dima", "DIMA")
    assert dialog.isVisible()
    assert dialog.error.text().startswith("Payout details: 'DE88 3704 0044 0532 0130 00': the ")
    assert "check digits do not match" in dialog.error.text()
    assert "border" in dialog.payout_details.styleSheet()  # the field is marked
    dialog.payout_details.setText("DE89370400440532013000")
    qtbot.keyClicks(dialog.payout_bic, "COBADEF")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible() and "a BIC has 8 or 11" in dialog.error.text()
    assert dialog.error.text().startswith("Payout bic: ")
    with store.transaction() as session:
        assert partners.list_partners(session) == []
    dialog.payout_bic.setText("COBADEFFXXX")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with store.transaction() as session:
        (saved,) = partners.list_partners(session)
    assert (saved.payout_details, saved.payout_bic) == (
        "DE89 3704 0044 0532 0130 00",
        "COBADEFFXXX",
    )
    # PayPal: an address without a domain is refused; no BIC field
    dialog = screen.add_partner()
    dialog.payout_method.setCurrentIndex(dialog.payout_method.findData(PayoutMethod.PAYPAL.value))
    assert not dialog.payout_bic.isEnabled()
    qtbot.keyClicks(dialog.payout_details, "zoe@example")
    fill_and_save(qtbot, dialog, "Zoe", "ZOE")
    assert dialog.isVisible() and "no domain after the @" in dialog.error.text()
