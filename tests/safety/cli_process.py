"""Running `python -m desktop_app ...` in a child process, as a user would, and checking that a
refusal is one clear line on stderr with exit code 2 (never a traceback or "internal error")."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAFETY_NET_SECONDS = 300  # only so a hung child cannot hang the suite; never a measurement


def run_cli(
    args: list[str],
    data_dir: Path,
    *,
    preexec_fn: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    child_env = {
        **os.environ,
        "PAYOUT_DESK_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        **(env or {}),
    }
    child_env.pop("PAYOUT_DESK_DATABASE", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=SAFETY_NET_SECONDS,
        preexec_fn=preexec_fn,
    )


def assert_refused(done: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit code 2 and exactly one line on stderr, `payout-desk: error: ...`, holding every
    fragment; returns that line."""
    assert done.returncode == 2, (done.returncode, done.stdout[-2000:], done.stderr[-3000:])
    err = done.stderr
    assert err.startswith("payout-desk: error: "), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "internal error" not in err and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    return err.strip()


def file_digest(*paths: Path) -> dict[str, str | None]:
    """The bytes of each file (None when absent): 'the store unchanged' made checkable."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None for p in paths
    }


def dump(path: Path) -> list[str]:
    """A full SQL dump of a store, leaving no -wal or -shm file behind: a read-write
    connection removes them when it closes; a store this process may not write is read
    immutable (nobody can be writing it meanwhile)."""
    import sqlite3
    from contextlib import closing

    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        conn = sqlite3.connect(path)
    else:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    with closing(conn):
        return list(conn.iterdump())
