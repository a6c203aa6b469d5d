"""The house style is part of the test suite: ruff lint + format, mypy --strict on the whole
package (ui and cli included) and the import contracts between the layers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return found


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_is_clean() -> None:
    result = _run(_tool("ruff"), "check", "desktop_app", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(_tool("ruff"), "format", "--check", "desktop_app", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_whole_package() -> None:
    result = _run(_tool("mypy"), "--strict", "desktop_app")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layers_keep_their_import_contracts() -> None:
    """pyproject.toml [tool.importlinter]: ui and cli above services above store and domain;
    the domain imports neither store nor services; nothing below the UI imports Qt."""
    result = _run(_tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
