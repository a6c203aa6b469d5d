"""The ways into the exchange-rates grid: the Settings screen's section, and the message of a
payout run that stopped for a missing rate (with a button that opens the grid on it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop_app.services import rates
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.rates_dialog import RatesDialog


class RatesBox(QGroupBox):
    """The Settings screen's section on exchange rates: how many there are, which are
    missing, and the button to the grid."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Exchange rates", parent)
        self.store = store
        self.summary = QLabel()
        self.summary.setObjectName("ratesBoxSummary")
        self.summary.setWordWrap(True)
        self.button = QPushButton("Exchange &rates…")
        self.button.setObjectName("ratesButton")
        self.button.setToolTip(
            "One rate per currency and month (units of your base currency), typed, pasted "
            "from a spreadsheet or imported from the European Central Bank's file"
        )
        self.button.clicked.connect(self.open_dialog)
        self.dialog: RatesDialog | None = None
        row = QHBoxLayout(self)
        row.addWidget(self.summary, 1)
        row.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        view = rates.load_rates_view(self.store, with_missing=True)
        base, stored, missing = view.base, view.stored, view.missing
        if not stored and not missing:
            self.summary.setText(f"Only {base} so far: nothing to convert.")
            return
        currencies = sorted({r.currency for r in stored} | {m.currency for m in missing})
        listed = ", ".join(currencies)
        text = (
            f"Rates for {listed} ({len(stored)} stored, in {base} per unit). "
            if stored
            else f"No rates yet for {listed}. "
        )
        if missing:
            text += f"{len(missing)} month(s) with orders still need a rate."
        else:
            text += "Every order has a rate."
        self.summary.setText(text)

    def showEvent(self, event: Any) -> None:
        self.refresh()
        super().showEvent(event)

    def open_dialog(self) -> RatesDialog:
        self.dialog = RatesDialog(self.store, self)
        self.dialog.finished.connect(lambda _r: self.refresh())
        self.dialog.open()
        return self.dialog


class MissingRateBox(QMessageBox):
    """A run stopped for a missing rate: the message, and a button that opens the grid on the
    missing cell (`dialog` once it is open)."""

    def __init__(self, parent: QWidget, store: Store, exc: Any, title: str) -> None:
        super().__init__(QMessageBox.Icon.Warning, title, str(exc), parent=parent)
        self.setObjectName("missingRate")
        self.store = store
        self.focus: tuple[str, date] = (exc.currency, exc.month)
        self.dialog: RatesDialog | None = None
        self.opener = self.addButton("Open Exchange &rates…", QMessageBox.ButtonRole.AcceptRole)
        self.opener.setObjectName("openRates")
        self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.opener)
        self.opener.clicked.connect(self.open_rates)

    def open_rates(self) -> RatesDialog:
        self.dialog = RatesDialog(self.store, self.parentWidget(), focus=self.focus)
        self.dialog.open()
        return self.dialog


def ask_for_rate(parent: QWidget, store: Store, exc: Any, title: str) -> MissingRateBox:
    box = MissingRateBox(parent, store, exc, title)
    box.open()
    return box
