"""Add or edit a partner. Validation happens in the service; errors show next to the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.partners import Partner, PartnerInput, PayoutMethod
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.choices import locale_choices
from desktop_app.ui.widgets.forms import error_label
from desktop_app.ui.widgets.pickers import ChoicePicker

PAYOUT_CHOICES = [
    (PayoutMethod.BANK, "Bank transfer"),
    (PayoutMethod.PAYPAL, "PayPal"),
    (PayoutMethod.OTHER, "Other"),
]

SaveFunction = Callable[[PartnerInput], Changed[Partner]]  # a partners command


class PartnerDialog(QDialog):
    """`save` is called with the entered values; a ValidationError keeps the dialog open.
    Once saved, `saved` is the partner and `changes` what the command changed."""

    def __init__(
        self,
        save: SaveFunction,
        partner_types: list[str],
        partner: Partner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.saved: Partner | None = None
        self.changes = Changes.NONE
        self.setWindowTitle("Edit partner" if partner else "New partner")
        self.setMinimumWidth(460)

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. GadgetFlow Weekly")
        self.codes = QLineEdit()
        self.codes.setPlaceholderText("tracking ids or coupon codes, separated by commas")
        self.partner_type = QComboBox()
        self.partner_type.setEditable(True)
        self.partner_type.addItems(partner_types)
        self.partner_type.setCurrentText("")
        self.email = QLineEdit()
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setPlaceholderText("two letters, e.g. DE")
        self.payout_method = QComboBox()
        for method, label in PAYOUT_CHOICES:
            self.payout_method.addItem(label, method.value)
        self.payout_details = QLineEdit()
        self.payout_details.setPlaceholderText("IBAN, PayPal e-mail or account")
        self.payout_bic = QLineEdit()
        self.payout_bic.setMaxLength(14)
        self.payout_bic.setPlaceholderText("bank transfer: the bank's BIC (optional)")
        self.payout_method.currentIndexChanged.connect(self._method_changed)
        self.tax_id = QLineEdit()
        self.join_date = QDateEdit(QDate.currentDate())
        self.join_date.setCalendarPopup(True)
        self.join_date.setDisplayFormat("yyyy-MM-dd")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.statement_locale = ChoicePicker(
            locale_choices(), empty="The merchant's (as in Settings)"
        )
        self.statement_locale.setObjectName("statementLocale")
        self.statement_locale.setToolTip(
            "This partner's statements and their e-mail in another language and format (type "
            "to search, e.g. 'spanish' or 'es_MX'): German, French and Spanish locales "
            "translate, others print English"
        )

        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "codes": self.codes,
            "partner_type": self.partner_type,
            "email": self.email,
            "country": self.country,
            "payout_method": self.payout_method,
            "payout_details": self.payout_details,
            "payout_bic": self.payout_bic,
            "tax_id": self.tax_id,
            "join_date": self.join_date,
            "notes": self.notes,
            "statement_locale": self.statement_locale,
        }
        form = QFormLayout()
        for label, key in (
            ("&Name", "name"),
            ("&Codes", "codes"),
            ("&Type", "partner_type"),
            ("&E-mail", "email"),
            ("C&ountry", "country"),
            ("&Payout method", "payout_method"),
            ("Payout &details", "payout_details"),
            ("&BIC", "payout_bic"),
            ("Ta&x id", "tax_id"),
            ("&Joined", "join_date"),
            ("Statement &language", "statement_locale"),
            ("N&otes", "notes"),
        ):
            form.addRow(label, self.fields[key])

        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if partner is not None:
            self._fill(partner)
        self._method_changed()

    def _method_changed(self, _index: int = 0) -> None:
        """Say what the details of the chosen method are; a BIC only for bank transfers."""
        method = self.payout_method.currentData()
        self.payout_details.setPlaceholderText(
            {
                PayoutMethod.BANK.value: "IBAN, e.g. DE89 3704 0044 0532 0130 00",
                PayoutMethod.PAYPAL.value: "PayPal e-mail address (empty: the e-mail above)",
            }.get(method, "how this partner is paid")
        )
        self.payout_bic.setEnabled(method == PayoutMethod.BANK.value)

    def _fill(self, partner: Partner) -> None:
        self.name.setText(partner.name)
        self.codes.setText(", ".join(partner.codes))
        self.partner_type.setCurrentText(partner.partner_type)
        self.email.setText(partner.email)
        self.country.setText(partner.country)
        self.payout_method.setCurrentIndex(self.payout_method.findData(partner.payout_method.value))
        self.payout_details.setText(partner.payout_details)
        self.payout_bic.setText(partner.payout_bic)
        self.tax_id.setText(partner.tax_id)
        jd = partner.join_date
        self.join_date.setDate(QDate(jd.year, jd.month, jd.day))
        self.notes.setPlainText(partner.notes)
        self.statement_locale.set_value(partner.statement_locale)

    def entered(self) -> PartnerInput:
        qd = self.join_date.date()
        return PartnerInput(
            name=self.name.text(),
            codes=tuple(self.codes.text().replace(";", ",").split(",")),
            email=self.email.text(),
            partner_type=self.partner_type.currentText(),
            country=self.country.text(),
            payout_method=PayoutMethod(self.payout_method.currentData()),
            payout_details=self.payout_details.text(),
            tax_id=self.tax_id.text(),
            notes=self.notes.toPlainText(),
            join_date=date(qd.year(), qd.month(), qd.day()),
            statement_locale=self.statement_locale.value(),
            payout_bic=self.payout_bic.text(),
        )

    def accept(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        try:
            result = self._save(self.entered())
        except ValidationError as exc:
            self.show_error(exc.detail, exc.field)
            return
        except UserError as exc:
            self.show_error(str(exc), None)
            return
        self.saved, self.changes = result.value, result.changes
        super().accept()

    def show_error(self, message: str, field: str | None) -> None:
        widget = self.fields.get(field or "")
        label = ""
        if widget is not None:
            widget.setStyleSheet("border: 1px solid #b3261e;")
            widget.setFocus()
            label = field.replace("_", " ").capitalize() + ": " if field else ""
        self.error.setText(label + message)
        self.error.show()
