"""Errors a user can fix. The CLI prints them on one line (exit code 2); the UI shows them."""

from __future__ import annotations


class UserError(Exception):
    """Something the user asked for cannot be done as asked; the message says why and how to fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One input field holds a value that is not allowed; `field` names it for forms and the CLI."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message


class NotFoundError(UserError):
    """A record named by the user (partner code, run number, ...) does not exist."""


class StoreError(UserError):
    """The store cannot be opened or used (newer schema, not a Payout Desk store, busy...)."""


class Cancelled(UserError):
    """The user cancelled a long operation; whatever it had done was rolled back."""

    def __init__(self, message: str = "cancelled; nothing was changed") -> None:
        super().__init__(message)
