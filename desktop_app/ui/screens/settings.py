"""Settings: the merchant profile printed on statements and the program's payout rules."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import parse_rate
from desktop_app.errors import UserError, ValidationError
from desktop_app.services import choices, merchant, partners, plans
from desktop_app.services.changes import Changes
from desktop_app.store.database import Store
from desktop_app.ui.dialogs.mail_settings_dialog import MailServerBox
from desktop_app.ui.dialogs.rates_entry import RatesBox
from desktop_app.ui.events import announce
from desktop_app.ui.message import show_error
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.widgets.pickers import ChoicePicker

CONTENT_WIDTH = 960
NO_DEFAULT_PLAN = "(none: partners without a plan earn nothing)"


class SettingsScreen(Screen):
    # Read each time it is shown, never reloaded under the user's unsaved edits.
    listens_to = Changes.NONE

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.conversion: QInputDialog | None = None
        self.name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(80)
        self.tax_id = QLineEdit()
        self.email = QLineEdit()
        self.iban = QLineEdit()  # the debtor account of SEPA payment files
        self.iban.setObjectName("merchantIban")
        self.iban.setPlaceholderText("your account, paid from in SEPA files")
        self.bic = QLineEdit()
        self.bic.setObjectName("merchantBic")
        self.bic.setMaxLength(14)
        self.bic.setPlaceholderText("optional with an IBAN")
        # pickers over fixed lists: a typo cannot be saved (services.choices checks the same)
        self.currency = ChoicePicker(choices.currency_choices())
        self.currency.setObjectName("baseCurrency")
        self.timezone = ChoicePicker(choices.timezone_choices())
        self.timezone.setObjectName("timeZone")
        self.locale_picker = ChoicePicker(choices.locale_choices())
        self.locale_picker.setObjectName("locale")
        self.logo = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.footer = QPlainTextEdit()
        self.footer.setFixedHeight(60)
        self.page_size = QComboBox()
        self.page_size.addItems(list(merchant.PAGE_SIZES))
        self.page_size.setFixedWidth(120)
        self.holding_days = QSpinBox()
        self.holding_days.setRange(0, 365)
        self.holding_days.setSuffix(" days")
        self.holding_days.setFixedWidth(120)  # short values: no field across the whole screen
        self.minimum = QLineEdit()
        self.minimum.setFixedWidth(120)
        for field in (self.currency, self.timezone, self.locale_picker):
            field.setMaximumWidth(320)
        self.default_plan = QComboBox()
        self.default_plan.setObjectName("defaultPlan")
        self.default_plan.setToolTip(
            "The plan that pays partners whose type has no plan (and who have none of their "
            "own). With none, such partners earn nothing, and runs list them."
        )
        self.default_type = QComboBox()
        self.default_type.setObjectName("defaultPartnerType")
        self.default_type.setEditable(True)
        self.default_type.setToolTip("The partner type given to partners an import creates")
        for combo in (self.default_plan, self.default_type):
            combo.setMaximumWidth(320)

        profile = QGroupBox("Merchant (printed on every statement)")
        form = QFormLayout(profile)
        form.addRow("&Name", self.name)
        form.addRow("&Address", self.address)
        form.addRow("&Tax id", self.tax_id)
        form.addRow("&E-mail", self.email)
        form.addRow("I&BAN", self.iban)
        form.addRow("Your ban&k's BIC", self.bic)
        logo_label = QLabel("&Logo")
        logo_label.setBuddy(self.logo)  # a row of two widgets has no buddy of its own
        form.addRow(logo_label, logo_row)
        form.addRow("Statement &footer", self.footer)

        rules = QGroupBox("Payouts")
        rules_form = QFormLayout(rules)
        rules_form.addRow("Base &currency", self.currency)
        rules_form.addRow("&Holding period", self.holding_days)
        rules_form.addRow("&Minimum payout", self.minimum)
        rules_form.addRow("Time &zone", self.timezone)
        rules_form.addRow("Statement language and &formats (locale)", self.locale_picker)
        self.locale_picker.setToolTip(
            "Type to search, e.g. 'german' or 'es_MX': statements are written in English, "
            "German, French or Spanish with that country's number and date formats (en_DE: "
            "English words, German formats)"
        )
        rules_form.addRow("Statement &paper", self.page_size)
        rules_form.addRow("Default &plan", self.default_plan)
        rules_form.addRow("Type of partners an &import creates", self.default_type)

        self.status = QLabel()
        self.save_button = QPushButton("&Save settings")
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        store_label = QLabel(f"Store: {store.description}")
        store_label.setObjectName("storeLabel")
        store_label.setTextInteractionFlags(store_label.textInteractionFlags())

        # one readable column, not fields across a wide screen
        content = QWidget()
        content.setObjectName("settingsContent")
        content.setMaximumWidth(CONTENT_WIDTH)
        # a short window (a 1366×768 laptop) scrolls the form rather than squeezing its fields
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)  # takes what is left beyond the content's maximum width
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        # Save stays in sight below the form, in the form's column
        actions = QWidget()
        actions.setObjectName("settingsActions")
        actions.setMaximumWidth(CONTENT_WIDTH)
        actions.setLayout(bottom)
        bottom.setContentsMargins(9, 4, 9, 6)
        actions_row = QHBoxLayout()
        actions_row.setContentsMargins(0, 0, 0, 0)
        actions_row.addWidget(actions, 1)
        actions_row.addStretch(0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addLayout(actions_row)
        layout = QVBoxLayout(content)
        layout.addWidget(profile)
        layout.addWidget(rules)
        self.mail_box = MailServerBox(self)
        layout.addWidget(self.mail_box)
        self.rates_box = RatesBox(store, self)
        layout.addWidget(self.rates_box)
        layout.addWidget(store_label)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        p = merchant.load_profile(self.store)
        self.name.setText(p.name)
        self.address.setPlainText(p.address)
        self.tax_id.setText(p.tax_id)
        self.email.setText(p.email)
        self.iban.setText(p.iban)
        self.bic.setText(p.bic)
        self.currency.set_value(p.base_currency)
        self.timezone.set_value(p.timezone)
        self.locale_picker.set_value(p.locale)
        self.logo.setText(p.logo_path)
        self.footer.setPlainText(p.statement_footer)
        self.page_size.setCurrentText(p.page_size)
        self.holding_days.setValue(p.holding_days)
        self.minimum.setText(str(p.minimum_payout))
        plan_names = plans.load_plan_names(self.store)
        type_names = partners.load_partner_types(self.store)
        self.default_plan.clear()
        self.default_plan.addItem(NO_DEFAULT_PLAN, "")
        for name in plan_names:
            self.default_plan.addItem(name, name)
        self.default_plan.setCurrentIndex(max(self.default_plan.findData(p.default_plan), 0))
        self.default_type.clear()
        self.default_type.addItems(["", *type_names])
        self.default_type.setCurrentText(p.default_partner_type)
        self.status.clear()

    def _browse_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Logo", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.logo.setText(path)

    def save(self) -> None:
        try:
            minimum = Decimal(self.minimum.text().strip() or "0")
        except ArithmeticError:
            show_error(self, "Settings", ValidationError("minimum_payout", "not an amount"))
            return
        current = merchant.load_profile(self.store)
        profile = replace(
            current,
            name=self.name.text(),
            address=self.address.toPlainText(),
            tax_id=self.tax_id.text(),
            email=self.email.text(),
            iban=self.iban.text(),
            bic=self.bic.text(),
            base_currency=self.currency.value(),
            timezone=self.timezone.value(),
            locale=self.locale_picker.value(),
            logo_path=self.logo.text().strip(),
            statement_footer=self.footer.toPlainText(),
            page_size=self.page_size.currentText(),
            holding_days=self.holding_days.value(),
            minimum_payout=minimum,
            default_plan=str(self.default_plan.currentData() or ""),
            default_partner_type=self.default_type.currentText().strip(),
        )
        held = (
            merchant.held_in_base_currency(self.store)
            if profile.base_currency.upper() != current.base_currency
            else []
        )
        if held:
            self.conversion = self._ask_conversion(profile, current.base_currency, held)
            return
        self._save(profile)

    def _save(self, profile: merchant.MerchantProfile, convert_at: Decimal | None = None) -> None:
        try:
            changes = merchant.store_profile(self.store, profile, convert_at=convert_at)
        except UserError as exc:
            show_error(self, "Settings", exc)
            return
        self.status.setText("Saved.")
        announce(changes, self)  # other screens show the new currency; the guide ticks it

    def _ask_conversion(
        self, profile: merchant.MerchantProfile, old: str, held: list[str]
    ) -> QInputDialog:
        """A new base currency while money is held in the old one: never relabel, convert at
        a rate the merchant states (or cancel and keep the old currency)."""
        new = profile.base_currency.upper()
        dialog = QInputDialog(self)
        dialog.setObjectName("currencyConversion")
        dialog.setWindowTitle("Change the base currency")
        dialog.setLabelText(
            f"The store holds {', '.join(held)} in {old}.\n"
            f"Balances carried over, held commission and pending adjustments will be converted "
            f"to {new}, and unpaid {old} orders will convert at the same rate.\n\n"
            f"How many {new} is 1 {old}?"
        )
        dialog.setInputMode(QInputDialog.InputMode.TextInput)

        def convert(text: str) -> None:
            try:
                rate = parse_rate(text, field="convert_at")
            except ValidationError as exc:
                show_error(self, "Settings", exc)
                return
            self._save(profile, rate)

        dialog.textValueSelected.connect(convert)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog
