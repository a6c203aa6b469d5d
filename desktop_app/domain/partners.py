"""Partner values and the rules a partner record must satisfy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from babel import Locale, UnknownLocaleError

from desktop_app.domain.text import check_text
from desktop_app.errors import ValidationError


class PartnerStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    TERMINATED = "terminated"


class PayoutMethod(StrEnum):
    BANK = "bank"
    PAYPAL = "paypal"
    OTHER = "other"


EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_RE = re.compile(r"^[\w.\-:/#+]{1,64}$", re.UNICODE)
# Free text a partner record holds; none may contain control characters (notes keep lines).
TEXT_FIELDS = (
    "name",
    "email",
    "partner_type",
    "country",
    "payout_details",
    "tax_id",
    "notes",
    "statement_locale",
)


@dataclass(frozen=True)
class PartnerInput:
    """What a user enters for a partner (dialog, CLI, import). Validated by `validate()`."""

    name: str
    codes: tuple[str, ...]
    email: str = ""
    partner_type: str = ""
    country: str = ""
    payout_method: PayoutMethod = PayoutMethod.BANK
    payout_details: str = ""
    tax_id: str = ""
    notes: str = ""
    join_date: date | None = None
    statement_locale: str = ""  # "" = the merchant's locale

    def normalized(self) -> PartnerInput:
        codes = tuple(c.strip() for c in self.codes if c.strip())
        return PartnerInput(
            name=" ".join(self.name.split()),
            codes=codes,
            email=self.email.strip(),
            partner_type=" ".join(self.partner_type.split()),
            country=self.country.strip().upper(),
            payout_method=PayoutMethod(self.payout_method),
            payout_details=self.payout_details.strip(),
            tax_id=self.tax_id.strip(),
            notes=self.notes.strip(),
            join_date=self.join_date,
            statement_locale=self.statement_locale.strip().replace("-", "_"),
        )

    def validate(self) -> None:
        """Raise ValidationError naming the first field that is wrong."""
        for name in TEXT_FIELDS:
            check_text(name, getattr(self, name), multiline=name == "notes")
        for code in self.codes:
            check_text("codes", code)
        if not self.name:
            raise ValidationError("name", "a partner needs a name")
        if len(self.name) > 200:
            raise ValidationError("name", "at most 200 characters")
        if not self.codes:
            raise ValidationError("codes", "at least one tracking or coupon code is needed")
        seen: set[str] = set()
        for code in self.codes:
            if not CODE_RE.match(code):
                raise ValidationError(
                    "codes",
                    f"'{code}' is not a valid code (letters, digits and . - _ : / # +, "
                    "at most 64 characters, no spaces)",
                )
            key = code.casefold()
            if key in seen:
                raise ValidationError("codes", f"'{code}' is listed twice")
            seen.add(key)
        if self.email and not EMAIL_RE.match(self.email):
            raise ValidationError("email", f"'{self.email}' is not an e-mail address")
        if self.country and not re.fullmatch(r"[A-Z]{2}", self.country):
            raise ValidationError("country", "use the two-letter country code, e.g. DE or US")
        if self.statement_locale:
            try:
                Locale.parse(self.statement_locale)
            except (ValueError, UnknownLocaleError):
                raise ValidationError(
                    "statement_locale",
                    f"'{self.statement_locale}' is not a locale like es_ES (leave it empty "
                    "for the merchant's)",
                ) from None


@dataclass(frozen=True)
class Partner:
    """A stored partner as the rest of the program sees it."""

    id: int
    name: str
    codes: tuple[str, ...]
    email: str
    partner_type: str
    country: str
    status: PartnerStatus
    status_date: date
    payout_method: PayoutMethod
    payout_details: str
    tax_id: str
    join_date: date
    notes: str
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    statement_locale: str = ""

    def as_input(self, **changes: Any) -> PartnerInput:
        """The stored values as an input to edit, with `changes`."""
        values = {name: getattr(self, name) for name in PartnerInput.__dataclass_fields__}
        return PartnerInput(**{**values, **changes})

    @property
    def primary_code(self) -> str:
        return self.codes[0] if self.codes else ""

    def earns_on(self, order_date: date) -> bool:
        """Terminated partners earn nothing on orders dated after their termination date."""
        return not (self.status is PartnerStatus.TERMINATED and order_date > self.status_date)
