"""Light and dark palettes that follow the system colour scheme (or the user's choice).

Fusion style everywhere, so the palettes look the same on Windows, macOS and Linux; the
choice "system" follows `QStyleHints.colorScheme()` and changes live when the system does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
STYLE = "Fusion"
# Whether the application was made in the Fusion style (`styled_application`): then
# `apply_theme` leaves the style alone. Setting it makes PySide6 build its QStyle class and that
# class's many enums first (10-20 ms of the app's start, before its window can paint).
_fusion_from_start = False

STYLE_SHEET = """
QFrame#kpiCard { border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }
QLabel#emptyState { padding: 24px; }
QLabel#banner { border-radius: 4px; padding: 6px 10px; background: rgba(255, 183, 77, 70); }
QListWidget#navigation { font-size: 10.5pt; }
QListWidget#navigation::item { padding-left: 8px; }
"""


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        window, base, alt, text = "#2b2d31", "#1f2023", "#27292d", "#e6e6e6"
        button, mid, highlight, link = "#35373c", "#4a4d52", "#3d7fd9", "#7fb3ff"
        muted = "#9a9ea6"
    else:
        window, base, alt, text = "#f4f5f7", "#ffffff", "#f0f2f5", "#1d1f23"
        button, mid, highlight, link = "#e9ebef", "#c5c9d0", "#2f6fbf", "#1f5fae"
        muted = "#6b7079"
    role = QPalette.ColorRole
    for r, colour in [
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, alt),
        (role.ToolTipBase, base),
        (role.ToolTipText, text),
        (role.Text, text),
        (role.Button, button),
        (role.ButtonText, text),
        (role.BrightText, "#ff5a52"),
        (role.Mid, mid),
        (role.Midlight, alt),
        (role.Dark, mid),
        (role.Highlight, highlight),
        (role.HighlightedText, "#ffffff"),
        (role.Link, link),
        (role.PlaceholderText, muted),
    ]:
        p.setColor(r, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor(muted))
    return p


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: str) -> bool:
    """True when `choice` ("system", "light", "dark") means dark right now."""
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return system_is_dark()


def is_dark() -> bool:
    """Whether the palette in use is dark (charts and colours adapt to it)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return bool(app.palette().color(QPalette.ColorRole.Window).lightness() < 128)


_current_choice = "system"


def styled_application(argv: list[str]) -> QApplication:
    """A new QApplication in the Fusion style from the start (Qt's own `-style` argument)."""
    global _fusion_from_start
    app = QApplication([*argv, "-style", STYLE])
    _fusion_from_start = True
    return app


def apply_theme(choice: str = "system") -> None:
    """Use the light or dark palette now; with "system", follow the system from now on."""
    global _current_choice
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    _current_choice = choice if choice in THEMES else "system"
    if not _fusion_from_start:
        app.setStyle(STYLE)
    app.setPalette(_palette(resolve(_current_choice)))
    app.setStyleSheet(STYLE_SHEET)
    hints = QGuiApplication.styleHints()
    if not getattr(app, "_payout_desk_follows_scheme", False):
        hints.colorSchemeChanged.connect(lambda _scheme: apply_theme(_current_choice))
        app._payout_desk_follows_scheme = True  # type: ignore[attr-defined]


def current_choice() -> str:
    return _current_choice
