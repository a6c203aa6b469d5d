"""What a statement-export worker process runs; importing it registers the fonts, so the
process pool can start its workers ready (forkserver preload) instead of on the first task."""

from __future__ import annotations

from desktop_app.services.statements.fonts import register_fonts
from desktop_app.services.statements.render import render_to_file

register_fonts()

__all__ = ["render_to_file"]
