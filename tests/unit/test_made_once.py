"""MadeOnce: a missing value is made from its key once, then served as it was made."""

from __future__ import annotations

from desktop_app.domain.made_once import MadeOnce


def test_a_value_is_made_once_per_key_and_kept() -> None:
    made: list[int] = []

    def make(key: int) -> list[int]:
        made.append(key)
        return [key * 2]

    table = MadeOnce(make)
    first = table[3]
    assert first == [6] and table[3] is first  # the same object, not made again
    assert list(map(table.__getitem__, [3, 4, 3])) == [[6], [8], [6]]
    assert made == [3, 4]
    assert table.get(5) is None and 5 not in table  # only a subscript makes a value
