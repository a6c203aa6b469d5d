"""The bad-input corpus (tests/data/make_bad_corpus.py): every malformed spreadsheet or settings
file gets its exact message, and the store is byte-for-byte the same data afterwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.data import make_bad_corpus as corpus


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    corpus.generate(folder)
    return folder


def _dump(path: Path) -> list[str]:
    """Every table's schema and rows, as SQL text."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _params() -> list[object]:
    params: list[object] = []
    for case in corpus.CASES:
        marks = []
        if case.name in corpus.KNOWN_BUGS:
            marks.append(pytest.mark.xfail(reason=corpus.KNOWN_BUGS[case.name], strict=False))
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


def test_the_corpus_is_big_enough() -> None:
    assert len(corpus.CASES) >= 30
    assert len({c.name for c in corpus.CASES}) == len(corpus.CASES)
    for needed in ("xml_bomb.xlsx", "zip_not_xlsx.xlsx", "empty.csv", "one_line_50mb.csv"):
        assert needed in {c.name for c in corpus.CASES}


@pytest.mark.parametrize("case", _params())
def test_bad_file_gets_its_message_and_leaves_the_store_unchanged(
    case: corpus.Case, bad_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "scratch.sqlite"
    store = corpus.scratch_store(f"sqlite:///{db}")
    before = _dump(db)
    try:
        got = corpus.outcome(store, case, bad_dir / case.name)
    finally:
        store.close()
    expected = corpus.expected_message(case)
    if expected:
        assert got == expected
    else:  # a known bug: at least refuse it, in one clear line
        assert not got.startswith(("imported", "INTERNAL ERROR")), got
    assert _dump(db) == before
    assert _integrity(db) == "ok"


def test_the_table_lists_every_case() -> None:
    table = corpus.table()
    for case in corpus.CASES:
        assert f"`{case.name}`" in table
