"""Long work off the UI thread: a QThreadPool job with progress, cancel and a progress dialog.

A job function receives `progress(done, total)` and `cancelled() -> bool` and returns a result;
services raise `Cancelled` when `cancelled()` turns true, rolling back what they did.

Two kinds of job: `start_mutation` runs a command and, once it succeeded, announces the kinds
of data it changed (ui/events.py) so the screens showing them read them again;
`start_query` reads (or writes files only) and announces nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop_app.errors import Cancelled, UserError

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes, HasChanges

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
JobFunction = Callable[[Progress, IsCancelled], Any]
R = TypeVar("R", bound="Changes | HasChanges")  # a command's result


class JobSignals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()


class Job(QRunnable):
    """Runs `fn` on a pool thread; results and errors come back through queued signals."""

    def __init__(self, fn: JobFunction) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self._cancel.is_set)
        except BaseException as exc:  # reported to the UI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


_running: set[Job] = set()


def start_job(
    parent: QWidget,
    title: str,
    fn: JobFunction,
    on_success: Callable[[Any], None] | None = None,
    *,
    on_failure: Callable[[BaseException], None] | None = None,
    label: str = "",
    cancelling: str = "Cancelling… undoing what was done",
) -> Job:
    """Run `fn` in the background behind a modal progress dialog with a Cancel button.

    User errors and cancellation are shown in a message box (unless `on_failure` is given);
    anything unexpected is shown too, with the hint that nothing was changed.
    """
    job = Job(fn)
    dialog = QProgressDialog(label or title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(job.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText(cancelling))

    def show_progress(done: int, total: int) -> None:
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def failed(exc: BaseException) -> None:
        if on_failure is not None:
            on_failure(exc)
        else:
            report_failure(parent, title, exc)

    def finished() -> None:
        dialog.reset()
        dialog.deleteLater()
        _running.discard(job)

    job.signals.progress.connect(show_progress)
    job.signals.failed.connect(failed)
    if on_success is not None:
        job.signals.succeeded.connect(on_success)
    job.signals.finished.connect(finished)
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return job


def start_query(
    parent: QWidget,
    title: str,
    fn: JobFunction,
    on_success: Callable[[Any], None] | None = None,
    *,
    on_failure: Callable[[BaseException], None] | None = None,
    label: str = "",
) -> Job:
    """Read in the background (see `start_job`); nothing is announced."""
    return start_job(parent, title, fn, on_success, on_failure=on_failure, label=label)


def start_mutation(
    parent: QWidget,
    title: str,
    fn: Callable[[Progress, IsCancelled], R],
    on_success: Callable[[R], None] | None = None,
    *,
    on_failure: Callable[[BaseException], None] | None = None,
    label: str = "",
    cancelling: str = "Cancelling… undoing what was done",
) -> Job:
    """Run a command in the background (see `start_job`); once it succeeded, `on_success` gets
    its result, then what the command says it changed (services/changes.py) is announced,
    `parent` being the source (a screen that refreshes itself in `on_success` is not told
    again)."""

    # here: the main window paints without them
    from desktop_app.services.changes import changes_of
    from desktop_app.ui.events import announce

    def succeeded(result: R) -> None:
        if on_success is not None:
            on_success(result)
        announce(changes_of(result), parent)

    return start_job(
        parent, title, fn, succeeded, on_failure=on_failure, label=label, cancelling=cancelling
    )


def report_failure(parent: QWidget, title: str, exc: BaseException) -> None:
    """How a job that failed is told: cancelled, a user error, or anything else."""
    if isinstance(exc, Cancelled):
        QMessageBox.information(parent, title, str(exc))
    elif isinstance(exc, UserError):
        QMessageBox.warning(parent, title, str(exc))
    else:
        QMessageBox.critical(parent, title, f"Something went wrong: {exc!r}\nNothing was changed.")


def cancel_running_jobs() -> None:
    """Ask every background job to stop; each rolls back what it did (the app is quitting)."""
    for job in list(_running):
        job.cancel()


def wait_for_jobs(timeout_ms: int) -> bool:
    """Wait until the background jobs have finished (or `timeout_ms` passed)."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
