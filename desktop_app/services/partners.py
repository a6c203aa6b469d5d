"""Partner use cases: create, update, list, search, change status, terminate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain.ids import parse_id
from desktop_app.domain.partners import Partner, PartnerInput, PartnerStatus, PayoutMethod
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit, choices
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.plans_read import plans_in_force
from desktop_app.store.models import PartnerCodeRow, PartnerRow, PartnerTypeRow

if TYPE_CHECKING:
    from desktop_app.store.database import Store


def to_partner(row: PartnerRow) -> Partner:
    return Partner(
        id=row.id,
        name=row.name,
        codes=tuple(c.code for c in row.codes),
        email=row.email,
        partner_type=row.partner_type.name if row.partner_type else "",
        country=row.country,
        status=PartnerStatus(row.status),
        status_date=row.status_date,
        payout_method=PayoutMethod(row.payout_method),
        payout_details=row.payout_details,
        tax_id=row.tax_id,
        join_date=row.join_date,
        notes=row.notes,
        statement_locale=row.statement_locale,
        payout_bic=row.payout_bic,
    )


def partner_types(session: Session) -> list[str]:
    return list(session.scalars(select(PartnerTypeRow.name).order_by(PartnerTypeRow.name)))


def ensure_type(session: Session, name: str) -> PartnerTypeRow | None:
    """The partner type called `name`, created on first use; None for an empty name."""
    name = " ".join(name.split())
    if not name:
        return None
    row = session.scalar(
        select(PartnerTypeRow).where(func.lower(PartnerTypeRow.name) == name.lower())
    )
    if row is None:
        row = PartnerTypeRow(name=name)
        session.add(row)
        session.flush()
    return row


def _check_codes_free(session: Session, codes: tuple[str, ...], partner_id: int | None) -> None:
    keys = {c.casefold(): c for c in codes}
    query = (
        select(PartnerCodeRow.code, PartnerRow.name)
        .join(PartnerRow)
        .where(PartnerCodeRow.code_key.in_(keys))
    )
    if partner_id is not None:
        query = query.where(PartnerCodeRow.partner_id != partner_id)
    clash = session.execute(query).first()
    if clash is not None:
        raise ValidationError("codes", f"'{clash.code}' already belongs to partner {clash.name}")


def _load(session: Session, partner_id: int) -> PartnerRow:
    row = session.get(PartnerRow, partner_id)
    if row is None:
        raise NotFoundError(f"there is no partner with id {partner_id}")
    return row


def _checked(data: PartnerInput) -> PartnerInput:
    """Normalized and valid, the statement locale spelled as in the pickers' list."""
    data = data.normalized()
    data = replace(
        data,
        statement_locale=choices.check_locale(
            data.statement_locale, "statement_locale", empty_ok="the merchant's"
        ),
    )
    data.validate()
    return data


def _apply(session: Session, row: PartnerRow, data: PartnerInput) -> None:
    row.name = data.name
    row.email = data.email
    row.country = data.country
    row.partner_type = ensure_type(session, data.partner_type)
    row.payout_method = data.payout_method.value
    row.payout_details = data.payout_details
    row.payout_bic = data.payout_bic
    row.tax_id = data.tax_id
    row.notes = data.notes
    row.statement_locale = data.statement_locale
    if data.join_date is not None:
        row.join_date = data.join_date
    existing = {c.code_key: c for c in row.codes}
    row.codes = [
        existing.get(code.casefold()) or PartnerCodeRow(code=code, code_key=code.casefold())
        for code in data.codes
    ]
    for position, code_row in enumerate(row.codes):
        code_row.code = data.codes[position]
        code_row.position = position


def create_partner(
    session: Session,
    data: PartnerInput,
    *,
    status: PartnerStatus = PartnerStatus.ACTIVE,
    today: date | None = None,
) -> Partner:
    data = _checked(data)
    _check_codes_free(session, data.codes, None)
    today = today or date.today()
    row = PartnerRow(status=status.value, status_date=today, join_date=data.join_date or today)
    _apply(session, row, data)
    session.add(row)
    session.flush()
    audit.record(
        session,
        action="partner.create",
        entity="partner",
        entity_id=row.id,
        partner_id=row.id,
        details={"name": row.name, "codes": list(data.codes)},
    )
    return to_partner(row)


def update_partner(session: Session, partner_id: int, data: PartnerInput) -> Partner:
    data = _checked(data)
    row = _load(session, partner_id)
    _check_codes_free(session, data.codes, partner_id)
    before = to_partner(row)
    _apply(session, row, data)
    session.flush()
    after = to_partner(row)
    changed = {
        name: str(getattr(after, name))
        for name in (
            "name",
            "codes",
            "email",
            "partner_type",
            "country",
            "payout_method",
            "payout_details",
            "payout_bic",
            "tax_id",
            "notes",
            "join_date",
            "statement_locale",
        )
        if getattr(before, name) != getattr(after, name)
    }
    audit.record(
        session,
        action="partner.update",
        entity="partner",
        entity_id=row.id,
        partner_id=row.id,
        details=changed,
    )
    return after


def get_partner(session: Session, partner_id: int) -> Partner:
    return to_partner(_load(session, partner_id))


def find_by_code(session: Session, code: str) -> Partner:
    row = session.scalar(
        select(PartnerRow)
        .join(PartnerCodeRow)
        .where(PartnerCodeRow.code_key == code.strip().casefold())
    )
    if row is None:
        raise NotFoundError(f"no partner has the code '{code}'")
    return to_partner(row)


def find_by_ref(session: Session, ref: str) -> Partner:
    """A partner by code (preferred) or by numeric id, as the command line names one."""
    try:
        return find_by_code(session, ref)
    except NotFoundError:
        partner_id = parse_id(ref)
        if partner_id is not None:
            return get_partner(session, partner_id)
        raise


