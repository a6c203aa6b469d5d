"""Every text a statement prints, in English, and its translations (German, French, Spanish).

The English text is the key; wording.Wording says a text in a statement's language and a
test checks that every catalog translates every text in SOURCE.
"""

from __future__ import annotations

# Printed above the detail lines when a tier is marked " *" (render._tier_cell).
MARGINAL_NOTE = (
    "Tiers marked * are marginal: each slice of the order amount, or of your sales in the period, "
    "earns the rate of its own tier; the line under such an order shows the slices, and the rate "
    "shown is the effective rate (commission ÷ amount). By order count, each order earns the rate "
    "of the tier its number in the period falls in."
)
# Above the lines of a partner paid by marginal tiers on the period's sales.
PERIOD_NOTE = (
    "Marginal tiers on your sales in the period ({sales}): {brackets} = {total}, an effective "
    "{rate}; each order's line is its share of that total, by amount."
)
HELD_NOTE = (
    "Held: commission on an order becomes payable {days} days after the order date (holding "
    "period), once refunds and returns are in."
)

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
    MARGINAL_NOTE,
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
    # how a line was paid, and why it is not paid yet (render.detail_rows)
    "{rate} of {amount}",
    "{amount} per order",
    PERIOD_NOTE,
    HELD_NOTE,
    "Why some lines are not paid yet",
    "held until {day}",
    "withheld: fraud, {day}",
    "carried over",
    "terminated on {day}",
    # the run summary page of a combined file
    "Payout run summary",
    "Run {run} · period {period} · {count} partners · amounts in {currency}",
    "Partner",
    "Total",
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
    "pending: not confirmed by the shop yet",
    "cancelled by the shop: earns nothing",
    "refunded by the shop before payment: earns nothing",
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
        MARGINAL_NOTE: (
            "Mit * markierte Stufen sind gestaffelt: Jeder Teil des Bestellbetrags oder Ihres "
            "Umsatzes im Zeitraum erhält den Satz seiner eigenen Stufe; die Zeile unter einer "
            "solchen Bestellung zeigt die Teile, angegeben ist der effektive Satz (Provision ÷ "
            "Betrag). Nach Bestellanzahl erhält jede Bestellung den Satz der Stufe, in die ihre "
            "Nummer im Zeitraum fällt."
        ),
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
        "{rate} of {amount}": "{rate} von {amount}",
        "{amount} per order": "{amount} je Bestellung",
        PERIOD_NOTE: (
            "Gestaffelte Stufen auf Ihren Umsatz im Zeitraum ({sales}): {brackets} = {total}, "
            "effektiv {rate}; jede Bestellung erhält ihren Anteil daran, nach Betrag."
        ),
        HELD_NOTE: (
            "Zurückgehalten: Die Provision einer Bestellung wird {days} Tage nach dem "
            "Bestelldatum auszahlbar (Haltefrist), wenn Erstattungen und Rücksendungen "
            "feststehen."
        ),
        "Why some lines are not paid yet": "Warum einige Posten noch nicht ausgezahlt werden",
        "held until {day}": "zurückgehalten bis {day}",
        "withheld: fraud, {day}": "einbehalten: Betrug, {day}",
        "carried over": "übertragen",
        "terminated on {day}": "beendet am {day}",
        "Payout run summary": "Übersicht der Abrechnung",
        "Run {run} · period {period} · {count} partners · amounts in {currency}": (
            "Abrechnung {run} · Zeitraum {period} · {count} Partner · Beträge in {currency}"
        ),
        "Partner": "Partner",
        "Total": "Summe",
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
        "pending: not confirmed by the shop yet": "ausstehend: vom Shop noch nicht bestätigt",
        "cancelled by the shop: earns nothing": "vom Shop storniert: keine Provision",
        "refunded by the shop before payment: earns nothing": (
            "vom Shop vor der Auszahlung erstattet: keine Provision"
        ),
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
        MARGINAL_NOTE: (
            "Les paliers marqués * sont par tranches : chaque tranche du montant de la commande, "
            "ou de vos ventes sur la période, reçoit le taux de son propre palier ; la ligne sous "
            "une telle commande montre les tranches, et le taux indiqué est le taux effectif "
            "(commission ÷ montant). Au nombre de commandes, chaque commande reçoit le taux du "
            "palier où tombe son numéro dans la période."
        ),
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
        "{rate} of {amount}": "{rate} de {amount}",
        "{amount} per order": "{amount} par commande",
        PERIOD_NOTE: (
            "Paliers par tranches sur vos ventes de la période ({sales}) : {brackets} = "
            "{total}, soit {rate} effectifs ; chaque commande en reçoit sa part, au prorata "
            "de son montant."
        ),
        HELD_NOTE: (
            "En attente : la commission d'une commande peut être versée {days} jours après la "
            "date de commande (période de rétention), une fois les remboursements et retours "
            "connus."
        ),
        "Why some lines are not paid yet": "Pourquoi certaines lignes ne sont pas encore payées",
        "held until {day}": "en attente jusqu'au {day}",
        "withheld: fraud, {day}": "retenu : fraude, {day}",
        "carried over": "reporté",
        "terminated on {day}": "terminé le {day}",
        "Payout run summary": "Récapitulatif du relevé",
        "Run {run} · period {period} · {count} partners · amounts in {currency}": (
            "Relevé {run} · période {period} · {count} partenaires · montants en {currency}"
        ),
        "Partner": "Partenaire",
        "Total": "Total",
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
        "pending: not confirmed by the shop yet": (
            "en attente : pas encore confirmée par la boutique"
        ),
        "cancelled by the shop: earns nothing": "annulée par la boutique : aucune commission",
        "refunded by the shop before payment: earns nothing": (
            "remboursée par la boutique avant le paiement : aucune commission"
        ),
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
        MARGINAL_NOTE: (
            "Los tramos marcados con * son escalonados: cada parte del importe del pedido, o de "
            "sus ventas del periodo, recibe la tasa de su propio tramo; la línea bajo ese pedido "
            "muestra las partes, y la tasa indicada es la efectiva (comisión ÷ importe). Por "
            "número de pedidos, cada pedido recibe la tasa del tramo en que cae su número en el "
            "periodo."
        ),
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
        "{rate} of {amount}": "{rate} de {amount}",
        "{amount} per order": "{amount} por pedido",
        PERIOD_NOTE: (
            "Tramos escalonados sobre sus ventas del periodo ({sales}): {brackets} = {total}, "
            "un {rate} efectivo; cada pedido recibe su parte, según su importe."
        ),
        HELD_NOTE: (
            "En espera: la comisión de un pedido se paga {days} días después de la fecha del "
            "pedido (periodo de retención), cuando ya se conocen devoluciones y reembolsos."
        ),
        "Why some lines are not paid yet": "Por qué algunas líneas aún no se pagan",
        "held until {day}": "en espera hasta el {day}",
        "withheld: fraud, {day}": "retenido: fraude, {day}",
        "carried over": "trasladado",
        "terminated on {day}": "terminado el {day}",
        "Payout run summary": "Resumen de la liquidación",
        "Run {run} · period {period} · {count} partners · amounts in {currency}": (
            "Liquidación {run} · periodo {period} · {count} afiliados · importes en {currency}"
        ),
        "Partner": "Afiliado",
        "Total": "Total",
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
        "pending: not confirmed by the shop yet": "pendiente: la tienda aún no lo ha confirmado",
        "cancelled by the shop: earns nothing": "cancelado por la tienda: sin comisión",
        "refunded by the shop before payment: earns nothing": (
            "reembolsado por la tienda antes del pago: sin comisión"
        ),
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
