"""Fitting table columns into the view: text columns give way before money columns."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QTableView

from desktop_app.ui.models.base import Column, ValueTableModel
from desktop_app.ui.widgets.tables import make_table, squeezed


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


class _PlanLines(ValueTableModel[tuple[str, str, Decimal]]):
    columns = (
        Column("Order", lambda row: row[0]),
        Column("Plan / tier", lambda row: row[1]),
        Column("Commission", lambda row: row[2], money=True),
    )


PLAN_TEXT = "Lifestyle – monthly volume, stepped v1 · 3000.00 – 10000.00 (marginal)"


def _shown_table(qtbot, width: int) -> QTableView:  # type: ignore[no-untyped-def]
    model = _PlanLines()
    table, _ = make_table(model, "lines")
    qtbot.addWidget(table)
    table.resize(width, 300)
    table.show()
    qtbot.waitExposed(table)
    model.set_items([("LO-1", PLAN_TEXT, Decimal("3.66"))], "USD", "en_US")
    return table


def test_a_wide_view_shows_a_long_plan_text_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = _shown_table(qtbot, 1400)
    wanted = table.sizeHintForColumn(1)
    assert wanted > 320  # longer than the cap a narrow view gets
    qtbot.waitUntil(lambda: table.columnWidth(1) >= wanted)


def test_a_narrow_view_caps_the_plan_text_and_keeps_the_money_in_sight(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = _shown_table(qtbot, 420)
    qtbot.waitUntil(lambda: table.columnWidth(1) < table.sizeHintForColumn(1))
    right_edge = table.columnViewportPosition(2) + table.sizeHintForColumn(2)
    assert right_edge <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to


def test_the_widest_text_column_takes_the_room_left_not_the_last(qtbot) -> None:  # type: ignore[no-untyped-def]
    table = _shown_table(qtbot, 1400)
    header = table.horizontalHeader()
    qtbot.waitUntil(
        lambda: sum(header.sectionSize(c) for c in range(3)) == table.viewport().width()
    )
    assert not header.stretchLastSection()
    content = max(table.sizeHintForColumn(2), header.sectionSizeHint(2))
    assert table.columnWidth(2) == content  # the money column: its content
    assert table.columnWidth(1) > table.sizeHintForColumn(1)  # the plan text: the rest
    table.resize(900, 300)  # narrower: the plan column gives the room back
    qtbot.waitUntil(
        lambda: sum(header.sectionSize(c) for c in range(3)) == table.viewport().width()
    )
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)


def test_columns_are_not_fitted_while_the_table_is_empty(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = _PlanLines()
    table, _ = make_table(model, "lines")
    qtbot.addWidget(table)
    table.resize(1000, 300)
    table.show()
    qtbot.waitExposed(table)
    model.set_items([], "USD", "en_US")
    assert not table.property("fitted")
    model.set_items([("LO-1", PLAN_TEXT, Decimal("3.66"))], "USD", "en_US")
    assert table.property("fitted")
    qtbot.waitUntil(lambda: table.columnWidth(1) >= table.sizeHintForColumn(1))


def test_remembered_widths_win_and_the_stretch_is_saved_at_its_own_width(qtbot, qsettings) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.widgets.tables import restore_header, save_header

    table = _shown_table(qtbot, 1400)
    qtbot.waitUntil(lambda: table.columnWidth(1) > table.sizeHintForColumn(1))
    table.setColumnWidth(0, 150)  # the user widens the order column
    save_header(qsettings, "lines/header", table)
    again = _shown_table(qtbot, 1400)
    restore_header(qsettings, "lines/header", again)
    qtbot.waitUntil(lambda: again.columnWidth(0) == 150)
    # the plan column was saved at its content width, and fills this view again
    qtbot.waitUntil(lambda: sum(again.columnWidth(c) for c in range(3)) == again.viewport().width())
