"""The Unicode font statements are printed in (DejaVu Sans, shipped in resources/fonts).

The standard PDF fonts only cover Latin-1, so "Łukasiewicz" or "Дмитрий" would print as
boxes; the TTF is embedded (as a subset) in every statement instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"
REGULAR = "PayoutDeskSans"
BOLD = "PayoutDeskSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def register_fonts() -> tuple[str, str]:
    """Register the statement fonts with reportlab once per process; returns (regular, bold)."""
    for name, file_name in _FILES.items():
        path = FONTS_DIR / file_name
        if not path.is_file():
            raise FileNotFoundError(f"statement font missing: {path} (reinstall Payout Desk)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
