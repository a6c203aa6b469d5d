"""Every text of the partner terms sheet and the annual statement, in English, and their German,
French and Spanish translations. The English text is the key (as in statements/catalogs.py); a
test checks that each catalog translates every text in SOURCE."""

from __future__ import annotations

SOURCE: tuple[str, ...] = (
    # terms sheet
    "Partner terms",
    "Terms in force on {day}",
    "For",
    "Partner codes: {codes}",
    "What you earn",
    "Commission plan: {plan} (version {version}, in force since {day})",
    "No commission plan covers you on {day}: you earn nothing until the merchant assigns one.",
    "All products",
    "Products in category {category}",
    "Tiers by the amount of each order.",
    "Tiers by your sales in the period.",
    "Tiers by your number of orders in the period.",
    "Whole: the whole amount earns the rate of the tier it reaches.",
    "Marginal: each slice earns the rate of its own tier, like tax brackets.",
    "Marginal: each order earns the rate of the tier its number in the period falls in.",
    "From",
    "Below",
    "Rate",
    "Fixed per order",
    "and over",
    "Worked examples",
    "An order of {amount}: {how} = {total}.",
    "Sales of {amount} in a period: {how} = {total}.",
    "Order no. {number} of a period, of {amount}: {how} = {total}.",
    "{count} orders of {amount} in a period: {how} each, {total} in all.",
    "{rate} of {amount}",
    "{amount} per order",
    "Bonuses",
    "{name}: when your {metric} in a period reach {threshold}, you get {reward}.",
    "sales",
    "orders",
    "conversion rate",
    "{rate} of your sales in the period",
    "When and how you are paid",
    "Commission is settled once a month for the calendar month before; each settlement comes "
    "with a statement of every order.",
    "Holding period: commission on an order becomes payable {days} days after the order date, "
    "once returns are in.",
    "No holding period: commission is payable in the settlement of the order's month.",
    "Minimum payout: {amount}. A smaller balance is not lost: it is carried over and paid with "
    "a later settlement.",
    "Payment: {method}.",
    "Bank transfer to {account}",
    "PayPal to {account}",
    "as agreed with the merchant",
    "Payout details are still missing: please send them to the merchant.",
    "Refunds and fraud",
    "A refund before payment reduces the commission in proportion; a full refund cancels it. A "
    "refund after payment is deducted from your next settlement.",
    "Commission on an order flagged as fraud is withheld; if a partner is flagged, all unpaid "
    "commission is withheld. A flag lifted by mistake releases what was withheld.",
    "Questions",
    "Write to {email}.",
    # annual statement
    "Annual statement {year}",
    "Payments in {year}",
    "Run",
    "Period",
    "Paid on",
    "Reference",
    "Commission",
    "Bonus",
    "Clawbacks",
    "Adjustments",
    "Paid",
    "Total {year}",
    "No payments in {year}.",
    "Amounts in {currency}, from the settlements paid in {year}.",
    "Page {number} of {total}",
)

