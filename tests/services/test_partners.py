from datetime import date

import pytest

from desktop_app.domain.partners import PartnerInput, PartnerStatus, PayoutMethod
from desktop_app.errors import NotFoundError, UserError, ValidationError
from desktop_app.services import audit, partners
from desktop_app.store.database import Store


def _add(store: Store, name: str, *codes: str, **extra: object) -> int:
    with store.transaction() as session:
        return partners.create_partner(session, PartnerInput(name, codes, **extra)).id  # type: ignore[arg-type]


def test_create_stores_every_field_and_normalizes_spacing(store: Store) -> None:
    with store.transaction() as session:
        created = partners.create_partner(
            session,
            PartnerInput(
                name="  GadgetFlow   Weekly ",
                codes=(" GADGET ", "GF10"),
                email="hi@gadgetflow.example",
                partner_type="Tech blog",
                country="us",
                payout_method=PayoutMethod.PAYPAL,
                payout_details="pay@gadgetflow.example",
                notes="met at a fair",
                join_date=date(2026, 3, 1),
            ),
            today=date(2026, 11, 1),
        )
    with store.transaction() as session:
        loaded = partners.get_partner(session, created.id)
    assert loaded.name == "GadgetFlow Weekly"
    assert loaded.codes == ("GADGET", "GF10")
    assert loaded.country == "US"
    assert loaded.partner_type == "Tech blog"
    assert loaded.payout_method is PayoutMethod.PAYPAL
    assert loaded.status is PartnerStatus.ACTIVE
    assert loaded.join_date == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (PartnerInput("", ("A1",)), "name", "needs a name"),
        (PartnerInput("   ", ("A1",)), "name", "needs a name"),
        (PartnerInput("Ann", ()), "codes", "at least one"),
        (PartnerInput("Ann", ("has space",)), "codes", "not a valid code"),
        (PartnerInput("Ann", ("A1", "a1")), "codes", "listed twice"),
        (PartnerInput("Ann", ("A1",), email="ann-at-example"), "email", "not an e-mail"),
        (PartnerInput("Ann", ("A1",), country="Germany"), "country", "two-letter"),
    ],
)
def test_validation_names_the_field(
    store: Store, data: PartnerInput, field: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught, store.transaction() as session:
        partners.create_partner(session, data)
    assert caught.value.field == field
    with store.transaction() as session:
        assert partners.list_partners(session) == []


def test_a_code_belongs_to_one_partner_whatever_its_case(store: Store) -> None:
    _add(store, "First", "SUMMER10")
    with pytest.raises(ValidationError, match="'SUMMER10' already belongs to partner First"):
        _add(store, "Second", "summer10")


def test_update_keeps_own_codes_and_checks_others(store: Store) -> None:
    first = _add(store, "First", "F1")
    _add(store, "Second", "S1")
    with store.transaction() as session:
        updated = partners.update_partner(
            session, first, PartnerInput("First Renamed", ("F1", "F2"))
        )
    assert updated.codes == ("F1", "F2")
    with (
        pytest.raises(ValidationError, match="already belongs to partner Second"),
        store.transaction() as session,
    ):
        partners.update_partner(session, first, PartnerInput("First", ("F1", "S1")))


def test_search_matches_name_code_email_and_type(store: Store) -> None:
    _add(store, "Maison Lumière", "MAISON", partner_type="Lifestyle media")
    _add(store, "DealDrop", "DD1", email="team@dealdrop.example", partner_type="Coupon site")
    with store.transaction() as session:

        def names(text: str) -> list[str]:
            return [p.name for p in partners.list_partners(session, search=text)]

        assert names("lumi") == ["Maison Lumière"]
        assert names("dd1") == ["DealDrop"]
        assert names("team@") == ["DealDrop"]
        assert names("coupon") == ["DealDrop"]
        assert names("") == ["DealDrop", "Maison Lumière"]
        assert partners.find_by_code(session, "maison").name == "Maison Lumière"
        with pytest.raises(NotFoundError):
            partners.find_by_code(session, "NOPE")


def test_terminate_records_the_date_and_stops_earning_after_it(store: Store) -> None:
    pid = _add(store, "Leaky Coupons", "LEAK")
    with store.transaction() as session:
        partner = partners.terminate_partner(
            session, pid, on_date=date(2026, 10, 9), reason="code leaked"
        )
    assert partner.status is PartnerStatus.TERMINATED
    assert partner.status_date == date(2026, 10, 9)
    assert partner.earns_on(date(2026, 10, 9))
    assert not partner.earns_on(date(2026, 10, 10))
    with store.transaction() as session:
        log = audit.entries(session, partner_id=pid)
    assert [e.action for e in log] == ["partner.terminated", "partner.create"]
    assert log[0].reason == "code leaked"
    with pytest.raises(UserError, match="cannot be reactivated"), store.transaction() as session:
        partners.set_status(session, pid, PartnerStatus.ACTIVE)


def test_pause_and_reactivate(store: Store) -> None:
    pid = _add(store, "Sleepy", "SLEEP")
    with store.transaction() as session:
        assert (
            partners.set_status(session, pid, PartnerStatus.PAUSED).status is PartnerStatus.PAUSED
        )
        assert partners.list_partners(session, status=PartnerStatus.PAUSED)[0].id == pid
        assert (
            partners.set_status(session, pid, PartnerStatus.ACTIVE).status is PartnerStatus.ACTIVE
        )
    with pytest.raises(UserError, match="already active"), store.transaction() as session:
        partners.set_status(session, pid, PartnerStatus.ACTIVE)
