"""Fitting table columns into the view: text columns give way before money columns."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.ui.widgets.tables import squeezed


def test_columns_that_fit_are_left_alone() -> None:
    assert squeezed([80, 200, 90], 400, narrowest=90) == [80, 200, 90]


def test_the_widest_columns_give_way_first() -> None:
    # 100 px too wide: the 300 px name column loses it all; the narrow money columns keep theirs
    assert squeezed([80, 300, 95, 95], 470, narrowest=90) == [80, 200, 95, 95]
    # two wide columns end up at one common width
    assert squeezed([250, 300, 70], 470, narrowest=90) == [200, 200, 70]


def test_no_column_is_squeezed_below_the_floor() -> None:
    assert squeezed([300, 300, 70], 200, narrowest=90) == [90, 90, 70]


@given(
    st.lists(st.integers(min_value=20, max_value=400), min_size=1, max_size=14),
    st.integers(min_value=0, max_value=3000),
)
def test_squeezing_never_widens_and_fits_when_the_floor_allows(sizes: list[int], room: int) -> None:
    fitted = squeezed(sizes, room, narrowest=90)
    assert all(new <= old for new, old in zip(fitted, sizes, strict=True))
    assert all(new >= min(old, 90) for new, old in zip(fitted, sizes, strict=True))
    if sum(min(s, 90) for s in sizes) <= room:
        assert sum(fitted) <= room
