"""Read-only named fields on a tuple subclass, the way `collections.namedtuple` makes them."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any


def _property_getter(index: int, doc: str) -> Any:
    return property(itemgetter(index), doc=doc)


try:  # CPython's C descriptor behind namedtuple's fields: reads in half a property's time
    from _collections import _tuplegetter  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - other Pythons
    _tuplegetter = _property_getter

field_getter: Callable[[int, str], Any] = _tuplegetter

__all__ = ["field_getter"]
