"""Finding the header row and guessing which column holds which field.

Marketplace exports put title rows, merged cells and blank lines above the header and name
columns in the seller's language, so the guess works from a list of common names per field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from desktop_app.domain.order_fields import ORDER_FIELD_SYNONYMS
from desktop_app.services.imports.model import ImportKind, fields_of

HEADER_SCAN_ROWS = 40

# The names of the fields every kind shares; an order's descriptive columns (category, SKU, …)
# bring theirs from their entries in domain.order_fields.ORDER_COLUMNS.
SYNONYMS: dict[str, tuple[str, ...]] = {
    **ORDER_FIELD_SYNONYMS,
    "order_id": (
        "order id",
        "order no",
        "order number",
        "order",
        "orderid",
        "order ref",
        "transaction id",
        "sale id",
        "bestellnummer",
        "bestell nr",
        "auftragsnummer",
        "numero de commande",
        "n de commande",
        "id commande",
        "id de pedido",
        "numero de pedido",
        "pedido",
        "numero ordine",
        "номер заказа",
        "заказ",
        "订单号",
        "订单编号",
        "注文番号",
    ),
    "date": (
        "date",
        "order date",
        "created",
        "created at",
        "order time",
        "placed at",
        "purchase date",
        "refund date",
        "day",
        "datum",
        "bestelldatum",
        "fecha",
        "fecha de pedido",
        "data",
        "data do pedido",
        "дата",
        "дата заказа",
        "日期",
        "下单时间",
        "订单日期",
        "注文日",
    ),
    "partner_code": (
        "partner code",
        "partner",
        "partner id",
        "affiliate",
        "affiliate id",
        "affiliate code",
        "tracking id",
        "tracking code",
        "sub id",
        "subid",
        "coupon",
        "coupon code",
        "promo code",
        "referral code",
        "influencer",
        "partnercode",
        "code partenaire",
        "affilie",
        "codigo de afiliado",
        "afiliado",
        "partnerkennung",
        "партнер",
        "код партнера",
        "推广者",
        "联盟id",
        "推广码",
    ),
    "amount": (
        "amount",
        "order amount",
        "total",
        "order total",
        "sales",
        "sale amount",
        "revenue",
        "commissionable amount",
        "net amount",
        "refund amount",
        "refunded",
        "betrag",
        "umsatz",
        "bestellwert",
        "montant",
        "montant total",
        "importe",
        "total",
        "valor",
        "valor do pedido",
        "importo",
        "сумма",
        "сумма заказа",
        "金额",
        "订单金额",
        "実際支払額",
        "paid",
        "paid amount",
        "payment amount",
        "order value",
        "gmv",
    ),
    "currency": (
        "currency",
        "currency code",
        "curr",
        "wahrung",
        "devise",
        "moneda",
        "moeda",
        "valuta",
        "валюта",
        "币种",
        "货币",
    ),
    "status": (
        "status",
        "order status",
        "state",
        "estado",
        "statut",
        "stato",
        "статус",
        "订单状态",
    ),
    "refund_id": ("refund id", "return id", "refund no", "refund number", "rma"),
    "clicks": ("clicks", "click", "klicks", "clics", "clicks total", "клики", "点击量", "点击"),
    "visitors": (
        "visitors",
        "unique visitors",
        "visits",
        "besucher",
        "visiteurs",
        "visitantes",
        "посетители",
        "访客数",
        "访客",
    ),
    "impressions": (
        "impressions",
        "impression",
        "impr",
        "impr.",
        "ad impressions",
        "banner impressions",
        "views",
        "page views",
        "impressionen",
        "einblendungen",
        "affichages",
        "impresiones",
        "impressões",
        "impressoes",
        "visualizações",
        "impressioni",
        "visualizzazioni",
        "показы",
        "просмотры",
        "展示量",
        "展现量",
        "曝光量",
        "曝光",
    ),
}

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize(header: Any) -> str:
    """Lower-case, accents and punctuation removed: 'N° de commande' → 'n de commande'."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    if not text.strip():  # non-Latin scripts: keep them, just fold case
        text = str(header)
    return _NON_WORD.sub(" ", text.casefold()).strip()


_INDEX = {field: {normalize(name) for name in names} for field, names in SYNONYMS.items()}


def field_for(header: Any, kind: ImportKind) -> str | None:
    """The field a header names, if any (exact synonym first, then a synonym it contains)."""
    name = normalize(header)
    if not name:
        return None
    candidates = fields_of(kind)
    for field in candidates:
        if name in _INDEX[field]:
            return field
    padded = f" {name} "
    best: tuple[int, str] | None = None
    for field in candidates:
        for syn in _INDEX[field]:
            if len(syn) > 3 and f" {syn} " in padded and (best is None or len(syn) > best[0]):
                best = (len(syn), field)
    return None if best is None else best[1]


def find_header_row(rows: Sequence[Sequence[Any]], kind: ImportKind) -> int | None:
    """Index (0-based) of the first row naming at least two of the kind's fields."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [cell for cell in row if isinstance(cell, str) and cell.strip()]
        hits = len({f for f in (field_for(t, kind) for t in texts) if f})
        if hits >= 2 and (best is None or hits > best[1]):
            best = (index, hits)
            if hits >= 3:
                break
    return None if best is None else best[0]


def first_text_row(rows: Sequence[Sequence[Any]]) -> int | None:
    """Fallback header: the first row with two or more text cells and no numbers."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = [c for c in row if c not in ("", None)]
        if len(cells) >= 2 and all(isinstance(c, str) for c in cells):
            return index
    return None


def guess_mapping(kind: ImportKind, headers: Sequence[str]) -> dict[str, str]:
    """field → header text, for every field some header names; the first match wins."""
    mapping: dict[str, str] = {}
    for header in headers:
        field = field_for(header, kind)
        if field and field not in mapping:
            mapping[field] = header
    return mapping


def header_signature(kind: ImportKind, headers: Sequence[str]) -> str:
    """Identifies an export layout, so its saved mapping profile is found next time."""
    names = "|".join(normalize(h) for h in headers if str(h).strip())
    return hashlib.sha256(f"{kind}:{names}".encode()).hexdigest()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
