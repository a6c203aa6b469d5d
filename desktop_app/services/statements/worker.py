"""What a statement-export worker process runs; importing it registers the fonts, so the
process pool can start its workers ready (forkserver preload) instead of on the first task.

A worker also watches the process that started the export (`watch_parent`, the pool's
initializer): the export holds the write end of a pipe, each worker its read end, and when
the export's process ends, however it ends (kill -9 included), the pipe reaches end-of-file
and the worker exits. Without that, workers wait for work forever, and they keep the fork
server and the resource tracker alive with them (both exit once no process holds their pipes).
"""

from __future__ import annotations

import contextlib
import os
import threading
from multiprocessing.connection import Connection

from desktop_app.services.statements.fonts import register_fonts
from desktop_app.services.statements.render import render_to_file

register_fonts()

__all__ = ["render_to_file", "watch_parent"]


def watch_parent(alive: Connection) -> None:
    """Pool initializer: exit this worker as soon as `alive` (never written to) is closed."""

    def wait() -> None:
        with contextlib.suppress(OSError):
            alive.poll(None)  # returns at end-of-file: the exporting process is gone
        os._exit(1)

    threading.Thread(target=wait, name="payout-desk-parent-watch", daemon=True).start()
