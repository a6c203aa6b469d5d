"""A package's names loaded from their submodule when first used (PEP 562), so that importing a
light submodule, or the package for one name, does not import every other submodule with it
(the CLI's start-up, issue 20)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, namespace: dict[str, Any], homes: Mapping[str, str]
) -> Callable[[str], Any]:
    """The package's module `__getattr__`: `homes` maps each exported name to the submodule
    that defines it; a name is imported on first use and kept in the package's namespace."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    return __getattr__