CATALOGS: dict[str, dict[str, str]] = {
    "de": {
        "Partner terms": "Partnerbedingungen",
        "Terms in force on {day}": "Bedingungen gültig am {day}",
        "For": "Für",
        "Partner codes: {codes}": "Partnercodes: {codes}",
        "What you earn": "Was Sie verdienen",
        "Commission plan: {plan} (version {version}, in force since {day})": (
            "Provisionsplan: {plan} (Version {version}, gültig seit {day})"
        ),
        "No commission plan covers you on {day}: you earn nothing until the merchant assigns "
        "one.": (
            "Am {day} gilt für Sie kein Provisionsplan: Sie verdienen nichts, bis der Händler "
            "Ihnen einen zuweist."
        ),
        "All products": "Alle Produkte",
        "Products in category {category}": "Produkte der Kategorie {category}",
        "Tiers by the amount of each order.": "Stufen nach dem Betrag jeder Bestellung.",
        "Tiers by your sales in the period.": "Stufen nach Ihrem Umsatz im Zeitraum.",
        "Tiers by your number of orders in the period.": (
            "Stufen nach Ihrer Anzahl Bestellungen im Zeitraum."
        ),
        "Whole: the whole amount earns the rate of the tier it reaches.": (
            "Ganz: Der ganze Betrag erhält den Satz der erreichten Stufe."
        ),
        "Marginal: each slice earns the rate of its own tier, like tax brackets.": (
            "Gestaffelt: Jeder Teil erhält den Satz seiner eigenen Stufe, wie bei Steuerstufen."
        ),
        "Marginal: each order earns the rate of the tier its number in the period falls in.": (
            "Gestaffelt: Jede Bestellung erhält den Satz der Stufe, in die ihre Nummer im "
            "Zeitraum fällt."
        ),
        "From": "Ab",
        "Below": "Unter",
        "Rate": "Satz",
        "Fixed per order": "Fest je Bestellung",
        "and over": "und mehr",
        "Worked examples": "Rechenbeispiele",
        "An order of {amount}: {how} = {total}.": "Eine Bestellung über {amount}: {how} = {total}.",
        "Sales of {amount} in a period: {how} = {total}.": (
            "Umsatz von {amount} im Zeitraum: {how} = {total}."
        ),
        "Order no. {number} of a period, of {amount}: {how} = {total}.": (
            "Bestellung Nr. {number} im Zeitraum, über {amount}: {how} = {total}."
        ),
        "{count} orders of {amount} in a period: {how} each, {total} in all.": (
            "{count} Bestellungen über {amount} im Zeitraum: je {how}, zusammen {total}."
        ),
        "{rate} of {amount}": "{rate} von {amount}",
        "{amount} per order": "{amount} je Bestellung",
        "Bonuses": "Boni",
        "{name}: when your {metric} in a period reach {threshold}, you get {reward}.": (
            "{name}: Erreicht Ihr {metric} im Zeitraum {threshold}, erhalten Sie {reward}."
        ),
        "sales": "Umsatz",
        "orders": "Bestellanzahl",
        "conversion rate": "Konversionsrate",
        "{rate} of your sales in the period": "{rate} Ihres Umsatzes im Zeitraum",
        "When and how you are paid": "Wann und wie Sie bezahlt werden",
        "Commission is settled once a month for the calendar month before; each settlement "
        "comes with a statement of every order.": (
            "Provisionen werden einmal im Monat für den Vormonat abgerechnet; jede Abrechnung "
            "listet jede Bestellung auf."
        ),
        "Holding period: commission on an order becomes payable {days} days after the order "
        "date, once returns are in.": (
            "Haltefrist: Die Provision einer Bestellung wird {days} Tage nach dem Bestelldatum "
            "auszahlbar, wenn Rücksendungen feststehen."
        ),
        "No holding period: commission is payable in the settlement of the order's month.": (
            "Keine Haltefrist: Die Provision wird mit der Abrechnung des Bestellmonats auszahlbar."
        ),
        "Minimum payout: {amount}. A smaller balance is not lost: it is carried over and paid "
        "with a later settlement.": (
            "Mindestauszahlung: {amount}. Ein kleineres Guthaben verfällt nicht: Es wird "
            "übertragen und mit einer späteren Abrechnung ausgezahlt."
        ),
        "Payment: {method}.": "Zahlung: {method}.",
        "Bank transfer to {account}": "Banküberweisung auf {account}",
        "PayPal to {account}": "PayPal an {account}",
        "as agreed with the merchant": "wie mit dem Händler vereinbart",
        "Payout details are still missing: please send them to the merchant.": (
            "Es fehlen noch Zahlungsangaben: Bitte senden Sie sie dem Händler."
        ),
        "Refunds and fraud": "Erstattungen und Betrug",
        "A refund before payment reduces the commission in proportion; a full refund cancels "
        "it. A refund after payment is deducted from your next settlement.": (
            "Eine Erstattung vor der Zahlung mindert die Provision anteilig; eine volle "
            "Erstattung hebt sie auf. Eine Erstattung nach der Zahlung wird von Ihrer nächsten "
            "Abrechnung abgezogen."
        ),
        "Commission on an order flagged as fraud is withheld; if a partner is flagged, all "
        "unpaid commission is withheld. A flag lifted by mistake releases what was withheld.": (
            "Die Provision einer als Betrug markierten Bestellung wird einbehalten; ist ein "
            "Partner markiert, wird alle offene Provision einbehalten. Eine irrtümliche "
            "Markierung wird aufgehoben und das Einbehaltene freigegeben."
        ),
        "Questions": "Fragen",
        "Write to {email}.": "Schreiben Sie an {email}.",
        "Annual statement {year}": "Jahresübersicht {year}",
        "Payments in {year}": "Zahlungen {year}",
        "Run": "Abrechnung",
        "Period": "Zeitraum",
        "Paid on": "Bezahlt am",
        "Reference": "Referenz",
        "Commission": "Provision",
        "Bonus": "Bonus",
        "Clawbacks": "Rückbuchungen",
        "Adjustments": "Korrekturen",
        "Paid": "Ausgezahlt",
        "Total {year}": "Summe {year}",
        "No payments in {year}.": "Keine Zahlungen im Jahr {year}.",
        "Amounts in {currency}, from the settlements paid in {year}.": (
            "Beträge in {currency}, aus den {year} bezahlten Abrechnungen."
        ),
        "Page {number} of {total}": "Seite {number} von {total}",
    },
    "fr": {
        "Partner terms": "Conditions partenaire",
        "Terms in force on {day}": "Conditions en vigueur le {day}",
        "For": "Pour",
        "Partner codes: {codes}": "Codes partenaire : {codes}",
        "What you earn": "Ce que vous gagnez",
        "Commission plan: {plan} (version {version}, in force since {day})": (
            "Plan de commission : {plan} (version {version}, en vigueur depuis le {day})"
        ),
        "No commission plan covers you on {day}: you earn nothing until the merchant assigns "
        "one.": (
            "Aucun plan de commission ne vous couvre le {day} : vous ne gagnez rien tant que le "
            "marchand ne vous en attribue pas."
        ),
        "All products": "Tous les produits",
        "Products in category {category}": "Produits de la catégorie {category}",
        "Tiers by the amount of each order.": "Paliers selon le montant de chaque commande.",
        "Tiers by your sales in the period.": "Paliers selon vos ventes de la période.",
        "Tiers by your number of orders in the period.": (
            "Paliers selon votre nombre de commandes de la période."
        ),
        "Whole: the whole amount earns the rate of the tier it reaches.": (
            "Global : tout le montant reçoit le taux du palier atteint."
        ),
        "Marginal: each slice earns the rate of its own tier, like tax brackets.": (
            "Par tranches : chaque tranche reçoit le taux de son palier, comme un barème fiscal."
        ),
        "Marginal: each order earns the rate of the tier its number in the period falls in.": (
            "Par tranches : chaque commande reçoit le taux du palier où tombe son numéro dans "
            "la période."
        ),
        "From": "À partir de",
        "Below": "Jusqu'à",
        "Rate": "Taux",
        "Fixed per order": "Fixe par commande",
        "and over": "et plus",
        "Worked examples": "Exemples chiffrés",
        "An order of {amount}: {how} = {total}.": "Une commande de {amount} : {how} = {total}.",
        "Sales of {amount} in a period: {how} = {total}.": (
            "Des ventes de {amount} sur une période : {how} = {total}."
        ),
        "Order no. {number} of a period, of {amount}: {how} = {total}.": (
            "Commande n° {number} de la période, de {amount} : {how} = {total}."
        ),
        "{count} orders of {amount} in a period: {how} each, {total} in all.": (
            "{count} commandes de {amount} sur une période : {how} chacune, {total} au total."
        ),
        "{rate} of {amount}": "{rate} de {amount}",
        "{amount} per order": "{amount} par commande",
        "Bonuses": "Primes",
        "{name}: when your {metric} in a period reach {threshold}, you get {reward}.": (
            "{name} : lorsque vos {metric} sur une période atteignent {threshold}, vous "
            "recevez {reward}."
        ),
        "sales": "ventes",
        "orders": "commandes",
        "conversion rate": "taux de conversion",
        "{rate} of your sales in the period": "{rate} de vos ventes de la période",
        "When and how you are paid": "Quand et comment vous êtes payé",
        "Commission is settled once a month for the calendar month before; each settlement "
        "comes with a statement of every order.": (
            "Les commissions sont réglées une fois par mois pour le mois précédent ; chaque "
            "règlement est accompagné d'un relevé de chaque commande."
        ),
        "Holding period: commission on an order becomes payable {days} days after the order "
        "date, once returns are in.": (
            "Période de rétention : la commission d'une commande est due {days} jours après la "
            "date de commande, une fois les retours connus."
        ),
        "No holding period: commission is payable in the settlement of the order's month.": (
            "Pas de période de rétention : la commission est réglée avec le mois de la commande."
        ),
        "Minimum payout: {amount}. A smaller balance is not lost: it is carried over and paid "
        "with a later settlement.": (
            "Paiement minimum : {amount}. Un solde inférieur n'est pas perdu : il est reporté et "
            "versé avec un règlement ultérieur."
        ),
        "Payment: {method}.": "Paiement : {method}.",
        "Bank transfer to {account}": "Virement bancaire sur {account}",
        "PayPal to {account}": "PayPal à {account}",
        "as agreed with the merchant": "selon l'accord avec le marchand",
        "Payout details are still missing: please send them to the merchant.": (
            "Vos coordonnées de paiement manquent encore : merci de les envoyer au marchand."
        ),
        "Refunds and fraud": "Remboursements et fraude",
        "A refund before payment reduces the commission in proportion; a full refund cancels "
        "it. A refund after payment is deducted from your next settlement.": (
            "Un remboursement avant paiement réduit la commission au prorata ; un remboursement "
            "total l'annule. Un remboursement après paiement est déduit de votre prochain "
            "règlement."
        ),
        "Commission on an order flagged as fraud is withheld; if a partner is flagged, all "
        "unpaid commission is withheld. A flag lifted by mistake releases what was withheld.": (
            "La commission d'une commande signalée comme fraude est retenue ; si un partenaire "
            "est signalé, toute commission non payée est retenue. Un signalement levé libère ce "
            "qui avait été retenu."
        ),
        "Questions": "Questions",
        "Write to {email}.": "Écrivez à {email}.",
        "Annual statement {year}": "Relevé annuel {year}",
        "Payments in {year}": "Paiements en {year}",
        "Run": "Relevé",
        "Period": "Période",
        "Paid on": "Payé le",
        "Reference": "Référence",
        "Commission": "Commission",
        "Bonus": "Prime",
        "Clawbacks": "Reprises",
        "Adjustments": "Ajustements",
        "Paid": "Versé",
        "Total {year}": "Total {year}",
        "No payments in {year}.": "Aucun paiement en {year}.",
        "Amounts in {currency}, from the settlements paid in {year}.": (
            "Montants en {currency}, des règlements payés en {year}."
        ),
        "Page {number} of {total}": "Page {number} sur {total}",
    },
    "es": {
        "Partner terms": "Condiciones del afiliado",
        "Terms in force on {day}": "Condiciones vigentes el {day}",
        "For": "Para",
        "Partner codes: {codes}": "Códigos de afiliado: {codes}",
        "What you earn": "Lo que usted gana",
        "Commission plan: {plan} (version {version}, in force since {day})": (
            "Plan de comisiones: {plan} (versión {version}, vigente desde el {day})"
        ),
        "No commission plan covers you on {day}: you earn nothing until the merchant assigns "
        "one.": (
            "El {day} ningún plan de comisiones le cubre: no gana nada hasta que el comerciante "
            "le asigne uno."
        ),
        "All products": "Todos los productos",
        "Products in category {category}": "Productos de la categoría {category}",
        "Tiers by the amount of each order.": "Tramos según el importe de cada pedido.",
        "Tiers by your sales in the period.": "Tramos según sus ventas del periodo.",
        "Tiers by your number of orders in the period.": (
            "Tramos según su número de pedidos del periodo."
        ),
        "Whole: the whole amount earns the rate of the tier it reaches.": (
            "Global: todo el importe recibe la tasa del tramo alcanzado."
        ),
        "Marginal: each slice earns the rate of its own tier, like tax brackets.": (
            "Escalonado: cada parte recibe la tasa de su propio tramo, como en un impuesto."
        ),
        "Marginal: each order earns the rate of the tier its number in the period falls in.": (
            "Escalonado: cada pedido recibe la tasa del tramo en que cae su número en el periodo."
        ),
        "From": "Desde",
        "Below": "Hasta",
        "Rate": "Tasa",
        "Fixed per order": "Fijo por pedido",
        "and over": "o más",
        "Worked examples": "Ejemplos",
        "An order of {amount}: {how} = {total}.": "Un pedido de {amount}: {how} = {total}.",
        "Sales of {amount} in a period: {how} = {total}.": (
            "Ventas de {amount} en un periodo: {how} = {total}."
        ),
        "Order no. {number} of a period, of {amount}: {how} = {total}.": (
            "Pedido n.º {number} del periodo, de {amount}: {how} = {total}."
        ),
        "{count} orders of {amount} in a period: {how} each, {total} in all.": (
            "{count} pedidos de {amount} en un periodo: {how} cada uno, {total} en total."
        ),
        "{rate} of {amount}": "{rate} de {amount}",
        "{amount} per order": "{amount} por pedido",
        "Bonuses": "Bonificaciones",
        "{name}: when your {metric} in a period reach {threshold}, you get {reward}.": (
            "{name}: cuando sus {metric} en un periodo alcanzan {threshold}, recibe {reward}."
        ),
        "sales": "ventas",
        "orders": "pedidos",
        "conversion rate": "tasa de conversión",
        "{rate} of your sales in the period": "{rate} de sus ventas del periodo",
        "When and how you are paid": "Cuándo y cómo se le paga",
        "Commission is settled once a month for the calendar month before; each settlement "
        "comes with a statement of every order.": (
            "Las comisiones se liquidan una vez al mes por el mes anterior; cada liquidación "
            "incluye un detalle de cada pedido."
        ),
        "Holding period: commission on an order becomes payable {days} days after the order "
        "date, once returns are in.": (
            "Periodo de retención: la comisión de un pedido se paga {days} días después de la "
            "fecha del pedido, cuando ya se conocen las devoluciones."
        ),
        "No holding period: commission is payable in the settlement of the order's month.": (
            "Sin periodo de retención: la comisión se paga con la liquidación del mes del pedido."
        ),
        "Minimum payout: {amount}. A smaller balance is not lost: it is carried over and paid "
        "with a later settlement.": (
            "Pago mínimo: {amount}. Un saldo menor no se pierde: se traslada y se paga con una "
            "liquidación posterior."
        ),
        "Payment: {method}.": "Pago: {method}.",
        "Bank transfer to {account}": "Transferencia bancaria a {account}",
        "PayPal to {account}": "PayPal a {account}",
        "as agreed with the merchant": "según lo acordado con el comerciante",
        "Payout details are still missing: please send them to the merchant.": (
            "Faltan sus datos de pago: envíelos al comerciante, por favor."
        ),
        "Refunds and fraud": "Devoluciones y fraude",
        "A refund before payment reduces the commission in proportion; a full refund cancels "
        "it. A refund after payment is deducted from your next settlement.": (
            "Una devolución antes del pago reduce la comisión en proporción; una devolución "
            "total la anula. Una devolución después del pago se descuenta de su próxima "
            "liquidación."
        ),
        "Commission on an order flagged as fraud is withheld; if a partner is flagged, all "
        "unpaid commission is withheld. A flag lifted by mistake releases what was withheld.": (
            "La comisión de un pedido marcado como fraude se retiene; si se marca a un "
            "afiliado, se retiene toda la comisión pendiente. Una marca retirada libera lo "
            "retenido."
        ),
        "Questions": "Preguntas",
        "Write to {email}.": "Escriba a {email}.",
        "Annual statement {year}": "Resumen anual {year}",
        "Payments in {year}": "Pagos en {year}",
        "Run": "Liquidación",
        "Period": "Periodo",
        "Paid on": "Pagado el",
        "Reference": "Referencia",
        "Commission": "Comisión",
        "Bonus": "Bonificación",
        "Clawbacks": "Retrocesiones",
        "Adjustments": "Ajustes",
        "Paid": "Pagado",
        "Total {year}": "Total {year}",
        "No payments in {year}.": "Sin pagos en {year}.",
        "Amounts in {currency}, from the settlements paid in {year}.": (
            "Importes en {currency}, de las liquidaciones pagadas en {year}."
        ),
        "Page {number} of {total}": "Página {number} de {total}",
    },
}


def say(language: str, text: str, **values: object) -> str:
    """`text` in `language` (English when there is no catalog or no translation)."""
    template = CATALOGS.get(language, {}).get(text, text)
    return template.format(**values) if values else template
