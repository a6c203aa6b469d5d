from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.services import merchant
from desktop_app.store.database import Store
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.screens.settings import SettingsScreen
from tests.ui.picker_input import type_into


def test_settings_are_saved_to_the_store(qtbot, main_window: MainWindow, store: Store) -> None:  # type: ignore[no-untyped-def]
    screen = main_window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    screen.name.clear()
    qtbot.keyClicks(screen.name, "Lumen & Oak")
    screen.minimum.clear()
    qtbot.keyClicks(screen.minimum, "75.25")
    screen.holding_days.setValue(14)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.status.text() == "Saved."
    with store.transaction() as session:
        profile = merchant.get_profile(session)
    assert (profile.name, profile.minimum_payout, profile.holding_days) == (
        "Lumen & Oak",
        Decimal("75.25"),
        14,
    )


def test_currency_time_zone_and_locale_are_picked_from_their_lists(
    qtbot, main_window: MainWindow, store: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 21: pickers, not text. A code that is not in the list cannot be chosen (the
    picker goes back to its choice); any part of an entry finds it."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    screen = main_window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    assert screen.currency.currentText() == "USD — US Dollar ($)"
    type_into(qtbot, screen.currency, "XYZ")
    assert screen.currency.value() == "USD"
    assert screen.currency.currentText() == "USD — US Dollar ($)"
    type_into(qtbot, screen.currency, "swiss franc")
    assert screen.currency.value() == "CHF"
    type_into(qtbot, screen.timezone, "Europe/Berln")
    assert screen.timezone.value() == "UTC"
    type_into(qtbot, screen.timezone, "zurich")
    assert screen.timezone.value() == "Europe/Zurich"
    type_into(qtbot, screen.locale_picker, "es_XX")
    assert screen.locale_picker.value() == "en_US"
    type_into(qtbot, screen.locale_picker, "German (Switzerland)")
    assert screen.locale_picker.value() == "de_CH"
    # the lists are the services' lists, with names and symbols
    assert screen.locale_picker.findText("Spanish (Mexico) · es_MX") >= 0
    assert screen.currency.findText("EUR — Euro (€)") >= 0
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert shown == []
    with store.transaction() as session:
        profile = merchant.get_profile(session)
    assert (profile.base_currency, profile.timezone, profile.locale) == (
        "CHF",
        "Europe/Zurich",
        "de_CH",
    )


def test_a_wide_window_keeps_the_form_one_readable_column(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.screens.settings import CONTENT_WIDTH

    screen = SettingsScreen(store)
    qtbot.addWidget(screen)
    screen.resize(1800, 800)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.waitUntil(lambda: screen.name.width() > 0)
    right_edge = screen.save_button.mapTo(screen, screen.save_button.rect().topRight()).x()
    assert CONTENT_WIDTH - 40 <= right_edge <= CONTENT_WIDTH  # grows to the column, no further
    assert screen.name.width() < CONTENT_WIDTH
    screen.resize(700, 800)  # a narrow window: the column shrinks with it
    qtbot.waitUntil(
        lambda: screen.save_button.mapTo(screen, screen.save_button.rect().topRight()).x() <= 700
    )


def test_a_new_base_currency_with_money_held_asks_for_the_conversion_rate(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    """Issue 16.3 in the app: the store holds an order in USD; JPY is only saved at a rate the
    merchant types, and the store then records the conversion."""
    from datetime import date

    from desktop_app.store.models import BaseCurrencyChangeRow
    from tests.payout_fixture import make_shop

    shop = make_shop(store)
    shop.order(shop.alpha, date(2026, 10, 5), "10.00")
    screen = main_window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    screen.refresh()
    type_into(qtbot, screen.currency, "JPY")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    dialog = screen.conversion
    assert dialog is not None and dialog.isVisible()
    assert (
        "holds 1 order(s)" in dialog.labelText() and "How many JPY is 1 USD?" in dialog.labelText()
    )
    with store.transaction() as session:
        assert merchant.get_profile(session).base_currency == "USD"  # nothing saved yet
    dialog.setTextValue("150")
    dialog.accept()
    assert screen.status.text() == "Saved."
    with store.transaction() as session:
        assert merchant.get_profile(session).base_currency == "JPY"
        change = session.query(BaseCurrencyChangeRow).one()
        assert (change.from_currency, change.to_currency, change.rate) == (
            "USD",
            "JPY",
            Decimal("150"),
        )


def test_default_plan_and_import_type_are_chosen_in_settings(
    qtbot, main_window: MainWindow, store: Store
) -> None:  # type: ignore[no-untyped-def]
    """Issue 17.2: the default plan is picked from the store's plans, the type given to
    partners an import creates is typed or picked."""
    from tests.payout_fixture import flat_plan

    with store.transaction() as session:
        from desktop_app.services import partners

        partners.ensure_type(session, "Tech blog")
    flat_plan(store, "6")
    screen = main_window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    screen.refresh()
    assert screen.default_plan.currentText().startswith("(none")
    screen.default_plan.setCurrentIndex(screen.default_plan.findData("Flat 6 %"))
    screen.default_type.setCurrentText("Influencer")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.status.text() == "Saved."
    with store.transaction() as session:
        profile = merchant.get_profile(session)
    assert (profile.default_plan, profile.default_partner_type) == ("Flat 6 %", "Influencer")


def test_the_merchant_account_for_sepa_files_is_checked_and_saved(
    qtbot, main_window: MainWindow, store: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    screen = main_window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    qtbot.keyClicks(screen.iban, "DE02 1203 0000 0000 2020 52")  # wrong check digits
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "check digits do not match" in shown[0]
    screen.iban.setText("de02120300000000202051")
    qtbot.keyClicks(screen.bic, "BYLADEM1001")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.status.text() == "Saved."
    with store.transaction() as session:
        profile = merchant.get_profile(session)
    assert (profile.iban, profile.bic) == ("DE02 1203 0000 0000 2020 51", "BYLADEM1001")
