"""The process the kill tests murder: `python -m tests.safety.kill_child MODE URL ARG PAUSE_AT`.

MODE is import (ARG: a CSV file), run (ARG: period "2026-10-01:2026-10-31") or export (ARG: run
id and an output folder "1:/path"). Progress goes to stdout as "progress DONE TOTAL" lines;
once DONE reaches PAUSE_AT the child prints "paused" and sleeps inside the progress callback,
i.e. in the middle of the import's (or run's) transaction, until it is killed. PAUSE_AT 0 never
pauses. The tests read those lines, so no timing is guessed.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path


def main(argv: list[str]) -> int:
    mode, url, arg, pause_at = argv[0], argv[1], argv[2], int(argv[3])

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)
        if pause_at and done >= pause_at:
            print("paused", flush=True)
            time.sleep(600)

    from desktop_app.store.database import open_store

    store = open_store(url)
    if mode == "import":
        from desktop_app.services import imports

        imports.run_import(store, Path(arg), imports.ImportOptions(source="kill"), progress)
    elif mode == "run":
        from desktop_app.services import payouts

        start, end = (date.fromisoformat(d) for d in arg.split(":"))
        payouts.create_run(store, start, end, actor="kill-test", progress=progress)
    elif mode == "export":
        from desktop_app.services.statements.export import export_statements

        run_id, folder = arg.split(":", 1)
        export_statements(store, int(run_id), Path(folder), progress=progress, workers=1)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print("finished", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
