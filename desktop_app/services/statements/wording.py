"""The words of a statement in the language of the merchant's locale ("de_DE" → German).

The English text is the key; a language without a catalog, or a text without a translation,
stays English. Reasons are stored with the run in English (a locked run never changes), so
they are recognised by their fixed shape here and said again in the statement's language, with
dates and amounts in the locale's format. Free text (adjustment reasons, bonus rule names,
the merchant's footer) is printed as written.

English output is exactly the text the statement printed before translations existed, so
statements of English-speaking merchants are byte-for-byte what they were.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

# Every English text a statement prints, in one place; a catalog must translate all of them.
SOURCE: tuple[str, ...] = (
    # head
    "Commission statement",
    "Commission statement (draft)",
    "Statement no. {number}",
    "Period: {period}",
    "Issued: {day}",
    "Currency: {currency}",
    "Paid: {day}",
    " (reference {reference})",
    "Tax id: {tax_id}",
    "Statement for",
    "Partner codes: {codes}",
    "E-mail: {email}",
    "Payout: {method}",
    "Summary",
    "Amount payable",
    "Detail lines (amounts in {currency})",
    # summary rows
    "Carried in from earlier runs",
    "Commissions",
    "Bonuses",
    "Refunds and clawbacks",
    "Adjustments",
    "Withheld",
    "Held (holding period)",
    "Carried over to the next run",
    # detail table
    "Order",
    "Date",
    "Amount",
    "Tier",
    "Rate",
    "Commission",
    "Status",
    "Total of lines",
    "No commission lines in this period.",
    "payable",
    "paid",
    "held",
    "withheld",
    "carried",
    # kinds of non-order lines
    "Bonus",
    "Refund clawback",
    "Adjustment",
    "Carried in",
    # pages and file
    "Page {number} of {total}",
    "Statement {number}",
    "Statements {period} ({count} partners)",
    # tiers (pieces of "50.00 – 200.00", "200.00 and over", "20 orders and over (marginal)")
    "{bound} and over",
    " orders",
    " (marginal)",
    "below the lowest tier",
    "sales",
    "conversion",
    # reasons (see _REASONS)
    "held until {day} ({days}-day holding period)",
    "withheld: order flagged as fraud on {day}",
    "withheld: partner flagged as fraud on {day}",
    "partner paused",
    "below the {amount} minimum, carried over",
    "partner terminated on {day}: orders after that date earn nothing",
    "balance carried over from run {run}",
    "fraud flag {ref} lifted: commission on order {ext} withheld in run {run} released",
    "fraud flag {ref} lifted: {kind} withheld in run {run} released",
    "fraud flag {ref} lifted: fraud clawback of order {ext} in run {run} given back",
    " (by {actor})",
    # payout methods (heads.METHOD_LABELS)
    "Bank transfer",
    "Other",
)

CATALOGS: dict[str, dict[str, str]] = {
    "de": {
        "Commission statement": "Provisionsabrechnung",
        "Commission statement (draft)": "Provisionsabrechnung (Entwurf)",
        "Statement no. {number}": "Abrechnung Nr. {number}",
        "Period: {period}": "Zeitraum: {period}",
        "Issued: {day}": "Ausgestellt am: {day}",
        "Currency: {currency}": "Währung: {currency}",
        "Paid: {day}": "Bezahlt am: {day}",
        " (reference {reference})": " (Referenz {reference})",
        "Tax id: {tax_id}": "Steuer-ID: {tax_id}",
        "Statement for": "Abrechnung für",
        "Partner codes: {codes}": "Partnercodes: {codes}",
        "E-mail: {email}": "E-Mail: {email}",
        "Payout: {method}": "Auszahlung: {method}",
        "Summary": "Übersicht",
        "Amount payable": "Auszahlungsbetrag",
        "Detail lines (amounts in {currency})": "Einzelposten (Beträge in {currency})",
        "Carried in from earlier runs": "Übertrag aus früheren Abrechnungen",
        "Commissions": "Provisionen",
        "Bonuses": "Boni",
        "Refunds and clawbacks": "Erstattungen und Rückbuchungen",
        "Adjustments": "Korrekturen",
        "Withheld": "Einbehalten",
        "Held (holding period)": "Zurückgehalten (Haltefrist)",
        "Carried over to the next run": "Übertrag in die nächste Abrechnung",
        "Order": "Bestellung",
        "Date": "Datum",
        "Amount": "Betrag",
        "Tier": "Stufe",
        "Rate": "Satz",
        "Commission": "Provision",
        "Status": "Status",
        "Total of lines": "Summe der Posten",
        "No commission lines in this period.": "Keine Provisionsposten in diesem Zeitraum.",
        "payable": "auszahlbar",
        "paid": "bezahlt",
        "held": "zurückgehalten",
        "withheld": "einbehalten",
        "carried": "übertragen",
        "Bonus": "Bonus",
        "Refund clawback": "Rückbuchung (Erstattung)",
        "Adjustment": "Korrektur",
        "Carried in": "Übertrag",
        "Page {number} of {total}": "Seite {number} von {total}",
        "Statement {number}": "Abrechnung {number}",
        "Statements {period} ({count} partners)": "Abrechnungen {period} ({count} Partner)",
        "{bound} and over": "ab {bound}",
        " orders": " Bestellungen",
        " (marginal)": " (gestaffelt)",
        "below the lowest tier": "unter der niedrigsten Stufe",
        "sales": "Umsatz",
        "conversion": "Konversion",
        "held until {day} ({days}-day holding period)": (
            "zurückgehalten bis {day} ({days} Tage Haltefrist)"
        ),
        "withheld: order flagged as fraud on {day}": (
            "einbehalten: Bestellung am {day} als Betrug markiert"
        ),
        "withheld: partner flagged as fraud on {day}": (
            "einbehalten: Partner am {day} als Betrug markiert"
        ),
        "partner paused": "Partner pausiert",
        "below the {amount} minimum, carried over": (
            "unter dem Mindestbetrag von {amount}, übertragen"
        ),
        "partner terminated on {day}: orders after that date earn nothing": (
            "Partnerschaft beendet am {day}: spätere Bestellungen bringen keine Provision"
        ),
        "balance carried over from run {run}": "Übertrag aus Abrechnung {run}",
        "fraud flag {ref} lifted: commission on order {ext} withheld in run {run} released": (
            "Betrugsmarkierung {ref} aufgehoben: in Abrechnung {run} einbehaltene Provision für "
            "Bestellung {ext} freigegeben"
        ),
        "fraud flag {ref} lifted: {kind} withheld in run {run} released": (
            "Betrugsmarkierung {ref} aufgehoben: in Abrechnung {run} einbehaltener Posten "
            "({kind}) freigegeben"
        ),
        "fraud flag {ref} lifted: fraud clawback of order {ext} in run {run} given back": (
            "Betrugsmarkierung {ref} aufgehoben: Rückbuchung für Bestellung {ext} aus "
            "Abrechnung {run} erstattet"
        ),
        " (by {actor})": " (von {actor})",
        "Bank transfer": "Banküberweisung",
        "Other": "Sonstige",
    },
    "fr": {
        "Commission statement": "Relevé de commissions",
        "Commission statement (draft)": "Relevé de commissions (brouillon)",
        "Statement no. {number}": "Relevé n° {number}",
        "Period: {period}": "Période : {period}",
        "Issued: {day}": "Émis le : {day}",
        "Currency: {currency}": "Devise : {currency}",
        "Paid: {day}": "Payé le : {day}",
        " (reference {reference})": " (référence {reference})",
        "Tax id: {tax_id}": "N° fiscal : {tax_id}",
        "Statement for": "Relevé pour",
        "Partner codes: {codes}": "Codes partenaire : {codes}",
        "E-mail: {email}": "E-mail : {email}",
        "Payout: {method}": "Paiement : {method}",
        "Summary": "Récapitulatif",
        "Amount payable": "Montant à payer",
        "Detail lines (amounts in {currency})": "Détail des lignes (montants en {currency})",
        "Carried in from earlier runs": "Report des relevés précédents",
        "Commissions": "Commissions",
        "Bonuses": "Primes",
        "Refunds and clawbacks": "Remboursements et reprises",
        "Adjustments": "Ajustements",
        "Withheld": "Retenu",
        "Held (holding period)": "En attente (période de rétention)",
        "Carried over to the next run": "Reporté au prochain relevé",
        "Order": "Commande",
        "Date": "Date",
        "Amount": "Montant",
        "Tier": "Palier",
        "Rate": "Taux",
        "Commission": "Commission",
        "Status": "Statut",
        "Total of lines": "Total des lignes",
        "No commission lines in this period.": "Aucune ligne de commission sur cette période.",
        "payable": "à payer",
        "paid": "payé",
        "held": "en attente",
        "withheld": "retenu",
        "carried": "reporté",
        "Bonus": "Prime",
        "Refund clawback": "Reprise (remboursement)",
        "Adjustment": "Ajustement",
        "Carried in": "Report",
        "Page {number} of {total}": "Page {number} sur {total}",
        "Statement {number}": "Relevé {number}",
        "Statements {period} ({count} partners)": "Relevés {period} ({count} partenaires)",
        "{bound} and over": "{bound} et plus",
        " orders": " commandes",
        " (marginal)": " (par tranches)",
        "below the lowest tier": "sous le premier palier",
        "sales": "ventes",
        "conversion": "conversion",
        "held until {day} ({days}-day holding period)": (
            "en attente jusqu'au {day} (rétention de {days} jours)"
        ),
        "withheld: order flagged as fraud on {day}": (
            "retenu : commande signalée comme fraude le {day}"
        ),
        "withheld: partner flagged as fraud on {day}": (
            "retenu : partenaire signalé comme fraude le {day}"
        ),
        "partner paused": "partenaire en pause",
        "below the {amount} minimum, carried over": "sous le minimum de {amount}, reporté",
        "partner terminated on {day}: orders after that date earn nothing": (
            "partenariat terminé le {day} : les commandes postérieures ne rapportent rien"
        ),
        "balance carried over from run {run}": "report du relevé {run}",
        "fraud flag {ref} lifted: commission on order {ext} withheld in run {run} released": (
            "signalement de fraude {ref} levé : commission de la commande {ext} retenue au "
            "relevé {run} libérée"
        ),
        "fraud flag {ref} lifted: {kind} withheld in run {run} released": (
            "signalement de fraude {ref} levé : ligne ({kind}) retenue au relevé {run} libérée"
        ),
        "fraud flag {ref} lifted: fraud clawback of order {ext} in run {run} given back": (
            "signalement de fraude {ref} levé : reprise de la commande {ext} au relevé {run} "
            "restituée"
        ),
        " (by {actor})": " (par {actor})",
        "Bank transfer": "Virement bancaire",
        "Other": "Autre",
    },
    "es": {
        "Commission statement": "Liquidación de comisiones",
        "Commission statement (draft)": "Liquidación de comisiones (borrador)",
        "Statement no. {number}": "Liquidación n.º {number}",
        "Period: {period}": "Periodo: {period}",
        "Issued: {day}": "Fecha de emisión: {day}",
        "Currency: {currency}": "Moneda: {currency}",
        "Paid: {day}": "Fecha de pago: {day}",
        " (reference {reference})": " (referencia {reference})",
        "Tax id: {tax_id}": "NIF: {tax_id}",
        "Statement for": "Liquidación para",
        "Partner codes: {codes}": "Códigos de afiliado: {codes}",
        "E-mail: {email}": "Correo electrónico: {email}",
        "Payout: {method}": "Pago: {method}",
        "Summary": "Resumen",
        "Amount payable": "Importe a pagar",
        "Detail lines (amounts in {currency})": "Detalle (importes en {currency})",
        "Carried in from earlier runs": "Saldo de liquidaciones anteriores",
        "Commissions": "Comisiones",
        "Bonuses": "Bonificaciones",
        "Refunds and clawbacks": "Devoluciones y retrocesiones",
        "Adjustments": "Ajustes",
        "Withheld": "Retenido",
        "Held (holding period)": "En espera (periodo de retención)",
        "Carried over to the next run": "Pasa a la próxima liquidación",
        "Order": "Pedido",
        "Date": "Fecha",
        "Amount": "Importe",
        "Tier": "Tramo",
        "Rate": "Tasa",
        "Commission": "Comisión",
        "Status": "Estado",
        "Total of lines": "Total de las líneas",
        "No commission lines in this period.": "No hay líneas de comisión en este periodo.",
        "payable": "a pagar",
        "paid": "pagado",
        "held": "en espera",
        "withheld": "retenido",
        "carried": "trasladado",
        "Bonus": "Bonificación",
        "Refund clawback": "Retrocesión (devolución)",
        "Adjustment": "Ajuste",
        "Carried in": "Saldo anterior",
        "Page {number} of {total}": "Página {number} de {total}",
        "Statement {number}": "Liquidación {number}",
        "Statements {period} ({count} partners)": "Liquidaciones {period} ({count} afiliados)",
        "{bound} and over": "{bound} o más",
        " orders": " pedidos",
        " (marginal)": " (por tramos)",
        "below the lowest tier": "por debajo del primer tramo",
        "sales": "ventas",
        "conversion": "conversión",
        "held until {day} ({days}-day holding period)": (
            "en espera hasta el {day} (retención de {days} días)"
        ),
        "withheld: order flagged as fraud on {day}": (
            "retenido: pedido marcado como fraude el {day}"
        ),
        "withheld: partner flagged as fraud on {day}": (
            "retenido: afiliado marcado como fraude el {day}"
        ),
        "partner paused": "afiliado en pausa",
        "below the {amount} minimum, carried over": (
            "por debajo del mínimo de {amount}, trasladado"
        ),
        "partner terminated on {day}: orders after that date earn nothing": (
            "afiliación terminada el {day}: los pedidos posteriores no generan comisión"
        ),
        "balance carried over from run {run}": "saldo de la liquidación {run}",
        "fraud flag {ref} lifted: commission on order {ext} withheld in run {run} released": (
            "marca de fraude {ref} retirada: comisión del pedido {ext} retenida en la "
            "liquidación {run} liberada"
        ),
        "fraud flag {ref} lifted: {kind} withheld in run {run} released": (
            "marca de fraude {ref} retirada: línea ({kind}) retenida en la liquidación {run} "
            "liberada"
        ),
        "fraud flag {ref} lifted: fraud clawback of order {ext} in run {run} given back": (
            "marca de fraude {ref} retirada: retrocesión del pedido {ext} en la liquidación "
            "{run} devuelta"
        ),
        " (by {actor})": " (por {actor})",
        "Bank transfer": "Transferencia bancaria",
        "Other": "Otro",
    },
}

_DAY = r"(?P<day>\d{4}-\d{2}-\d{2})"
_FLAG = r"fraud flag on (?:order|partner) (?P<ref>\S+)"  # fraud_releases: the lifted flag
# The stored reasons' shapes (payouts settlement and engine), each with the key that says it.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (
            rf"^held until {_DAY} \((?P<days>\d+)-day holding period\)$",
            "held until {day} ({days}-day holding period)",
        ),
        (
            rf"^withheld: order flagged as fraud on {_DAY}$",
            "withheld: order flagged as fraud on {day}",
        ),
        (
            rf"^withheld: partner flagged as fraud on {_DAY}$",
            "withheld: partner flagged as fraud on {day}",
        ),
        (r"^partner paused$", "partner paused"),
        (
            r"^below the (?P<amount>-?[\d.]+) minimum, carried over$",
            "below the {amount} minimum, carried over",
        ),
        (
            rf"^partner terminated on {_DAY}: orders after that date earn nothing$",
            "partner terminated on {day}: orders after that date earn nothing",
        ),
        (r"^balance carried over from run (?P<run>\d+)$", "balance carried over from run {run}"),
        (
            rf"^{_FLAG} lifted: commission on order (?P<ext>\S+) withheld in run (?P<run>\d+) "
            "released$",
            "fraud flag {ref} lifted: commission on order {ext} withheld in run {run} released",
        ),
        (
            rf"^{_FLAG} lifted: (?P<kind>[a-z ]+) withheld in run (?P<run>\d+) released$",
            "fraud flag {ref} lifted: {kind} withheld in run {run} released",
        ),
        (
            rf"^{_FLAG} lifted: fraud clawback of order (?P<ext>\S+) in run (?P<run>\d+) "
            "given back$",
            "fraud flag {ref} lifted: fraud clawback of order {ext} in run {run} given back",
        ),
    )
)
_BY = re.compile(r" \(by (?P<actor>[^()]*)\)$")
_METRIC = re.compile(r"^(?P<metric>sales|orders|conversion) ≥ ")
_TIER_WORDS = (" orders", " (marginal)")
_AND_OVER = re.compile(r"^(?P<bound>.+?) and over(?P<rest>.*)$")
_BOUND = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Wording:
    """Says statement texts in one language; `day` and `amount` format values found in stored
    reasons (the statement's Formatter)."""

    language: str
    day: Callable[[date], str] = date.isoformat
    amount: Callable[[Decimal], str] = str  # with the currency ("50,00 €")
    number: Callable[[Decimal], str] = str  # a bare amount ("1.234,50")

    @property
    def english(self) -> bool:
        return self.language not in CATALOGS

    def __call__(self, text: str, **values: object) -> str:
        template = CATALOGS.get(self.language, {}).get(text, text)
        return template.format(**values) if values else template

    def reason(self, text: str) -> str:
        """A stored reason or explanation in the statement's language (English: as stored)."""
        if self.english or not text:
            return text
        by = _BY.search(text)  # "<reason or the merchant's own words> (by ann)"
        core = text[: by.start()] if by is not None else text
        for pattern, key in _REASONS:
            found = pattern.match(core)
            if found is not None:
                core = self(key, **self._values(found.groupdict()))
                break
        return core + (self(" (by {actor})", actor=by["actor"]) if by is not None else "")

    def tier(self, text: str) -> str:
        """ "200.00 and over", "20 orders and over (marginal)", "sales ≥ 20000" in words."""
        if self.english or not text:
            return text
        if text == "below the lowest tier":
            return self(text)
        metric = _METRIC.match(text)
        if metric is not None:
            name = metric["metric"]
            word = self(" orders").strip() if name == "orders" else self(name)
            return f"{word} ≥ {text[metric.end() :]}"
        # money bounds were stored as "1234.50"; order counts have no decimals
        text = _BOUND.sub(lambda bound: self.number(Decimal(bound[0])), text)
        for word in _TIER_WORDS:
            text = text.replace(word, self(word))
        over = _AND_OVER.match(text)
        if over is not None:
            text = self("{bound} and over", bound=over["bound"]) + over["rest"]
        return text

    def line_tier(self, kind: str, text: str) -> str:
        """The Tier column: a tier label for order lines and bonus targets; for adjustments
        and other lines the stored explanation (free text, only its "(by …)" is translated)."""
        if kind in ("commission", "clawback") or (kind == "bonus" and _METRIC.match(text)):
            return self.tier(text)
        return self.reason(text)

    def _values(self, found: dict[str, str]) -> dict[str, str]:
        values = dict(found)
        if "day" in values:
            values["day"] = self.day(date.fromisoformat(values["day"]))
        if "kind" in values:  # "bonus", "carried in": the statement's name for such a line
            values["kind"] = self(values["kind"].capitalize())
        if "amount" in values:
            with contextlib.suppress(InvalidOperation):
                values["amount"] = self.amount(Decimal(values["amount"]))
        return values


def language_of(locale: str) -> str:
    """ "de_DE" → "de"; "pt-BR" → "pt"."""
    return locale.replace("-", "_").split("_")[0].lower()
