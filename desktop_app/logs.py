"""A log file in the data folder, where unexpected errors leave their traceback."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from desktop_app.config import data_dir


def log_path() -> Path:
    return data_dir() / "payout-desk.log"


def log_exception(exc: BaseException) -> Path:
    path = log_path()
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        logging.getLogger("payout_desk").exception("could not write the log file")
    return path
