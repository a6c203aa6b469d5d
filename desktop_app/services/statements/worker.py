"""What a statement-export worker process runs; importing it registers the fonts, so the
fork server can start its workers ready (forkserver preload) instead of on the first statement.

A worker gets its share of the statements when it starts and takes them one at a time through
a shared cursor (`Share`: the next one and the end of its list, under a lock); the exporting
process takes statements from the end of a worker's list when it has finished its own, so
nobody waits for a worker that started late or got less of the machine. Each finished file is
reported on the worker's pipe (its index in the share, then None at the end, or the error).

A worker also watches the process that started the export (`watch_parent`): the export holds
the write end of a pipe, each worker its read end, and when the export's process ends, however
it ends (kill -9 included), the pipe reaches end-of-file and the worker exits. Without that, a
worker would keep the fork server and the resource tracker alive with it (both exit once no
process holds their pipes).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.fonts import register_fonts
from desktop_app.services.statements.render import render_to_file

register_fonts()

__all__ = ["Share", "render_to_file", "serve", "take", "watch_parent"]


class Share:
    """A worker's list of statements: `cursor` holds [next, end] in a shared array, under its
    lock; the worker takes from the front, the exporting process steals from the end."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def take_front(self) -> int | None:
        with self.cursor.get_lock():
            next_index, end = self.cursor[0], self.cursor[1]
            if next_index >= end:
                return None
            self.cursor[0] = next_index + 1
            return int(next_index)

    def take_back(self) -> int | None:
        with self.cursor.get_lock():
            next_index, end = self.cursor[0], self.cursor[1]
            if next_index >= end:
                return None
            self.cursor[1] = end - 1
            return int(end - 1)

    def left(self) -> int:
        with self.cursor.get_lock():
            return max(0, int(self.cursor[1] - self.cursor[0]))

    def stop(self) -> None:
        """No further statement is taken from this list (one being rendered is finished)."""
        with self.cursor.get_lock():
            self.cursor[1] = self.cursor[0]


def take(share: Share, statements: Sequence[bytes], targets: Sequence[Path]) -> int:
    """Render the next statement of the share (each is pickled on its own: one taken by the
    exporting process is never unpickled here); its index, or -1 when the share is used up."""
    index = share.take_front()
    if index is None:
        return -1
    statement: StatementDocument = pickle.loads(statements[index])
    render_to_file(statement, targets[index])
    return index


def serve(alive: Connection, cursor: Any, share_data: bytes, report: Connection) -> None:
    """A worker process: render the share's statements until it is used up or stopped.
    `share_data` is the pickled (statements, each pickled on its own, targets) of the share:
    pickled by the exporting process before it starts rendering, so the thread that starts
    this process does not compete with that rendering for the interpreter lock."""
    watch_parent(alive)
    share = Share(cursor)
    try:
        statements, targets = pickle.loads(share_data)
        del share_data
        while (index := take(share, statements, targets)) >= 0:
            report.send(index)
    except BaseException as exc:  # handed to the exporting process, which raises it
        try:
            report.send(pickle.loads(pickle.dumps(exc)))
        except Exception:  # not picklable: said in words
            report.send(RuntimeError(f"statement export failed: {exc!r}"))
        return
    report.send(None)


def watch_parent(alive: Connection) -> None:
    """Exit this worker as soon as `alive` (never written to) is closed."""

    def wait() -> None:
        with contextlib.suppress(OSError):
            alive.poll(None)  # returns at end-of-file: the exporting process is gone
        os._exit(1)

    threading.Thread(target=wait, name="payout-desk-parent-watch", daemon=True).start()
