"""`payout-desk run list` reads a SQLite store at this program's schema without SQLAlchemy
(issue 20): services/payouts/quick_list.py must answer exactly what queries.list_runs does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.domain.partners import PartnerInput
from desktop_app.services import partners, payouts
from desktop_app.services.payouts import quick_list
from desktop_app.store.database import Store, open_store
from desktop_app.store.quick import reader
from tests.services.test_payouts_same_lines import _play

pytestmark = pytest.mark.sqlite_only


def _both(store: Store) -> tuple[list[payouts.RunInfo], list[payouts.RunInfo]]:
    with store.transaction() as session:
        full = payouts.list_runs(session)
    conn = reader(store.url)
    assert conn is not None
    try:
        return full, quick_list.list_runs(conn)
    finally:
        conn.close()


def test_the_quick_run_list_is_the_run_list(store: Store) -> None:
    _play(store)  # paid, locked and draft runs, partner totals, carried balances
    full, quick = _both(store)
    assert quick == full
    assert [run.state for run in quick] == ["draft", "locked", "paid", "paid"]
    assert not quick[0].stale
    with store.transaction() as session:  # a new partner: the draft is out of date
        partners.create_partner(session, PartnerInput("Late Partner", ("LATE1",)))
    full, quick = _both(store)
    assert quick == full
    assert quick[0].stale, quick[0].changes
    with store.transaction() as session:  # an older draft: out of date by its time
        session.execute(text("UPDATE payout_runs SET inputs_seen = NULL WHERE state = 'draft'"))
    full, quick = _both(store)
    assert quick == full
    assert quick[0].stale, quick[0].changes


def test_a_store_to_migrate_or_create_is_not_read_quickly(tmp_path: Path, store: Store) -> None:
    assert reader(f"sqlite:///{tmp_path / 'missing.sqlite'}") is None
    with store.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert reader(store.url) is None
    assert reader("postgresql+psycopg://user@localhost/db") is None
    assert reader("sqlite:///" + "x" * 10_000) is None  # too long a name: said the full way
    assert reader(f"sqlite:///{tmp_path}") is None  # a folder


def test_run_list_loads_no_sqlalchemy_on_a_store_at_the_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'head.sqlite'}"
    open_store(url).close()
    script = (
        "import sys, json, contextlib, io\n"
        "from desktop_app.launcher import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['run', 'list', '--database', {url!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic'))\n"
        "print(json.dumps([code, heavy]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]
