"""Batch export of a run's statements: one PDF per partner and/or one combined PDF for printing.

Statements are built in this process (one read of the run) and rendered in a process pool over
the machine's cores; each file is written to a temporary name and renamed, so a folder never
holds a half-written statement. Cancelling removes the files this export wrote.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from desktop_app.errors import Cancelled, NotFoundError, UserError, ValidationError
from desktop_app.services.atomic_files import write_failure
from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.render import render_statements, render_to_file, write_pdf
from desktop_app.services.statements.worker import render_to_file as render_in_worker
from desktop_app.store.database import Store

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
WORKER_MODULE = "desktop_app.services.statements.worker"
POOL_THRESHOLD = 8  # fewer statements are faster in this process than starting workers


def statements_for(
    store: Store, run_id: int, partner_code: str | None = None
) -> list[StatementDocument]:
    """The run's statements (or the one partner's, by any of its codes)."""
    from desktop_app.services.statements.build import build_statements

    with store.transaction() as session:
        if partner_code is None:
            return build_statements(session, run_id)
        from desktop_app.services.partners import find_by_code

        partner = find_by_code(session, partner_code)
        found = build_statements(session, run_id, [partner.id])
        if not found:
            raise NotFoundError(f"partner {partner_code} has no statement in payout run {run_id}")
        return found


def export_statements(
    store: Store,
    run_id: int,
    out_dir: Path | None,
    combined: Path | None = None,
    partner_code: str | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    *,
    workers: int | None = None,
) -> list[Path]:
    """Write `<period>_<partner-code>.pdf` files into `out_dir` and/or one `combined` PDF."""
    if out_dir is None and combined is None:
        raise ValidationError("out", "choose a folder for the statements or a combined file")
    statements = statements_for(store, run_id, partner_code)
    if not statements:
        raise NotFoundError(f"payout run {run_id} has no partners to send statements to")
    return write_statements(statements, out_dir, combined, progress, cancelled, workers=workers)


def write_statements(
    statements: Sequence[StatementDocument],
    out_dir: Path | None,
    combined: Path | None = None,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    *,
    workers: int | None = None,
) -> list[Path]:
    total = (len(statements) if out_dir is not None else 0) + (
        len(statements) if combined is not None else 0
    )
    report = progress or (lambda _done, _total: None)
    is_cancelled = cancelled or (lambda: False)
    written: list[Path] = []
    try:
        if out_dir is not None:
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(write_failure(exc, out_dir)) from exc
            targets = unique_paths(out_dir, statements)
            written += _write_files(statements, targets, report, is_cancelled, total, workers)
        if combined is not None:
            offset = len(written)

            def started(index: int) -> None:
                if is_cancelled():
                    raise Cancelled("export cancelled; the statements written were removed")
                report(offset + index, total)

            data = render_statements(statements, on_statement=started)
            written.append(write_pdf(combined, data))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    report(total, total)
    return written


def unique_paths(out_dir: Path, statements: Sequence[StatementDocument]) -> list[Path]:
    """File names by period and code; a partner id is added if two would collide."""
    names = [s.file_name for s in statements]
    taken: set[str] = set()
    paths: list[Path] = []
    for statement, name in zip(statements, names, strict=True):
        if names.count(name) > 1 or name.casefold() in taken:
            name = name.removesuffix(".pdf") + f"_{statement.partner_id}.pdf"
        taken.add(name.casefold())
        paths.append(out_dir / name)
    return paths


def _write_files(
    statements: Sequence[StatementDocument],
    targets: Sequence[Path],
    report: Progress,
    is_cancelled: IsCancelled,
    total: int,
    workers: int | None,
) -> list[Path]:
    count = workers or min(os.cpu_count() or 1, len(statements))
    if count <= 1 or len(statements) < POOL_THRESHOLD:
        done: list[Path] = []
        try:
            for statement, target in zip(statements, targets, strict=True):
                if is_cancelled():
                    raise Cancelled("export cancelled; the statements written were removed")
                done.append(render_to_file(statement, target))
                report(len(done), total)
        except BaseException:
            for path in done:
                path.unlink(missing_ok=True)
            raise
        return done
    return _write_in_pool(statements, targets, report, is_cancelled, total, count)


def _pool_context() -> multiprocessing.context.BaseContext:
    """Never plain fork: the app runs Qt threads, and forking a threaded process is unsafe.

    forkserver (Linux) starts one clean server with the renderer and fonts loaded and forks
    workers from it in milliseconds; elsewhere spawn starts fresh interpreters.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([WORKER_MODULE])
        return context
    return multiprocessing.get_context("spawn")


def _write_in_pool(
    statements: Sequence[StatementDocument],
    targets: Sequence[Path],
    report: Progress,
    is_cancelled: IsCancelled,
    total: int,
    workers: int,
) -> list[Path]:
    context = _pool_context()
    done: list[Path] = []
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    futures: list[Future[Path]] = []
    try:
        futures = [
            executor.submit(render_in_worker, statement, target)
            for statement, target in zip(statements, targets, strict=True)
        ]
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                done.append(future.result())
                report(len(done), total)
            if pending and is_cancelled():
                raise Cancelled("export cancelled; the statements written were removed")
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        for future in futures:  # includes files workers finished after the cancel
            if future.done() and not future.cancelled() and future.exception() is None:
                future.result().unlink(missing_ok=True)
        raise
    executor.shutdown(wait=True)
    ordered = {path: index for index, path in enumerate(targets)}
    return sorted(done, key=ordered.__getitem__)
