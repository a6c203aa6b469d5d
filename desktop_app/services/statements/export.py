"""Batch export of a run's statements: one PDF per partner and/or one combined PDF for printing.

Statements are built in this process (one read of the run) and rendered in a process pool over
the machine's cores; each file is written to a temporary name and renamed, so a folder never
holds a half-written statement. Cancelling removes the files this export wrote.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import Any

from desktop_app.errors import Cancelled, NotFoundError, ValidationError
from desktop_app.services import audit
from desktop_app.services.changes import Changed, Changes
from desktop_app.services.output_files import cannot_write, ready_file, ready_folder
from desktop_app.services.statements.document import StatementDocument
from desktop_app.services.statements.render import render_statements, render_to_file, write_pdf
from desktop_app.services.statements.worker import Share, serve
from desktop_app.store.database import Store

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
WORKER_MODULE = "desktop_app.services.statements.worker"
EXPORTED = "statement.exported"
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
    combined_in: Path | None = None,
    workers: int | None = None,
) -> Changed[list[Path]]:
    """Write `<period>_<partner-code>.pdf` files into `out_dir` and/or one combined PDF: the
    `combined` file, or `<period>_all-partners.pdf` in the `combined_in` folder."""
    if out_dir is None and combined is None and combined_in is None:
        raise ValidationError("out", "choose a folder for the statements or a combined file")
    statements = statements_for(store, run_id, partner_code)
    if not statements:
        raise NotFoundError(f"payout run {run_id} has no partners to send statements to")
    if combined_in is not None:
        combined = combined_in / f"{statements[0].period_label}_all-partners.pdf"
    written = write_statements(statements, out_dir, combined, progress, cancelled, workers=workers)
    where = [str(p) for p in (out_dir, combined) if p is not None]
    recorded = _record_exports(store, statements, where)
    return Changed(written, Changes.RUNS if recorded else Changes.NONE)


def _record_exports(
    store: Store, statements: Sequence[StatementDocument], where: list[str]
) -> bool:
    """The partner page shows when each final statement was last exported (drafts are
    previews: not recorded)."""
    final = [s for s in statements if not s.draft]
    if not final:
        return False
    with store.write_transaction() as session:
        for statement in final:
            audit.record(
                session,
                action=EXPORTED,
                entity="payout_run",
                entity_id=statement.run_id,
                partner_id=statement.partner_id,
                details={"number": statement.number, "to": where},
            )
    return True


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
    if combined is not None:  # both checked before any statement is rendered
        ready_file(combined, "combined")
    if out_dir is not None:
        ready_folder(out_dir, "out")
    written: list[Path] = []
    field = "out"
    try:
        if out_dir is not None:
            targets = unique_paths(out_dir, statements)
            written += _write_files(statements, targets, report, is_cancelled, total, workers)
        if combined is not None:
            field = "combined"
            offset = len(written)

            def started(index: int) -> None:
                if is_cancelled():
                    raise Cancelled("export cancelled; the statements written were removed")
                report(offset + index, total)

            data = render_statements(statements, on_statement=started)
            written.append(write_pdf(combined, data))
    except BaseException as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # full disk, no permission, a name the system refuses…
            target = combined if field == "combined" else out_dir
            raise cannot_write(field, target or Path(), exc) from None
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


@dataclass
class _Worker:
    """A worker process, the statements it was given (their indexes in the export) and the
    pipe it reports each finished one on."""

    positions: list[int]
    share: Share
    reader: Connection
    writer: Connection
    process: Any = None
    finished: bool = False
    reported: list[int] = field(default_factory=list)


def _write_in_pool(
    statements: Sequence[StatementDocument],
    targets: Sequence[Path],
    report: Progress,
    is_cancelled: IsCancelled,
    total: int,
    workers: int,
) -> list[Path]:
    """This process and `workers - 1` worker processes share the statements (every
    `workers`-th one each). The workers start on a thread while this process renders its own
    share; then it takes statements from the end of the workers' shares until none is left, so
    no core waits at the end for one slow worker. The statements go to a worker once, when it
    starts; each finished file comes back as its index on the worker's pipe."""
    context = _pool_context()
    parties = min(workers, len(statements))
    mine = list(range(0, len(statements), parties))
    # Workers exit when this end closes: at the end of the export, or when this process dies.
    alive, keep_alive = context.Pipe(duplex=False)
    crew: list[_Worker] = []
    for first in range(1, parties):
        positions = list(range(first, len(statements), parties))
        reader, writer = context.Pipe(duplex=False)
        cursor = context.Array("q", [0, len(positions)])
        crew.append(_Worker(positions, Share(cursor), reader, writer))
    start_failed: list[BaseException] = []
    protocol = pickle.HIGHEST_PROTOCOL
    shares = [
        pickle.dumps(
            (
                [pickle.dumps(statements[i], protocol=protocol) for i in w.positions],
                [targets[i] for i in w.positions],
            ),
            protocol=protocol,
        )
        for w in crew
    ]

    def start_workers() -> None:
        try:
            for worker, share_data in zip(crew, shares, strict=True):
                process = context.Process(  # type: ignore[attr-defined]
                    target=serve,
                    args=(alive, worker.share.cursor, share_data, worker.writer),
                    name="payout-desk-statements",
                    daemon=True,
                )
                process.start()
                worker.process = process
                worker.writer.close()
        except BaseException as exc:  # said by the exporting loop
            start_failed.append(exc)
            for worker in crew:
                worker.share.stop()

    starter = threading.Thread(target=start_workers, name="payout-desk-start-workers")
    starter.start()
    done: list[Path] = []

    def heard(timeout: float) -> None:
        """What the workers have reported, waiting up to `timeout` for the first word."""
        listening = {w.reader: w for w in crew if not w.finished and w.process is not None}
        if not listening:
            if timeout:
                starter.join(timeout)
            return
        before = len(done)
        for reader in wait_for(list(listening), timeout):
            worker = listening[reader]  # type: ignore[index]
            try:
                said = worker.reader.recv()
            except EOFError:
                raise RuntimeError("a statement export worker stopped unexpectedly") from None
            if said is None:
                worker.finished = True
            elif isinstance(said, BaseException):
                raise said
            else:
                worker.reported.append(said)
                done.append(targets[worker.positions[said]])
        if len(done) > before:
            report(len(done), total)

    try:
        own = iter(mine)
        while True:
            if start_failed:
                raise start_failed[0]
            if is_cancelled():
                raise Cancelled("export cancelled; the statements written were removed")
            index = next(own, None)
            if index is None:  # take from the end of the share with the most left
                busiest = max(crew, key=lambda w: w.share.left(), default=None)
                taken = busiest.share.take_back() if busiest is not None else None
                if busiest is not None and taken is not None:
                    index = busiest.positions[taken]
            if index is not None:
                done.append(render_to_file(statements[index], targets[index]))
                report(len(done), total)
                heard(0)
            elif starter.is_alive() or any(not w.finished for w in crew):
                heard(0.2)
            else:
                break
    except BaseException:
        _stop(crew, starter, targets, done)
        for path in done:
            path.unlink(missing_ok=True)
        raise
    finally:
        keep_alive.close()
        alive.close()
    for worker in crew:
        worker.process.join()
    ordered = {path: index for index, path in enumerate(targets)}
    return sorted(done, key=ordered.__getitem__)


def _stop(
    crew: Sequence[_Worker], starter: threading.Thread, targets: Sequence[Path], done: list[Path]
) -> None:
    """Stop every worker after the statement it is rendering, and add the files they
    finished meanwhile to `done` (so they are removed too)."""
    for worker in crew:
        worker.share.stop()
    starter.join()
    for worker in crew:
        if worker.process is None:
            worker.writer.close()
            continue
        while not worker.finished:
            try:
                said = worker.reader.recv()
            except EOFError:
                break
            if isinstance(said, int):
                done.append(targets[worker.positions[said]])
            else:
                worker.finished = True
        worker.process.join(timeout=10)
