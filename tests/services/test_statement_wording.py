"""Statements in the language of the merchant's locale: German, French and Spanish catalogs,
stored English reasons said again with the locale's dates and amounts, English unchanged."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.services.statements.catalogs import CATALOGS, SOURCE
from desktop_app.services.statements.document import StatementLine
from desktop_app.services.statements.formatting import Formatter
from desktop_app.services.statements.render import render_statement
from desktop_app.services.statements.wording import Wording, language_of
from desktop_app.store.database import Store
from tests.services.test_statements_export import seed_run
from tests.services.test_statements_render import make_statement

PLACEHOLDER = re.compile(r"\{\w+\}")


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_catalog_says_every_text_with_the_same_placeholders(language: str) -> None:
    catalog = CATALOGS[language]
    assert set(catalog) == set(SOURCE)
    for english, translated in catalog.items():
        assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(english))
        assert translated.startswith(" ") == english.startswith(" "), english  # pieces join


def test_language_comes_from_the_locale() -> None:
    assert [language_of(x) for x in ("de_DE", "fr_CA", "es-MX", "en_US", "pt_BR")] == [
        "de",
        "fr",
        "es",
        "en",
        "pt",
    ]


@pytest.mark.parametrize("language", ["en", "pt", "ja"])
def test_english_and_languages_without_a_catalog_print_the_stored_text(language: str) -> None:
    words = Wording(language)
    reason = "held until 2026-11-24 (30-day holding period)"
    assert words.reason(reason) == reason
    assert words.tier("50.00 – 200.00") == "50.00 – 200.00"
    assert words("Amount payable") == "Amount payable"
    assert words("Page {number} of {total}", number=2, total=3) == "Page 2 of 3"


def test_stored_reasons_in_german_with_german_dates_and_amounts() -> None:
    words = Formatter("de_DE", "EUR").words
    assert words.reason("held until 2026-11-24 (30-day holding period)") == (
        "zurückgehalten bis 24.11.2026 (30 Tage Haltefrist)"
    )
    assert words.reason("withheld: order flagged as fraud on 2026-10-26") == (
        "einbehalten: Bestellung am 26.10.2026 als Betrug markiert"
    )
    assert words.reason("withheld: partner flagged as fraud on 2026-10-02") == (
        "einbehalten: Partner am 2.10.2026 als Betrug markiert"
    )
    assert words.reason("partner paused") == "Partner pausiert"
    assert words.reason("below the 50.00 minimum, carried over") == (
        "unter dem Mindestbetrag von 50,00\xa0€, übertragen"
    )
    assert words.reason(
        "partner terminated on 2026-10-20: orders after that date earn nothing"
    ) == ("Partnerschaft beendet am 20.10.2026: spätere Bestellungen bringen keine Provision")
    assert words.reason("balance carried over from run 12") == "Übertrag aus Abrechnung 12"
    assert words("Bank transfer") == "Banküberweisung" and words("PayPal") == "PayPal"
    assert words.reason(
        "fraud flag on order shop:FRAUD-1 lifted: commission on order FRAUD-1 withheld in run 3 "
        "released (by ann)"
    ) == (
        "Betrugsmarkierung shop:FRAUD-1 aufgehoben: in Abrechnung 3 einbehaltene Provision für "
        "Bestellung FRAUD-1 freigegeben (von ann)"
    )
    assert words.reason(
        "fraud flag on partner BETA lifted: bonus withheld in run 4 released (by ann)"
    ) == ("Betrugsmarkierung BETA aufgehoben: in Abrechnung 4 einbehaltener Posten (Bonus) "
          "freigegeben (von ann)")  # fmt: skip
    assert (
        words.reason(
            "fraud flag on order shop:X-9 lifted: fraud clawback of order X-9 in run 5 given back"
        )
        == "Betrugsmarkierung shop:X-9 aufgehoben: Rückbuchung für Bestellung X-9 aus "
        "Abrechnung 5 erstattet"
    )
    # the merchant's own words stay; only "(by …)" is said in German
    assert words.reason("Goodwill for the broken link (by ann)") == (
        "Goodwill for the broken link (von ann)"
    )
    assert words.reason("something new the catalog does not know") == (
        "something new the catalog does not know"
    )


def test_tier_labels_in_german_french_and_spanish() -> None:
    de = Formatter("de_DE", "EUR").words
    assert de.tier("3000.00 and over") == "ab 3.000,00"
    assert de.tier("20 orders and over (marginal)") == "ab 20 Bestellungen (gestaffelt)"
    assert de.tier("0 – 20 orders") == "0 – 20 Bestellungen"
    fr = Formatter("fr_FR", "EUR").words
    assert fr.tier("1000.00 and over") == "1\u202f000,00 et plus"
    assert fr.tier("20 orders and over (marginal)") == "20 commandes et plus (par tranches)"
    assert fr.tier("below the lowest tier") == "sous le premier palier"
    es = Formatter("es_ES", "EUR").words
    assert es.tier("50.00 – 200.00") == "50,00 – 200,00"
    assert es.line_tier("bonus", "sales ≥ 20000") == "ventas ≥ 20000"
    assert es.line_tier("bonus", "orders ≥ 300") == "pedidos ≥ 300"
    # a manual bonus's reason is free text: its words are not touched
    assert es.line_tier("bonus", "50 orders in a week (by ann)") == "50 orders in a week (por ann)"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def with_locale(locale: str, *lines: StatementLine) -> bytes:
    statement = make_statement(3, locale=locale, currency="EUR")
    merchant = replace(statement.merchant, locale=locale)
    return render_statement(replace(statement, merchant=merchant, lines=statement.lines + lines))


def test_a_french_statement_reads_french_and_adds_up_the_same() -> None:
    held = StatementLine(
        reference="ORD-000099",
        line_date=date(2026, 10, 30),
        amount=Decimal("80.00"),
        tier="50.00 – 200.00",
        rate=Decimal(5),
        commission=Decimal("4.00"),
        status="held",
        reason="held until 2026-11-29 (30-day holding period)",
    )
    french = " ".join(pdf_text(with_locale("fr_FR", held)).split())
    for text in (
        "Relevé de commissions",
        "Récapitulatif",
        "Montant à payer",
        "Commande Date Montant Palier Taux Commission Statut",
        "Total des lignes",
        "en attente jusqu'au 29/11/2026",  # the Status column, on one line
        "En attente : la commission d'une commande peut être versée 30 jours après la date",
        "Page 1 sur 1",
        "50,00 – 200,00",
    ):
        assert text in french, text
    assert "Commission statement" not in french and "payable" not in french
    english = " ".join(pdf_text(with_locale("en_US", held)).split())
    assert "held until 11/29/2026" in english
    assert "Held: commission on an order becomes payable 30 days after the order date" in english
    assert "Amount payable" in english and "Page 1 of 1" in english
    # the same figures whatever the language, each in its locale's format
    payable = make_statement(3, currency="EUR").summary.payable
    for locale, text in (("en_US", english), ("fr_FR", french)):
        assert " ".join(Formatter(locale, "EUR").money(payable).split()) in text


def test_a_partner_can_have_statements_in_their_own_language(store: Store, tmp_path: Path) -> None:
    """A German merchant; Zoë wants Spanish statements. Locking freezes her choice."""
    from desktop_app.services import partners, payouts
    from desktop_app.services.statements.export import export_statements

    run = seed_run(store, lock=False)
    with store.transaction() as session:
        zoe = partners.get_partner(session, run.zoe)
        partners.update_partner(session, zoe.id, zoe.as_input(statement_locale="es-ES"))
        assert partners.get_partner(session, zoe.id).statement_locale == "es_ES"
    payouts.lock_run(store, run.run_id)
    with store.transaction() as session:  # changed after the lock: the locked run keeps Spanish
        zoe = partners.get_partner(session, run.zoe)
        partners.update_partner(session, zoe.id, zoe.as_input(statement_locale=""))

    written = {p.name: p for p in export_statements(store, run.run_id, tmp_path).value}
    spanish = " ".join(pdf_text(written["2026-10_ZOE10.pdf"].read_bytes()).split())
    german = " ".join(pdf_text(written["2026-10_DIMA.pdf"].read_bytes()).split())
    assert "Liquidación de comisiones" in spanish and "Importe a pagar" in spanish
    assert "Página 1 de 1" in spanish and "Provisionsabrechnung" not in spanish
    assert "1 de octubre de 2026" in spanish  # Spanish dates too, not only words
    assert "Provisionsabrechnung" in german and "Seite 1 von 1" in german


def test_an_unknown_statement_locale_is_refused() -> None:
    from desktop_app.domain.partners import PartnerInput
    from desktop_app.errors import ValidationError

    with pytest.raises(ValidationError) as caught:
        PartnerInput("Zoë", ("ZOE",), statement_locale="xx_YY").normalized().validate()
    assert caught.value.field == "statement_locale"
    assert "'xx_YY' is not a locale like es_ES" in str(caught.value)


@pytest.mark.parametrize("language", sorted(CATALOGS))
@pytest.mark.parametrize(
    ("kind", "order_id"), [("commission", 7), ("bonus", None), ("clawback", 7)]
)
def test_every_fraud_release_text_the_payouts_write_is_translated(
    language: str, kind: str, order_id: int | None
) -> None:
    """Guards the patterns against the wording of fraud_releases._why changing."""
    from desktop_app.services.payouts.fraud_releases import _why
    from desktop_app.store.models import PayoutLineRow

    line = PayoutLineRow(kind=kind, order_id=order_id, external_id="FRAUD-1")
    for label in ("fraud flag on order shop:FRAUD-1", "fraud flag on partner BETA"):
        said = Wording(language).reason(f"{_why(line, 3, label)} (by ann)")
        assert "lifted" not in said and "(by ann)" not in said, said


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_reason_the_settlement_writes_is_translated(language: str) -> None:
    """Guards the patterns against the settlement's wording changing."""
    from desktop_app.domain.payouts import settlement

    day = date(2026, 11, 24)
    for reason in (
        settlement.held_reason(day, 30),
        settlement.order_fraud_reason(day),
        settlement.partner_fraud_reason(day),
        settlement.PAUSED_REASON,
        settlement.carried_reason(Decimal(50), "EUR"),
        settlement.PENDING_REASON,
        settlement.CANCELLED_REASON,
        settlement.REFUNDED_REASON,
    ):
        said = Formatter(f"{language}_{language.upper()}", "EUR").words.reason(reason)
        assert said != reason and "2026-11-24" not in said, said
