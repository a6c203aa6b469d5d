"""The merchant profile and program settings of a store (one row, created on first use)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.money import from_minor, parse_amount, to_minor
from desktop_app.domain.payout_details import check_bank, normalized_bic, normalized_iban
from desktop_app.domain.text import check_text
from desktop_app.errors import ValidationError
from desktop_app.services import audit, choices
from desktop_app.services.base_currency import change_base_currency, money_held
from desktop_app.services.changes import Changed, Changes
from desktop_app.store.models import MerchantRow, PlanRow

if TYPE_CHECKING:
    from desktop_app.store.database import Store

PAGE_SIZES = ("A4", "Letter")
LOGO_FORMATS = ("PNG", "JPEG")
TEXT_FIELDS = (
    "name",
    "address",
    "tax_id",
    "email",
    "base_currency",
    "timezone",
    "locale",
    "logo_path",
    "statement_footer",
    "page_size",
    "iban",
    "bic",
)
MULTILINE_FIELDS = ("address", "statement_footer")


@dataclass(frozen=True)
class MerchantProfile:
    name: str = "My shop"
    address: str = ""
    tax_id: str = ""
    email: str = ""
    base_currency: str = "USD"
    timezone: str = "UTC"
    locale: str = "en_US"
    logo_path: str = ""
    statement_footer: str = ""
    page_size: str = "A4"
    holding_days: int = 30
    minimum_payout: Decimal = Decimal("50.00")
    # the plan of partners whose type has none, and the type an import gives new partners
    default_plan: str = ""
    default_partner_type: str = ""
    # the merchant's own account, which SEPA credit transfer files pay from
    iban: str = ""
    bic: str = ""

    def validate(self) -> None:
        for name in TEXT_FIELDS:
            check_text(name, getattr(self, name), multiline=name in MULTILINE_FIELDS)
        if not self.name.strip():
            raise ValidationError("name", "the merchant needs a name")
        # the same checks as the pickers' lists (services.choices)
        choices.check_currency(self.base_currency, "base_currency")
        choices.check_timezone(self.timezone, "timezone")
        choices.check_locale(self.locale, "locale")
        if self.page_size not in PAGE_SIZES:
            raise ValidationError("page_size", "choose A4 or Letter")
        if not 0 <= self.holding_days <= 365:
            raise ValidationError("holding_days", "between 0 and 365 days")
        if self.minimum_payout < 0:
            raise ValidationError("minimum_payout", "cannot be negative")
        check_bank(self.iban, self.bic, details_field="iban", bic_field="bic")


def check_logo(path_text: str) -> None:
    """A logo must be a PNG or JPEG image that statements can print: the file is opened and
    decoded to be sure, since a folder or a text file would silently print no logo at all."""
    if not path_text:
        return
    from PIL import Image  # Pillow comes with reportlab, which prints the logo

    path = Path(path_text).expanduser()
    try:
        if path.is_dir():
            raise ValidationError("logo_path", f"{path} is a folder; choose a PNG or JPEG image")
        if not path.is_file():
            raise ValidationError("logo_path", f"{path} does not exist or is not a file")
        with Image.open(path) as image:
            kind = image.format
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not an image"
        raise ValidationError(
            "logo_path", f"{path} cannot be used as a logo ({reason}); choose a PNG or JPEG image"
        ) from None
    if kind not in LOGO_FORMATS:
        raise ValidationError("logo_path", f"{path} is a {kind} image; choose a PNG or JPEG image")


def get_profile(session: Session) -> MerchantProfile:
    row = session.get(MerchantRow, 1)
    if row is None:
        return MerchantProfile()
    return MerchantProfile(
        name=row.name,
        address=row.address,
        tax_id=row.tax_id,
        email=row.email,
        base_currency=row.base_currency,
        timezone=row.timezone,
        locale=row.locale,
        logo_path=row.logo_path,
        statement_footer=row.statement_footer,
        page_size=row.page_size,
        holding_days=row.holding_days,
        minimum_payout=from_minor(row.minimum_payout_minor, row.base_currency),
        default_plan=_plan_name(session, row.default_plan_id),
        default_partner_type=row.default_partner_type,
        iban=row.iban,
        bic=row.bic,
    )


def _plan_name(session: Session, plan_id: int | None) -> str:
    plan = session.get(PlanRow, plan_id) if plan_id is not None else None
    return plan.name if plan is not None else ""


def _plan_id(session: Session, name: str) -> int | None:
    if not name.strip():
        return None
    found = session.scalar(select(PlanRow).where(func.lower(PlanRow.name) == name.strip().lower()))
    if found is None:
        known = ", ".join(sorted(session.scalars(select(PlanRow.name)))) or "none yet"
        raise ValidationError("default_plan", f"there is no plan '{name}' (plans: {known})")
    return found.id


def save_profile(
    session: Session,
    profile: MerchantProfile,
    *,
    convert_at: Decimal | None = None,
    actor: str | None = None,
) -> MerchantProfile:
    """Save the profile. A new base currency while the store holds money in the old one needs
    `convert_at` (units of the new currency per unit of the old; see services.base_currency)."""
    profile = replace(
        profile, name=profile.name.strip(), base_currency=profile.base_currency.upper()
    )
    profile.validate()
    profile = replace(  # the lists' spelling: "es-mx" → "es_MX", "europe/berlin" → "Europe/Berlin"
        profile,
        timezone=choices.check_timezone(profile.timezone),
        locale=choices.check_locale(profile.locale),
        iban=normalized_iban(profile.iban) if profile.iban.strip() else "",
        bic=normalized_bic(profile.bic),
    )
    row = session.get(MerchantRow, 1) or MerchantRow(id=1)
    before = get_profile(session)
    if profile.logo_path != before.logo_path:  # a stored logo that went missing blocks nothing
        check_logo(profile.logo_path)
    if profile.base_currency != before.base_currency:
        change_base_currency(
            session, before.base_currency, profile.base_currency, convert_at, actor=actor
        )
    row.name = profile.name
    row.address = profile.address
    row.tax_id = profile.tax_id
    row.email = profile.email
    row.base_currency = profile.base_currency
    row.timezone = profile.timezone
    row.locale = profile.locale
    row.logo_path = profile.logo_path
    row.statement_footer = profile.statement_footer
    row.page_size = profile.page_size
    row.holding_days = profile.holding_days
    row.default_plan_id = _plan_id(session, profile.default_plan)
    row.default_partner_type = " ".join(profile.default_partner_type.split())
    row.iban = profile.iban
    row.bic = profile.bic
    try:
        row.minimum_payout_minor = to_minor(profile.minimum_payout, profile.base_currency)
    except ValueError as exc:
        raise ValidationError("minimum_payout", str(exc)) from None
    session.add(row)
    changed = {k: str(v) for k, v in vars(profile).items() if getattr(before, k) != v}
    audit.record(
        session,
        actor=actor,
        action="merchant.update",
        entity="merchant",
        entity_id=1,
        details=changed,
    )
    return profile


# -- the feature API (each call owns its transaction) ---------------------------------------


def load_profile(store: Store) -> MerchantProfile:
    with store.transaction() as session:
        return get_profile(session)


def held_in_base_currency(store: Store) -> list[str]:
    """What the store holds in its base currency (a new one then needs a conversion rate)."""
    with store.transaction() as session:
        return money_held(session)


def store_profile(
    store: Store, profile: MerchantProfile, *, convert_at: Decimal | None = None
) -> Changes:
    """Save the profile (see `save_profile`); a new base currency changes every amount."""
    with store.write_transaction() as session:
        before = get_profile(session).base_currency
        saved = save_profile(session, profile, convert_at=convert_at)
    return Changes.SETTINGS if saved.base_currency == before else Changes.ALL


def update_profile(
    store: Store,
    fields: Mapping[str, Any],
    *,
    minimum_payout: str | None = None,
    convert_at: Decimal | None = None,
) -> Changed[MerchantProfile]:
    """Change the given profile fields in one write transaction; `minimum_payout` is read in
    the currency being set, else the current one. The saved profile."""
    with store.write_transaction() as session:
        current = get_profile(session)
        changes = dict(fields)
        before = current.base_currency
        if minimum_payout is not None:
            currency = str(changes.get("base_currency", before)).strip().upper()
            changes["minimum_payout"] = parse_amount(
                minimum_payout, currency, field="minimum_payout"
            )
        saved = save_profile(session, replace(current, **changes), convert_at=convert_at)
    return Changed(saved, Changes.SETTINGS if saved.base_currency == before else Changes.ALL)
