"""A statement's sender and addressee blocks, frozen into a payout run when it is locked.

A locked run's statement must come out the same every time (byte-identical PDFs), so locking
copies the merchant header and each partner's contact and masked payout details into the run.
Editing the merchant profile or a partner afterwards changes only later runs. Drafts, and runs
locked by a version without this, read the current values. The logo is kept by its path: a
logo file replaced in place shows the new picture.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.services import merchant
from desktop_app.services.statements.document import MerchantHeader, PartnerBlock, mask_account
from desktop_app.store.models import PartnerRow, PayoutPartnerRow, PayoutRunRow

Block = TypeVar("Block", MerchantHeader, PartnerBlock)
METHOD_LABELS = {"bank": "Bank transfer", "paypal": "PayPal", "other": "Other"}


def current_merchant(session: Session) -> MerchantHeader:
    profile = merchant.get_profile(session)
    return MerchantHeader(
        name=profile.name,
        address=profile.address,
        tax_id=profile.tax_id,
        email=profile.email,
        logo_path=profile.logo_path,
        footer=profile.statement_footer,
        page_size=profile.page_size,
        locale=profile.locale,
        timezone=profile.timezone,
    )


def current_partner(row: PartnerRow | None, code: str, name: str) -> PartnerBlock:
    """Name and code as stored in the run; contact and payout details from the partner."""
    if row is None:
        return PartnerBlock(name=name, codes=(code,) if code else ())
    codes = [code] if code else []
    codes += [c.code for c in row.codes if c.code != code]
    return PartnerBlock(
        name=name or row.name,
        codes=tuple(codes),
        email=row.email,
        payout_method=METHOD_LABELS.get(row.payout_method, row.payout_method),
        payout_account=mask_account(row.payout_details),
        tax_id=row.tax_id,
        locale=row.statement_locale,
    )


def freeze_heads(session: Session, run: PayoutRunRow) -> None:
    """Copy the current sender and addressee blocks into the run (inside the lock)."""
    run.merchant_json = _dump(current_merchant(session))
    in_run = select(PayoutPartnerRow).where(PayoutPartnerRow.run_id == run.id)
    totals = list(session.scalars(in_run))
    partners = _partner_rows(session, [t.partner_id for t in totals])
    for t in totals:
        t.addressee_json = _dump(current_partner(partners.get(t.partner_id), t.code, t.name))


def heads_of(
    session: Session, run_id: int, wanted: list[tuple[int, str, str]]
) -> tuple[MerchantHeader, dict[int, PartnerBlock]]:
    """The run's frozen blocks where it has them, else the current ones; `wanted` holds
    (partner id, code, name) as stored in the run."""
    frozen_merchant = session.scalar(
        select(PayoutRunRow.merchant_json).where(PayoutRunRow.id == run_id)
    )
    header = (
        _load(MerchantHeader, frozen_merchant) if frozen_merchant else current_merchant(session)
    )
    frozen = {
        pid: _load(PartnerBlock, text)
        for pid, text in session.execute(
            select(PayoutPartnerRow.partner_id, PayoutPartnerRow.addressee_json).where(
                PayoutPartnerRow.run_id == run_id,
                PayoutPartnerRow.addressee_json.is_not(None),
            )
        )
        if text
    }
    missing = [pid for pid, _, _ in wanted if pid not in frozen]
    rows = _partner_rows(session, missing) if missing else {}
    blocks = {
        pid: frozen[pid] if pid in frozen else current_partner(rows.get(pid), code, name)
        for pid, code, name in wanted
    }
    return header, blocks


def _partner_rows(session: Session, ids: list[int]) -> dict[int, PartnerRow]:
    rows = session.scalars(select(PartnerRow).where(PartnerRow.id.in_(ids)))
    return {row.id: row for row in rows}


def _dump(block: MerchantHeader | PartnerBlock) -> str:
    return json.dumps(asdict(block), ensure_ascii=False, sort_keys=True)


def _load(kind: type[Block], text: str) -> Block:
    """Known fields only, so a block frozen by an older or newer version still loads."""
    data: dict[str, Any] = json.loads(text)
    names = {f.name for f in fields(kind)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names
    }
    return kind(**values)
