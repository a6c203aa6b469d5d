"""Entry point of the bundled program (PyInstaller runs this as __main__).

freeze_support() lets the statement export's worker processes (spawn/forkserver) start from the
frozen executable instead of re-running the application.
"""

import multiprocessing
import sys

from desktop_app.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
