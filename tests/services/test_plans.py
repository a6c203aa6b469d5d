"""Plans service on a real store: CRUD, assignments, bonus rules, the plan book, import."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.domain.commissions import OrderInput, PartnerInput, calculate
from desktop_app.domain.commissions.plans import BonusRule, TierBasis, TierMode
from desktop_app.domain.partners import PartnerInput as NewPartner
from desktop_app.errors import NotFoundError, ValidationError
from desktop_app.services import audit, partners, plans, plans_import
from desktop_app.store.database import Store
from desktop_app.store.models import PlanTierRow

pytestmark = pytest.mark.postgres  # also runs on PostgreSQL in .ci/run

D = Decimal
SAMPLE = Path(__file__).parents[2] / "resources" / "sample_data" / "plans_example.toml"


def tiers(*spec: tuple[str, str, str]) -> list[tuple[Decimal, Decimal, Decimal]]:
    return [(D(a), D(b), D(c)) for a, b, c in spec]


def standard_rule() -> plans.PlanRule:
    return plans.make_rule("order_amount", "whole", tiers(("0", "5", "0"), ("50", "7.25", "0.50")))


def test_a_plan_with_versions_and_assignments_drives_the_engine(store: Store) -> None:
    with store.transaction() as s:
        blog = partners.create_partner(s, NewPartner("Blog", ("BLOG",), partner_type="Tech"))
        vip = partners.create_partner(s, NewPartner("Vip", ("VIP",), partner_type="Tech"))
        std = plans.create_plan(s, "Standard")
        plans.add_version(s, std, date(2026, 1, 1), [standard_rule()])
        plans.add_version(
            s,
            std,
            date(2026, 10, 15),
            [plans.make_rule("order_amount", "whole", tiers(("0", "6", "0")))],
        )
        own = plans.create_plan(s, "VIP")
        plans.add_version(
            s,
            own,
            date(2026, 1, 1),
            [plans.make_rule("order_amount", "whole", tiers(("0", "9", "0")))],
        )
        tech = partners.ensure_type(s, "Tech")
        assert tech is not None
        type_id = tech.id
        plans.assign_to_type(s, type_id, std)
        plans.assign_to_partner(s, vip.id, own)
    with store.transaction() as s:
        book = plans.plan_book(s)
    people = [PartnerInput(blog.id, type_id, None), PartnerInput(vip.id, type_id, None)]
    orders = [
        OrderInput(1, "A", blog.id, date(2026, 10, 14), D("100.00")),  # v1: 7.25 % + 0.50
        OrderInput(2, "B", blog.id, date(2026, 10, 15), D("100.00")),  # v2: 6 %
        OrderInput(3, "C", vip.id, date(2026, 10, 15), D("100.00")),  # own plan: 9 %
    ]
    lines = calculate(orders, people, book, currency="USD")
    assert [(x.commission, x.plan_name, x.plan_version) for x in lines] == [
        (D("7.75"), "Standard", 1),  # 100 × 7.25 % = 7.25, + 0.50 fixed
        (D("6.00"), "Standard", 2),
        (D("9.00"), "VIP", 1),
    ]


def test_rates_and_bounds_come_back_exactly(store: Store) -> None:
    rule = plans.make_rule(
        "period_volume", "marginal", tiers(("0", "4.125", "0"), ("1000.5", "6.0625", "1.25"))
    )
    with store.transaction() as s:
        plan_id = plans.create_plan(s, "Exact")
        plans.add_version(s, plan_id, date(2026, 1, 1), [rule])
    with store.transaction() as s:
        (version,) = plans.get_plan(s, plan_id).versions
        assert version.rules == (rule,)
        stored = s.scalars(select(PlanTierRow.rate_percent).order_by(PlanTierRow.position)).all()
        assert stored == [D("4.125"), D("6.0625")]


def test_plan_names_and_version_dates_are_unique(store: Store) -> None:
    with store.transaction() as s:
        plan_id = plans.create_plan(s, "Standard")
        plans.add_version(s, plan_id, date(2026, 1, 1), [standard_rule()])
    with pytest.raises(ValidationError) as err, store.transaction() as s:
        plans.create_plan(s, " standard ")
    assert err.value.field == "name"
    with pytest.raises(ValidationError) as err, store.transaction() as s:
        plans.add_version(s, plan_id, date(2026, 1, 1), [standard_rule()])
    assert err.value.field == "effective_from"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("volume", "whole", tiers(("0", "5", "0"))), "rule.basis"),
        (("order_amount", "flat", tiers(("0", "5", "0"))), "rule.mode"),
        (("order_amount", "whole", []), "rule.tiers"),
        (("order_amount", "whole", tiers(("0", "5", "0"), ("0", "6", "0"))), "rule.tiers[1].from"),
        (("order_amount", "whole", tiers(("0", "101", "0"))), "rule.tiers[0].rate"),
        (("order_amount", "whole", tiers(("0", "5", "-1"))), "rule.tiers[0].fixed"),
        (
            ("period_orders", "whole", tiers(("0", "5", "0"), ("2.5", "6", "0"))),
            "rule.tiers[1].from",
        ),
    ],
)
def test_bad_rules_are_refused_naming_the_field(
    args: tuple[str, str, list[tuple[Decimal, Decimal, Decimal]]], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        plans.make_rule(*args)
    assert err.value.field == field


def test_a_version_holds_one_rule_per_category(store: Store) -> None:
    books = plans.make_rule("order_amount", "whole", tiers(("0", "3", "0")), "Books")
    with store.transaction() as s:
        plan_id = plans.create_plan(s, "Standard")
        version_id = plans.add_version(s, plan_id, date(2026, 1, 1), [standard_rule(), books])
    with pytest.raises(ValidationError) as err, store.transaction() as s:
        plans.set_version_rules(s, version_id, [standard_rule(), books, books])
    assert err.value.field == "rules[2].category"
    with store.transaction() as s:
        plans.set_version_rules(s, version_id, [books], note="books only")
    with store.transaction() as s:
        (info,) = plans.list_plans(s)
        assert info.versions[0].rules == (books,)
        assert info.versions[0].note == "books only"
        assert s.scalar(select(func.count()).select_from(PlanTierRow)) == 1


def test_assignments_can_be_changed_and_removed(store: Store) -> None:
    with store.transaction() as s:
        p = partners.create_partner(s, NewPartner("Anna", ("ANNA10",), partner_type="Blog"))
        a = plans.create_plan(s, "A")
        b = plans.create_plan(s, "B")
        type_id = partners.ensure_type(s, "Blog").id  # type: ignore[union-attr]
        plans.assign_to_type(s, type_id, a)
        plans.assign_to_partner(s, p.id, a)
        plans.assign_to_partner(s, p.id, b)
    with store.transaction() as s:
        book = plans.plan_book(s)
        assert (dict(book.by_type), dict(book.by_partner)) == ({type_id: a}, {p.id: b})
        info = {i.name: i for i in plans.list_plans(s)}
        assert info["A"].partner_types == ("Blog",)
        assert info["B"].partners == ("Anna (ANNA10)",)
        plans.assign_to_partner(s, p.id, None)
    with store.transaction() as s:
        assert plans.plan_book(s).by_partner == {}
        with pytest.raises(NotFoundError):
            plans.assign_to_partner(s, 999, a)


def test_deleting_a_plan_removes_its_versions_tiers_and_assignments(store: Store) -> None:
    with store.transaction() as s:
        plan_id = plans.create_plan(s, "Gone")
        plans.add_version(s, plan_id, date(2026, 1, 1), [standard_rule()])
        plans.assign_to_type(s, partners.ensure_type(s, "Blog").id, plan_id)  # type: ignore[union-attr]
    with store.transaction() as s:
        plans.delete_plan(s, plan_id, actor="tester")
    with store.transaction() as s:
        assert plans.list_plans(s) == []
        assert s.scalar(select(func.count()).select_from(PlanTierRow)) == 0
        assert plans.plan_book(s).by_type == {}
        actions = [e.action for e in audit.entries(s, entity="plan")]
        assert actions[0] == "plan.delete" and "plan.create" in actions


def test_bonus_rules_are_saved_validated_and_listed(store: Store) -> None:
    with store.transaction() as s:
        rule_id = plans.save_bonus_rule(s, BonusRule(0, "Top", "sales", D("1000"), fixed=D("50")))
        plans.save_bonus_rule(
            s, BonusRule(rule_id, "Top", "sales", D("2000"), fixed=D("75")), active=True
        )
        plans.save_bonus_rule(
            s, BonusRule(0, "Sleeping", "orders", D("5"), fixed=D("5")), active=False
        )
    with store.transaction() as s:
        assert plans.bonus_rules(s) == [BonusRule(rule_id, "Top", "sales", D("2000"), D("75"))]
        assert len(plans.bonus_rules(s, include_inactive=True)) == 2
    for bad, field in (
        (BonusRule(0, "", "sales", D(1), fixed=D(1)), "name"),
        (BonusRule(0, "X", "clicks", D(1), fixed=D(1)), "metric"),  # type: ignore[arg-type]
        (BonusRule(0, "X", "sales", D(-1), fixed=D(1)), "threshold"),
        (BonusRule(0, "X", "sales", D(1)), "fixed"),
        (BonusRule(0, "top", "sales", D(1), fixed=D(1)), "name"),
    ):
        with pytest.raises(ValidationError) as err, store.transaction() as s:
            plans.save_bonus_rule(s, bad)
        assert err.value.field == field
    with store.transaction() as s:
        plans.delete_bonus_rule(s, rule_id)
        assert [r.name for r in plans.bonus_rules(s, include_inactive=True)] == ["Sleeping"]


def test_example_commission_for_the_live_editor() -> None:
    tiers_ = tiers(("0", "5", "0"), ("50", "7", "2.00"), ("200", "10", "0"))
    whole = plans.make_rule("order_amount", "whole", tiers_)
    marginal = plans.make_rule("order_amount", "marginal", tiers_)
    assert plans.example_commission(whole, D("120.00")) == D("10.40")  # 8.40 + 2.00
    assert plans.example_commission(marginal, D("120.00")) == D("9.40")  # 2.50 + 4.90 + 2.00
    assert plans.example_commission(whole, D("0")) == D("0.00")
    assert plans.example_commission(whole, D("1234"), "JPY") == D("123")  # 10 % of 1234 = 123.4
    volume = plans.make_rule(
        "period_volume", "marginal", tiers(("0", "4", "0"), ("1000", "6", "0"))
    )
    assert plans.example_commission(volume, D("1500.00")) == D("70.00")  # 40.00 + 30.00


def test_import_the_sample_file_then_again_is_an_update(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plans.toml"
    shutil.copy(SAMPLE, path)
    first = plans_import.import_plans(store, path)
    assert (first.plans_added, first.versions_added, first.bonus_rules) == (3, 4, 2)
    again = plans_import.import_plans(store, path)
    assert (again.plans_added, again.plans_updated, again.versions_replaced) == (0, 3, 4)
    with store.transaction() as s:
        info = {i.name: i for i in plans.list_plans(s)}
        assert set(info) == {"Standard", "Volume ladder", "Busy partners"}
        std = info["Standard"]
        assert [v.version for v in std.versions] == [1, 2]
        v1 = std.version_on(date(2026, 3, 1))
        assert v1 is not None and [r.category for r in v1.rules] == [None, "Books"]
        ladder = info["Volume ladder"].versions[0].rules[0]
        assert (ladder.basis, ladder.mode) == (TierBasis.PERIOD_VOLUME, TierMode.MARGINAL)
        assert [t.rate for t in ladder.tiers] == [D("4"), D("6"), D("8.5")]
        assert std.partner_types == ("Lifestyle media", "Tech blog")
        assert [r.name for r in plans.bonus_rules(s)] == ["Top seller", "Great conversion"]
        assert any(e.action == "plans.import" for e in audit.entries(s, entity="plan"))


def test_import_json_with_a_partner_override(store: Store, tmp_path: Path) -> None:
    with store.transaction() as s:
        anna = partners.create_partner(s, NewPartner("Anna", ("ANNA10",)))
    data = {
        "plans": [
            {
                "name": "Anna's deal",
                "partners": ["anna10"],
                "versions": [
                    {
                        "effective_from": "2026-02-01",
                        "rules": [
                            {
                                "basis": "order_amount",
                                "mode": "whole",
                                "tiers": [{"from": 0, "rate": 8.25}],
                            }
                        ],
                    }
                ],
            }
        ]
    }
    path = tmp_path / "deal.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    plans_import.import_plans(store, path)
    with store.transaction() as s:
        book = plans.plan_book(s)
        plan = book.plan_for(anna.id, None)
        assert plan is not None and plan.name == "Anna's deal"
        version = plan.version_on(date(2026, 2, 1))
        assert version is not None and version.rules[0].tiers[0].rate == D("8.25")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[[plans]]\nname = "X"\n', "plans[0].versions"),
        (
            '[[plans]]\nname = "X"\n[[plans.versions]]\neffective_from = 2026-01-01\n'
            '[[plans.versions.rules]]\nbasis = "order_amount"\nmode = "whole"\n'
            'tiers = [{ from = 0, rate = 5 }, { from = 50, rate = "abc" }]\n',
            "plans[0].versions[0].rules[0].tiers[1].rate",
        ),
        (
            '[[plans]]\nname = "X"\n[[plans.versions]]\neffective_from = "soon"\n',
            "plans[0].versions[0].effective_from",
        ),
        (
            '[[plans]]\nname = "X"\npartners = ["NOBODY"]\n[[plans.versions]]\n'
            'effective_from = 2026-01-01\n[[plans.versions.rules]]\nbasis = "order_amount"\n'
            'mode = "whole"\ntiers = [{ from = 0, rate = 5 }]\n',
            "plans[0].partners[0]",
        ),
        ('[[bonus_rules]]\nname = "B"\nmetric = "sales"\nthreshold = 5\n', "bonus_rules[0].fixed"),
        ('[[plans]]\nnmae = "X"\n', "plans[0].nmae"),
        ("plans = [", "file"),
    ],
)
def test_a_bad_file_names_the_field_and_saves_nothing(
    store: Store, tmp_path: Path, text: str, field: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[plans]]\nname = "Kept out"\n[[plans.versions]]\neffective_from = 2026-01-01\n'
        '[[plans.versions.rules]]\nbasis = "order_amount"\nmode = "whole"\n'
        "tiers = [{ from = 0, rate = 5 }]\n\n" + text
        if field != "file"
        else text,
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        plans_import.import_plans(store, path)
    expected = field.replace("plans[0]", "plans[1]") if field.startswith("plans[") else field
    assert err.value.field == expected
    with store.transaction() as s:
        assert plans.list_plans(s) == []
        assert plans.bonus_rules(s, include_inactive=True) == []


def test_import_refuses_other_file_types(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plans.yaml"
    path.write_text("plans: []", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"use a \.toml or \.json file"):
        plans_import.import_plans(store, path)


def test_fixed_amounts_must_fit_the_base_currency(store: Store, tmp_path: Path) -> None:
    from desktop_app.services import merchant

    with store.transaction() as s:
        merchant.save_profile(s, merchant.MerchantProfile(name="Shop", base_currency="JPY"))
        plan_id = plans.create_plan(s, "Yen")
    rule = plans.make_rule("order_amount", "whole", tiers(("0", "5", "0"), ("5000", "7", "2.50")))
    with pytest.raises(ValidationError) as err, store.transaction() as s:
        plans.add_version(s, plan_id, date(2026, 1, 1), [rule])
    assert err.value.field == "rules[0].tiers[1].fixed"
    assert "more decimals than JPY allows" in str(err.value)
    path = tmp_path / "yen.toml"
    path.write_text(
        '[[plans]]\nname = "Yen"\n[[plans.versions]]\neffective_from = 2026-01-01\n'
        '[[plans.versions.rules]]\nbasis = "order_amount"\nmode = "whole"\n'
        'tiers = [{ from = 0, rate = 5, fixed = "0.5" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        plans_import.import_plans(store, path)
    assert err.value.field == "plans[0].versions[0].rules[0].tiers[0].fixed"
