"""The command line starts light (issue 20): building the parser, `--version` and `--help`
import no services, no SQLAlchemy, no Alembic and no Qt; a command imports what it needs.

Checked in a fresh interpreter (sys.modules of a child process): what the test process has
imported already says nothing. No timings here; benchmarks/ measures the start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "openpyxl", "python_calamine")


def _imported_after(code: str) -> list[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1]))


def _imported_after_version(entry: str) -> list[str]:
    """What `main(['--version'])` of the module `entry` has imported."""
    return _imported_after(
        f"from {entry} import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--version'])\n"
        "    except SystemExit:\n"
        "        pass"
    )


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY]


def test_version_imports_neither_the_store_nor_qt() -> None:
    modules = _imported_after_version("desktop_app.cli")
    assert _heavy(modules) == []
    assert not [m for m in modules if m.startswith("desktop_app.store")]
    assert "desktop_app.cli.runs" in modules  # the whole parser was built


def test_the_whole_parser_and_its_help_import_no_services() -> None:
    modules = _imported_after(
        "from desktop_app.cli import build_parser\n"
        "import contextlib, io\n"
        "parser = build_parser()\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        parser.parse_args(['run', 'create', '--help'])\n"
        "    except SystemExit:\n"
        "        pass"
    )
    assert _heavy(modules) == []
    services = [m for m in modules if m.startswith("desktop_app.services.")]
    # only modules that name choices for the parser (no SQLAlchemy behind them, see above)
    assert all(not m.endswith((".runs", ".candidates", ".queries")) for m in services), services


def test_the_entry_point_prints_the_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Payout Desk ")


def test_the_launcher_with_version_imports_neither_the_store_nor_qt() -> None:
    """`payout-desk --version` (desktop_app.launcher:main) stays as light as the CLI itself."""
    modules = _imported_after_version("desktop_app.launcher")
    assert [m for m in modules if m.split(".")[0] in ("sqlalchemy", "alembic", "PySide6")] == []


def test_lazy_packages_name_every_export() -> None:
    """services.payouts and services.imports load their names on first use: each name of
    `__all__` has a home module and resolves to the object defined there."""
    import importlib

    for name in ("desktop_app.services.payouts", "desktop_app.services.imports"):
        package = importlib.import_module(name)
        homes = package._HOMES
        assert sorted(homes) == sorted(package.__all__), name
        for export, home in homes.items():
            module = importlib.import_module(f"{name}.{home}")
            assert getattr(package, export) is getattr(module, export), export
