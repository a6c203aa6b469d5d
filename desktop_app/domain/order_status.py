"""An order's state in its life at the shop, and the words shops use for it.

Affiliate commission follows the order: a *pending* order (not paid, not shipped yet) waits, a
*confirmed* one earns, a *cancelled* one never earns, a *refunded* one (the whole order) earns
nothing, or gives back what it earned. A partial refund does not change the state: the order is
confirmed, with a refund that shrinks its commission base.

Shops export their own words, in their own language ("Versandt", "en attente", "已退款"). The
words below are the ones marketplaces and shop systems commonly write, in the languages the
column guessing knows; a shop's other words are mapped by the merchant (a status mapping, saved
with the mapping profile). Words are compared without case, accents (so 'отменён' is also
'отменен'), hyphens or underscores.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum


class OrderState(StrEnum):
    CONFIRMED = "confirmed"  # earns commission
    PENDING = "pending"  # waits for the shop's confirmation; earns nothing yet
    CANCELLED = "cancelled"  # never earns
    REFUNDED = "refunded"  # refunded in full: earns nothing, or is clawed back after payment


STATES = tuple(OrderState)
STATE_NAMES = ", ".join(STATES)
# Stored by earlier versions (migration 0010 rewrote them); read as their state if met again.
LEGACY = {"completed": OrderState.CONFIRMED, "partially_refunded": OrderState.CONFIRMED}

_WORDS: dict[OrderState, tuple[str, ...]] = {
    OrderState.CONFIRMED: (
        # English
        "confirmed", "completed", "complete", "finished", "done", "approved", "paid",
        "shipped", "dispatched", "in transit", "delivered", "fulfilled", "closed", "success",
        "successful", "settled", "partially refunded", "partial refund", "partly refunded",
        # German
        "abgeschlossen", "erledigt", "bestätigt", "bezahlt", "versandt", "verschickt",
        "geliefert", "zugestellt", "ausgeliefert", "teilweise erstattet",
        # French
        "terminé", "terminée", "complété", "complétée", "confirmé", "confirmée", "validé",
        "validée", "payé", "payée", "expédié", "expédiée", "livré", "livrée",
        "partiellement remboursé", "partiellement remboursée",
        # Spanish
        "completado", "completada", "confirmado", "confirmada", "pagado", "pagada",
        "enviado", "enviada", "entregado", "entregada", "finalizado", "finalizada",
        "parcialmente reembolsado",
        # Portuguese
        "concluído", "concluída", "completo", "pago", "paga", "entregue", "faturado",
        # Italian
        "completato", "completata", "confermato", "confermata", "pagato", "pagata",
        "spedito", "spedita", "consegnato", "consegnata", "evaso", "evasa",
        # Russian
        "выполнен", "выполнено", "завершён", "завершено", "подтверждён",
        "оплачен", "оплачено", "отправлен", "доставлен", "получен", "закрыт",
        # Chinese, Japanese
        "已完成", "完成", "交易成功", "已付款", "已发货", "已签收", "已确认", "已收货",
        "完了", "発送済み", "支払済み",
    ),
    OrderState.PENDING: (
        # English
        "pending", "processing", "on hold", "awaiting payment", "awaiting shipment",
        "awaiting fulfillment", "awaiting fulfilment", "pending payment", "payment pending",
        "unpaid", "not paid", "in progress", "authorized", "authorised", "unfulfilled",
        "new",
        # German
        "ausstehend", "offen", "in bearbeitung", "wartend", "zahlung ausstehend",
        "unbezahlt", "nicht bezahlt", "in wartestellung",
        # French
        "en attente", "en cours", "en cours de traitement", "en traitement",
        "en attente de paiement", "non payé", "non payée",
        # Spanish
        "pendiente", "en proceso", "procesando", "en espera", "pendiente de pago",
        "no pagado",
        # Portuguese
        "pendente", "em processamento", "processando", "aguardando", "aguardando pagamento",
        "em espera", "não pago",
        # Italian
        "in attesa", "in lavorazione", "in elaborazione", "in sospeso",
        "in attesa di pagamento", "non pagato",
        # Russian
        "в ожидании", "ожидает", "ожидает оплаты", "в обработке", "обрабатывается",
        "не оплачен", "новый",
        # Chinese, Japanese
        "待付款", "待发货", "待处理", "处理中", "等待付款", "未付款", "待确认",
        "保留中", "処理中", "未払い",
    ),
    OrderState.CANCELLED: (
        # English
        "cancelled", "canceled", "cancel", "failed", "payment failed", "void", "voided",
        "declined", "rejected", "denied", "expired", "abandoned",
        # German
        "storniert", "abgebrochen", "fehlgeschlagen", "abgelehnt", "annulliert",
        # French
        "annulé", "annulée", "échoué", "échouée", "refusé", "refusée", "rejeté", "rejetée",
        # Spanish
        "cancelado", "cancelada", "anulado", "anulada", "fallido", "fallida", "rechazado",
        "rechazada",
        # Portuguese
        "falhou", "recusado", "recusada", "rejeitado", "rejeitada",
        # Italian
        "annullato", "annullata", "cancellato", "cancellata", "fallito", "fallita",
        "rifiutato", "rifiutata", "respinto", "respinta",
        # Russian
        "отменён", "отменено", "отклонён", "аннулирован",
        # Chinese, Japanese
        "已取消", "取消", "交易关闭", "失败", "已拒绝", "キャンセル", "キャンセル済み",
    ),
    OrderState.REFUNDED: (
        # English
        "refunded", "fully refunded", "returned", "chargeback", "charged back", "reversed",
        # German
        "erstattet", "rückerstattet", "zurückerstattet", "retourniert", "zurückgegeben",
        # French
        "remboursé", "remboursée", "retourné", "retournée", "rétrofacturé",
        # Spanish
        "reembolsado", "reembolsada", "devuelto", "devuelta", "contracargo",
        # Portuguese
        "devolvido", "devolvida", "estornado", "estornada",
        # Italian
        "rimborsato", "rimborsata", "reso", "restituito", "restituita",
        # Russian
        "возвращён", "возврат", "возмещён",
        # Chinese, Japanese
        "已退款", "退款成功", "已退货", "返金済み", "返品",
    ),
}  # fmt: skip


def status_key(word: str) -> str:
    """How words are compared: 'Annulée', 'annulee', 'ANNULÉE' and 'on-hold' / 'On hold' are
    one word each."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


KNOWN_WORDS: dict[str, OrderState] = {
    status_key(word): state for state, words in _WORDS.items() for word in words
}
KNOWN_WORDS.update({status_key(state): state for state in STATES})


def state_of_word(
    word: str, own_words: Mapping[str, OrderState] | None = None
) -> OrderState | None:
    """The state a shop's status word means (the shop's own words first), or None."""
    key = status_key(word)
    if own_words:
        found = own_words.get(key)
        if found is not None:
            return found
    return KNOWN_WORDS.get(key)


# Every stored value read so far → its state: a payout run asks for each of 100,000 orders, and
# calling the enum costs ten times a dict look-up.
_STORED: dict[str, OrderState] = {state.value: state for state in STATES} | LEGACY


def stored_state(value: str) -> OrderState:
    """The state of a stored status (an unknown value counts as confirmed, as it always did)."""
    found = _STORED.get(value)
    return OrderState.CONFIRMED if found is None else found
