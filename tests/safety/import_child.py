"""An import that waits, inside its transaction, until the test lets it go on:
`python -m tests.safety.import_child URL CSV PAUSE_AT GO_FILE`.

Progress goes to stdout as "progress DONE TOTAL" lines; the first time DONE reaches PAUSE_AT the
child prints "paused" and waits (holding the store's write lock, its rows written but not
committed) until GO_FILE exists, then finishes and prints "finished added N". The test reads
those lines, so no timing is guessed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

SAFETY_NET_SECONDS = 300  # only so a forgotten child cannot live forever


def main(argv: list[str]) -> int:
    url, csv, pause_at, go = argv[0], Path(argv[1]), int(argv[2]), Path(argv[3])
    paused = False

    def progress(done: int, total: int) -> None:
        nonlocal paused
        print(f"progress {done} {total}", flush=True)
        if not paused and done >= pause_at:
            paused = True
            print("paused", flush=True)
            deadline = time.monotonic() + SAFETY_NET_SECONDS
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.02)

    from desktop_app.services import imports
    from desktop_app.store.database import open_store

    store = open_store(url)
    report = imports.run_import(store, csv, imports.ImportOptions(source="restore"), progress)
    print(f"finished added {report.added}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
