from datetime import date

import pytest

from desktop_app.domain.months import add_months, month_end


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 10, 31), 1, date(2026, 11, 1)),
        (date(2026, 12, 15), 1, date(2027, 1, 1)),
        (date(2026, 1, 1), -1, date(2025, 12, 1)),
        (date(2026, 3, 31), -14, date(2025, 1, 1)),
        (date(2026, 5, 5), 0, date(2026, 5, 1)),
    ],
)
def test_add_months_lands_on_the_first_of_the_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2028, 2, 10), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2026, 4, 1), date(2026, 4, 30)),
    ],
)
def test_month_end(day: date, expected: date) -> None:
    assert month_end(day) == expected
