"""What a command changed: the kinds of data a screen may show, so only what concerns it reloads.

Every Store-taking command of the feature APIs says what it changed: it returns a `Changes`
(nothing else to say), a `Changed[T]` (its result beside the changes), or a result that has
a `changes` property (an import's report: nothing when the file was refused). The UI announces
that (`ui.workers.start_mutation` does it for a job) and each screen refreshes when it listens
to one of the kinds (`Screen.listens_to`); the UI never decides what a command changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Flag, auto
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Changes(Flag):
    NONE = 0
    PARTNERS = auto()  # partners, their codes, types, statuses and fraud flags
    ORDERS = auto()  # orders, refunds, clicks and import batches
    PLANS = auto()  # commission plans, versions, assignments and bonus rules
    RUNS = auto()  # payout runs, adjustments and statements
    RATES = auto()  # exchange rates
    SETTINGS = auto()  # the merchant profile (currency, locale, defaults…)
    ALL = PARTNERS | ORDERS | PLANS | RUNS | RATES | SETTINGS


@dataclass(frozen=True)
class Changed(Generic[T]):
    """A command's result and what it changed."""

    value: T
    changes: Changes


class HasChanges(Protocol):
    """A command's result that says what the command changed."""

    @property
    def changes(self) -> Changes: ...


def changes_of(result: Changes | HasChanges) -> Changes:
    return result if isinstance(result, Changes) else result.changes
