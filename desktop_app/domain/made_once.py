"""A dict that makes a missing value from its key once, then serves it at dict speed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class MadeOnce(dict[K, V]):
    """Key → `make(key)`, made on the first look-up (__missing__) and kept: every later
    `table[key]` is a dict look-up in C, and `map(table.__getitem__, keys)` needs no Python
    call per key. For values that many keys share (a partner's record, a commission's Decimal
    or its minor units)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: K) -> V:
        found = self[key] = self.make(key)
        return found


__all__ = ["MadeOnce"]
