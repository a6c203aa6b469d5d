"""kill -9 during a statement export leaves no process behind (issue 16, item 15).

`payout-desk statements` renders in a process pool (forkserver on Linux); when the command is
killed with SIGKILL it cannot shut the pool down, so the workers, the fork server and the
resource tracker must notice on their own that it is gone and exit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc"
)


def _parents() -> dict[int, int]:
    """pid → parent pid of every process, from /proc."""
    found: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        # "pid (name with spaces) state ppid ...": the name ends at the last ')'
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = int(fields[1])
    return found


def _descendants(root: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    frontier = {root}
    while frontier:
        children = {pid for pid, parent in parents.items() if parent in frontier}
        frontier = children - found
        found |= children
    return found


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped (an orphan's reaper may be slow)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "(gone)"


# What `payout-desk statements` runs (export.write_statements, the pool over every core), on
# enough statements to be still at work when it is killed: the demo's few are written in well
# under a second now, often before the pool is even seen.
EXPORT = """
import sys
from pathlib import Path
from benchmarks.bench_statements import lines_for_pages, statement
from desktop_app.services.statements.export import write_statements
docs = [statement(i, lines_for_pages(2)) for i in range(400)]
write_statements(docs, Path(sys.argv[1]), workers=2)
"""


@pytest.mark.slow
def test_sigkill_during_statements_leaves_no_pool_process(tmp_path: Path) -> None:
    out = tmp_path / "statements"
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-c", EXPORT, str(out)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pool: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            pool = _descendants(process.pid)
            # the fork server, the resource tracker and workers, and a statement written
            if len(pool) >= 3 and any(out.glob("*.pdf")):
                break
            time.sleep(0.02)
        assert process.poll() is None, "the export finished before it could be killed"
        pool = _descendants(process.pid)
        assert len(pool) >= 3, "no process pool was running"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in pool):
            time.sleep(0.1)
        left = {pid: _command_line(pid) for pid in pool if _alive(pid)}
        assert not left, f"still running after the command was killed: {left}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in pool:  # only processes this test started, so the next tests run clean
            if _alive(pid) and "multiprocessing" in _command_line(pid):
                os.kill(pid, signal.SIGKILL)
