"""Quitting cleanly when the system asks: SIGTERM (a shutdown, `kill`) or Ctrl+C in a terminal.

Without this Python dies at once: the window layout is not saved and the store's write-ahead
log is left beside the file instead of being folded into it. With it, running work is
cancelled (and rolls back), the windows close as if the user closed them, and the event loop
ends, so run_gui closes the store normally.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.ui.workers import cancel_running_jobs

SIGNALS = (signal.SIGTERM, signal.SIGINT)
WAKE_MS = 200  # Python runs signal handlers only between bytecodes, not inside Qt's loop


def quit_on_termination(app: QApplication) -> Callable[[], None]:
    """Install the handlers; the returned function puts the previous ones back."""

    def quit_now(_signum: int, _frame: FrameType | None) -> None:
        cancel_running_jobs()
        app.closeAllWindows()
        app.quit()

    previous = {sig: signal.signal(sig, quit_now) for sig in SIGNALS}
    wake = QTimer(app)
    wake.setInterval(WAKE_MS)
    wake.timeout.connect(lambda: None)
    wake.start()

    def restore() -> None:
        wake.stop()
        wake.deleteLater()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore
