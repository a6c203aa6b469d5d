"""Every sub-command with hostile arguments: exit code 0 or 2, never a traceback.

The argparse tree of `build_parser()` is walked; each leaf command has a baseline that works
on a copy of the demo store, then each of its arguments in turn gets hostile values (ids of
2**63, NaN, 1e400, empty and 10 kB strings, control characters, directories, unwritable paths,
nonsense database URLs). Whatever the command says, it must say it as a user error (exit 2) or
succeed (exit 0): exit 1 means "internal error", a bug. Runs in-process for speed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, fields
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.cli import build_parser, main
from tests.import_files import write_csv

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

# Values for every argument that takes one; choices, numbers and dates are checked by argparse,
# so only the values that get through are run (a call takes ~30 ms: values are chosen, not all).
NUMBERS = [str(2**63), "99999999999999999999", "-1", "0", "NaN", "1e400"]
INTEGERS = [*NUMBERS, str(-(2**63) - 1), str(2**64)]
TEXTS = ["", "x" * 10_240, "a\x1b[31mb\x07c\r\nd\x7fe", "=cmd|' /C calc'!A0"]
DATES = ["0001-01-01", "9999-12-31"]
# Values for --database; arguments that name files or folders also get Files.hostile_paths().
DATABASE_URLS = [
    "nonsense://x",
    "mysql://user@localhost/db",
    "mysql+pymysql://user@localhost/db",
    "postgresql://user@127.0.0.1:1/db",
    "postgresql+psycopg://user@127.0.0.1:1/db",
    "postgresql+asyncpg://user@127.0.0.1:1/db",
    "sqlite:////proc/payout-desk/x.sqlite",
    "://",
    "x" * 10_240,
]
FILE_LIKE = ("file", "out", "combined", "logo", "body_file")

# Commands that leave the store as it was share one copy; the others get a fresh copy of their
# template after each call that succeeded (see StoreCopies).
READ_ONLY = {
    "partners list",
    "partners show",
    "merchant show",
    "merchant choices",
    "performance",
    "backup",
    "statements",
    "mail show",
    "mail test",
    "mail statements",
    "export payouts",
    "run list",
    "run show",
    "run lines",
    "fraud list",
    "plans list",
    "plans bonus-rules",
    "plans example",
    "import batches",
    "orders list",
    "rates list",
    "terms",
    "report year",
}
# Commands whose baseline is refused on the demo store for a reason that is not their argument.
BASELINE_REFUSED = {
    "mail test",  # the test server refuses connections
    "fraud lift-partner",  # the demo flags an order, not a partner
    "run create",  # the demo's next month (after its November run) is not over yet
}


@dataclass(frozen=True)
class Files:
    tmp: Path
    template: Path  # the demo store: run 1 paid, run 2 a draft
    locked: Path  # the same with run 2 locked (no draft: a new run can be created), batch 2
    folder: Path
    not_a_folder: Path  # a regular file
    orders: Path
    refunds: Path
    clicks: Path
    body: Path
    rates: Path

    def hostile_paths(self) -> list[str]:
        return [
            str(self.folder),
            str(self.not_a_folder),
            str(self.not_a_folder / "inside.pdf"),
            "/proc/payout-desk/inside.pdf",
            str(self.tmp / "missing" / "deeper.csv"),
        ]


FLAGGED = "<the order the demo flagged>"  # read from the store by the test (_flagged_order)


def _flagged_order(store: Path) -> str:
    """The order the demo flagged as fraud: the largest of last month's, so it depends on the
    day the demo was made (read from the store, not written down)."""
    with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as db:
        row = db.execute(
            "SELECT o.source, o.external_id FROM fraud_flags f JOIN orders o ON o.id = f.order_id"
            " WHERE f.lifted_on IS NULL"
        ).fetchone()
    assert row is not None, "the demo flags an order"
    return f"{row[0]}:{row[1]}"


def _baseline(command: str, f: Files) -> dict[str, str | bool]:
    """Arguments (positional dest or option string → value, True for a flag) that work."""
    tech_plan = "Tech blogs – by order size"
    return {
        "partners add": {"--name": "Hostile Ltd", "--code": "HOSTILE1"},
        "partners update": {"partner": "GADGETFLOW", "--notes": "n"},
        "partners list": {},
        "partners show": {"partner": "GADGETFLOW"},
        "partners pause": {"partner": "GADGETFLOW"},
        "partners activate": {"partner": "URBANJUNGLE"},
        "partners terminate": {"partner": "GADGETFLOW"},
        "merchant show": {},
        "merchant set": {"--footer": "Thank you"},
        "merchant choices": {"list": "locales", "--search": "mexico"},
        "performance": {"--month": "2026-10"},
        "demo": {"--database": str(f.tmp / "new-demo.sqlite")},
        "init": {"path": str(f.tmp / "new-store.sqlite")},
        "backup": {"--out": str(f.tmp / "copy.sqlite")},
        "restore": {"file": str(f.template)},
        "statements": {"run_id": "1", "--out": str(f.tmp / "st"), "--partner": "GADGETFLOW"},
        "mail setup": {
            "--host": "127.0.0.1",
            "--sender": "Shop <partners@shop.example>",
            "--port": "1",
            "--security": "none",
            "--body-file": str(f.body),
        },
        "mail show": {},
        "mail test": {"--to": "someone@example.com"},
        "mail statements": {"run_id": "1", "--dry-run": True},
        "export payouts": {"run_id": "1", "--out": str(f.tmp / "pay.xlsx")},
        "run create": {"--from": "2026-12-01", "--to": "2026-12-31"},
        "run list": {},
        "run show": {"run_id": "1"},
        "run lines": {"run_id": "1", "--partner": "GADGETFLOW"},
        "run lock": {"run_id": "2"},
        "run discard": {"run_id": "2", "--reason": "r"},
        "run paid": {"run_id": "2", "--date": "2026-12-20", "--reference": "SEPA-1"},
        "run recalc": {"run_id": "2"},
        "adjust add": {"--partner": "GADGETFLOW", "--amount": "25.00", "--reason": "r"},
        "fraud flag-order": {"order": "shopify:LO-100001", "--reason": "r"},
        "fraud lift-order": {"order": FLAGGED, "--reason": "r"},
        "fraud flag-partner": {"partner": "GADGETFLOW", "--reason": "r"},
        "fraud lift-partner": {"partner": "HOMELAB", "--reason": "r"},
        "fraud list": {},
        "plans import": {"file": str(RESOURCES / "sample_data" / "plans_example.toml")},
        "plans list": {},
        "plans bonus-rules": {},
        "plans example": {"plan": tech_plan, "amount": "120.00"},
        "import orders": {"file": str(f.orders), "--source": "shopify"},
        "import refunds": {"file": str(f.refunds), "--source": "shopify"},
        "import clicks": {"file": str(f.clicks)},
        "import batches": {},
        "import undo": {"batch": "2"},
        "orders list": {"--partner": "GADGETFLOW", "--from": "2026-06-01", "--to": "2026-06-30"},
        "rates set": {"currency": "EUR", "rate": "1.0825", "--month": "2026-06"},
        "rates list": {},
        "rates delete": {"currency": "EUR", "--month": "2026-06"},
        "rates import": {"file": str(f.rates)},
        "terms": {"partner": "GADGETFLOW", "--out": str(f.tmp / "terms.pdf")},
        "report year": {"year": "2026", "--out": str(f.tmp / "year.csv")},
    }[command]


def _template_of(command: str, f: Files) -> Path:
    return f.locked if command in ("run create", "run paid", "import undo") else f.template


def _leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not groups:
        yield " ".join(path), parser
    for group in groups:
        for name, sub in group.choices.items():
            yield from _leaves(sub, (*path, name))


LEAVES = dict(_leaves(build_parser()))


def _arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def _key(action: argparse.Action) -> str:
    return action.option_strings[0] if action.option_strings else action.dest


def _argv(
    command: str, parser: argparse.ArgumentParser, values: dict[str, str | bool]
) -> list[str]:
    argv = command.split()
    for action in _arguments(parser):
        value = values.get(_key(action))
        if value is None or value is False:
            continue
        if not action.option_strings:
            argv.append(str(value))
        elif value is True:
            argv.append(action.option_strings[0])
        else:  # --opt=value: a value that starts with '-' stays a value
            argv.append(f"{action.option_strings[0]}={value}")
    return argv


def _hostile_values(action: argparse.Action, f: Files) -> list[str]:
    if action.dest == "database":
        return [*DATABASE_URLS, *f.hostile_paths()[:2], str(f.body)]
    if action.choices is not None:
        return TEXTS
    if action.type is int:
        return [*INTEGERS, *TEXTS]
    values = [*NUMBERS, *TEXTS]
    if action.type is not None and action.type.__name__ == "date_arg":
        values += DATES
    if action.dest in FILE_LIKE:
        values += f.hostile_paths()
    return values


def invoke(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors, --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile-demo")
    template, locked = folder / "demo.sqlite", folder / "locked.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAYOUT_DESK_DATA_DIR", str(folder / "data"))
        assert invoke(["demo", "--database", str(template)])[0] == 0
        shutil.copy(template, locked)
        assert invoke(["run", "lock", "2", "--database", str(locked)])[0] == 0
        orders = [["Order ID", "Order Date", "Partner Code", "Amount", "Currency"]]
        orders.append(["H-1", "2026-12-03", "GADGETFLOW", "40.00", "USD"])
        argv = ["import", "orders", str(write_csv(folder / "orders.csv", orders))]
        assert invoke([*argv, "--database", str(locked)])[0] == 0  # batch 2, undoable
    return template, locked


@pytest.fixture(autouse=True)
def one_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """main() builds its parser per call (~15 ms); a parser can parse many times, so reuse one."""
    parser = build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)


@pytest.fixture
def files(
    demo_templates: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Files:
    monkeypatch.chdir(tmp_path)  # relative hostile paths land here
    folder = tmp_path / "a-folder"
    folder.mkdir()
    not_a_folder = tmp_path / "a-file.txt"
    not_a_folder.write_text("not a store, not a spreadsheet, not an image\n")
    body = tmp_path / "body.txt"
    body.write_text("Hello {partner}\n")
    orders = [["Order ID", "Order Date", "Partner Code", "Amount", "Currency"]]
    orders.append(["H-1", "2026-11-03", "GADGETFLOW", "40.00", "USD"])
    refunds = [["Order ID", "Refund date", "Refund amount", "Currency"]]
    refunds.append(["LO-100001", "2026-11-20", "5.00", "USD"])
    clicks = [["Partner", "Date", "Clicks", "Visitors"], ["GADGETFLOW", "2026-11-03", "12", "8"]]
    rates = [["2026-07", "EUR", "1.0901"]]
    return Files(
        tmp=tmp_path,
        template=demo_templates[0],
        locked=demo_templates[1],
        folder=folder,
        not_a_folder=not_a_folder,
        orders=write_csv(tmp_path / "orders.csv", orders),
        refunds=write_csv(tmp_path / "refunds.csv", refunds),
        clicks=write_csv(tmp_path / "clicks.csv", clicks),
        body=body,
        rates=write_csv(tmp_path / "rates.csv", [["month", "currency", "rate"], *rates]),
    )


def _mail_server_that_refuses() -> None:
    """`mail test` and `mail statements` need settings; port 1 refuses the connection."""
    argv = ["mail", "setup", "--host", "127.0.0.1", "--port", "1", "--security", "none"]
    assert invoke([*argv, "--sender", "Shop <partners@shop.example>"])[0] == 0


class StoreCopies:
    """The store a call runs on: a copy of the command's template, replaced by a fresh copy
    after a call that may have changed it (exit 0 of a command that writes). A refused call
    leaves the store as it was (a rule of the house), so the next call may use the same copy."""

    def __init__(self, command: str, f: Files) -> None:
        self.template = _template_of(command, f)
        self.folder = f.tmp
        self.writes = command not in READ_ONLY
        self.made = 0
        self.path: Path | None = None

    def current(self) -> str:
        if self.path is None:
            self.made += 1
            self.path = self.folder / f"store-{self.made}.sqlite"
            shutil.copy(self.template, self.path)
        return str(self.path)

    def after(self, code: int) -> None:
        if code == 0 and self.writes:
            self.path = None


def _verdict(argv: list[str], code: int, out: str, err: str) -> str | None:
    if code in (0, 2) and "Traceback" not in out + err and "internal error" not in out + err:
        return None
    shown = [a if len(a) < 60 else a[:25] + f"…({len(a)} chars)" for a in argv]
    return f"exit {code}: {shown!r}\n    {(err or out).strip()[-300:]}"


@pytest.mark.parametrize("command", sorted(LEAVES))
def test_hostile_arguments_give_exit_0_or_2(command: str, files: Files) -> None:
    if command.startswith("mail ") and command != "mail setup":
        _mail_server_that_refuses()
    parser = LEAVES[command]
    base = _baseline(command, files)
    if base.get("order") == FLAGGED:
        base["order"] = _flagged_order(files.template)
    stores = StoreCopies(command, files)

    def run_with(values: dict[str, str | bool]) -> tuple[list[str], tuple[int, str, str]]:
        values = dict(values)
        if "--database" not in values:
            values["--database"] = stores.current()
        argv = _argv(command, parser, values)
        result = invoke(argv)
        stores.after(result[0])
        return argv, result

    argv, (code, out, err) = run_with(base)
    expected = 2 if command in BASELINE_REFUSED else 0
    assert code == expected, f"baseline {argv!r} → exit {code}: {err.strip()}"

    failures: list[str] = []
    for action in _arguments(parser):
        if action.nargs == 0:  # a flag has no value to make hostile
            continue
        for value in _hostile_values(action, files):
            values = {**base, _key(action): value}
            if action.dest == "database":
                values["--database"] = value
            argv, (code, out, err) = run_with(values)
            if (problem := _verdict(argv, code, out, err)) is not None:
                failures.append(problem)
    assert not failures, f"{len(failures)} hostile call(s) failed:\n" + "\n".join(failures)


def test_every_command_has_a_baseline() -> None:
    """A new command must get a baseline here, so that it is walked too."""
    dummy = Files(*(Path("/nonexistent"),) * len(fields(Files)))
    for command in LEAVES:
        _baseline(command, dummy)