def code_index(session: Session) -> dict[str, int]:
    """Case-folded code → partner id, for matching codes in imported files."""
    rows = session.execute(select(PartnerCodeRow.code_key, PartnerCodeRow.partner_id))
    return {code_key: partner_id for code_key, partner_id in rows}


def list_partners(
    session: Session,
    *,
    search: str = "",
    status: PartnerStatus | None = None,
    partner_type: str | None = None,
) -> list[Partner]:
    """Partners sorted by name; `search` matches name, e-mail, type or any code."""
    query = select(PartnerRow).outerjoin(PartnerTypeRow).order_by(func.lower(PartnerRow.name))
    if status is not None:
        query = query.where(PartnerRow.status == status.value)
    if partner_type:
        query = query.where(func.lower(PartnerTypeRow.name) == partner_type.lower())
    if search.strip():
        pattern = f"%{search.strip().lower()}%"
        code_match = select(PartnerCodeRow.partner_id).where(
            PartnerCodeRow.code_key.like(f"%{search.strip().casefold()}%")
        )
        query = query.where(
            or_(
                func.lower(PartnerRow.name).like(pattern),
                func.lower(PartnerRow.email).like(pattern),
                func.lower(PartnerTypeRow.name).like(pattern),
                PartnerRow.id.in_(code_match),
            )
        )
    return [to_partner(row) for row in session.scalars(query).unique()]


def set_status(
    session: Session,
    partner_id: int,
    status: PartnerStatus,
    *,
    on_date: date | None = None,
    reason: str = "",
) -> Partner:
    """Pause, reactivate or terminate. A terminated partner stays terminated (history is kept)."""
    row = _load(session, partner_id)
    current = PartnerStatus(row.status)
    if current is PartnerStatus.TERMINATED and status is not PartnerStatus.TERMINATED:
        raise UserError(
            f"{row.name} was terminated on {row.status_date.isoformat()} and cannot be "
            "reactivated; add a new partner instead"
        )
    if current is status:
        raise UserError(f"{row.name} is already {status.value}")
    row.status = status.value
    row.status_date = on_date or date.today()
    audit.record(
        session,
        action=f"partner.{status.value}",
        entity="partner",
        entity_id=row.id,
        partner_id=row.id,
        details={"from": current.value, "to": status.value, "date": row.status_date.isoformat()},
        reason=reason,
    )
    session.flush()
    return to_partner(row)


def terminate_partner(
    session: Session, partner_id: int, *, on_date: date | None = None, reason: str = ""
) -> Partner:
    """Terminated partners earn nothing on orders dated after `on_date`."""
    return set_status(session, partner_id, PartnerStatus.TERMINATED, on_date=on_date, reason=reason)


# -- the feature API (each call owns its transaction) ---------------------------------------


@dataclass(frozen=True)
class PartnerList:
    """The partners found, and the plan in force today for each partner id that has one."""

    partners: list[Partner]
    plans_in_force: dict[int, str]


def find_partners(
    store: Store, *, search: str = "", status: PartnerStatus | None = None, on: date | None = None
) -> PartnerList:
    with store.transaction() as session:
        found = list_partners(session, search=search, status=status)
        return PartnerList(found, plans_in_force(session, on or date.today()))


def load_partners(
    store: Store,
    *,
    search: str = "",
    status: PartnerStatus | None = None,
    partner_type: str | None = None,
) -> list[Partner]:
    """`list_partners` (every partner by default)."""
    with store.transaction() as session:
        return list_partners(session, search=search, status=status, partner_type=partner_type)


def load_partner(store: Store, partner_id: int) -> Partner:
    with store.transaction() as session:
        return get_partner(session, partner_id)


def load_partner_by_ref(store: Store, ref: str) -> Partner:
    """A partner by code (preferred) or by numeric id (`find_by_ref`)."""
    with store.transaction() as session:
        return find_by_ref(session, ref)


def load_partner_types(store: Store) -> list[str]:
    with store.transaction() as session:
        return partner_types(session)


def add_partner(store: Store, data: PartnerInput) -> Changed[Partner]:
    with store.transaction() as session:
        partner = create_partner(session, data)
    return Changed(partner, Changes.PARTNERS)


def edit_partner(store: Store, partner_id: int, data: PartnerInput) -> Changed[Partner]:
    with store.transaction() as session:
        partner = update_partner(session, partner_id, data)
    return Changed(partner, Changes.PARTNERS)


def change_status(
    store: Store,
    partner_id: int,
    status: PartnerStatus,
    *,
    on_date: date | None = None,
    reason: str = "",
) -> Changed[Partner]:
    with store.transaction() as session:
        partner = set_status(session, partner_id, status, on_date=on_date, reason=reason)
    return Changed(partner, Changes.PARTNERS)


def edit_partner_by_ref(store: Store, ref: str, changes: Mapping[str, Any]) -> Changed[Partner]:
    """Change the given fields (PartnerInput names) of the partner named by code or id."""
    with store.transaction() as session:
        current = find_by_ref(session, ref)
        partner = update_partner(session, current.id, replace(current.as_input(), **changes))
    return Changed(partner, Changes.PARTNERS)


def change_status_by_ref(
    store: Store,
    ref: str,
    status: PartnerStatus,
    *,
    on_date: date | None = None,
    reason: str = "",
) -> Changed[Partner]:
    """`change_status` of the partner named by code or id, in one transaction."""
    with store.transaction() as session:
        partner_id = find_by_ref(session, ref).id
        partner = set_status(session, partner_id, status, on_date=on_date, reason=reason)
    return Changed(partner, Changes.PARTNERS)
