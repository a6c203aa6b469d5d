import csv
import io
import json
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_add_then_list_as_json_shows_the_partner(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    code, _, err = run(
        capsys,
        "partners",
        "add",
        "--database",
        db_url,
        "--name",
        "Zoë Łukasiewicz",
        "--code",
        "ZOE",
        "--code",
        "ZOE10",
        "--email",
        "zoe@example.com",
        "--type",
        "Tech blog",
    )
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "--database", db_url, "partners", "list", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["name"], r["codes"], r["type"], r["status"]) for r in rows] == [
        ("Zoë Łukasiewicz", ["ZOE", "ZOE10"], "Tech blog", "active")
    ]


def test_list_as_csv_and_table(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    for name, code_ in (("Alpha", "A1"), ("Beta", "B1")):
        assert main(["partners", "add", "--database", db_url, "--name", name, "--code", code_]) == 0
    capsys.readouterr()
    _, out, _ = run(capsys, "partners", "list", "--database", db_url, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["name"], r["codes"]) for r in table] == [("Alpha", "A1"), ("Beta", "B1")]
    _, out, _ = run(capsys, "partners", "list", "--database", db_url, "--search", "bet")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "codes", "name"]
    assert len(lines) == 3 and "Beta" in lines[2]


def test_show_and_terminate(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    main(["partners", "add", "--database", db_url, "--name", "Leaky", "--code", "LEAK"])
    capsys.readouterr()
    code, out, _ = run(
        capsys,
        "partners",
        "terminate",
        "leak",
        "--database",
        db_url,
        "--date",
        "2026-10-09",
        "--reason",
        "code leaked",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["status"] == "terminated"
    _, out, _ = run(capsys, "partners", "show", "LEAK", "--database", db_url, "--format", "json")
    shown = json.loads(out)
    assert (shown["status"], shown["status_date"]) == ("terminated", "2026-10-09")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["partners", "add", "--name", "", "--code", "X1"], "name: a partner needs a name"),
        (["partners", "add", "--name", "A", "--code", "X1", "--email", "nope"], "not an e-mail"),
        (["partners", "show", "MISSING"], "no partner has the code 'MISSING'"),
        (["partners", "terminate", "X", "--date", "31/10/2026"], "is not a date like 2026-10-31"),
        (["partners", "list", "--format", "xml"], "invalid choice: 'xml'"),
        (
            ["partners", "add", "--name", "A", "--code", "X1", "--statement-locale", "xx_YY"],
            "statement_locale: 'xx_YY' is not a locale like es_ES",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], db_url: str, argv: list[str], message: str
) -> None:
    try:
        code = main([*argv, "--database", db_url])
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_duplicate_code_is_refused(capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    main(["partners", "add", "--database", db_url, "--name", "One", "--code", "SAME"])
    code, _, err = run(
        capsys, "partners", "add", "--database", db_url, "--name", "Two", "--code", "same"
    )
    assert code == 2
    assert err.strip() == "payout-desk: error: codes: 'SAME' already belongs to partner One"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"Payout Desk {__version__}"


def test_demo_creates_a_populated_store_once(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    code, out, _ = run(capsys, "demo", "--database", db_url)
    assert code == 0 and "demo store ready" in out
    _, out, _ = run(capsys, "partners", "list", "--database", db_url, "--format", "json")
    rows = json.loads(out)
    assert len(rows) == 40
    assert len({r["type"] for r in rows}) == 4
    assert {r["status"] for r in rows} == {"active", "paused", "terminated"}
    code, _, err = run(capsys, "demo", "--database", db_url)
    assert code == 2 and "already holds partners" in err


def test_demo_flag_points_any_command_at_the_demo_store(
    capsys: pytest.CaptureFixture[str], private_data_dir: Path
) -> None:
    code, out, err = run(capsys, "--demo", "partners", "list", "--format", "json")
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == 40  # made on first use, in the data folder
    assert (private_data_dir / "payout-desk-demo.sqlite").is_file()
    assert not (private_data_dir / "payout-desk.sqlite").exists()  # the own store untouched
    code, out, _ = run(capsys, "--demo", "run", "show", "1", "--format", "json")
    assert code == 0 and json.loads(out)["partners"]


def test_demo_flag_and_a_database_together_are_refused(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    code, _, err = run(capsys, "--demo", "--database", db_url, "partners", "list")
    assert code == 2 and "--demo and --database" in err


def test_a_partner_statement_locale_is_set_and_cleared(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    base = ["--database", db_url, "partners"]
    assert run(capsys, *base, "add", "--name", "Ofertas Ya", "--code", "OFERTAS")[0] == 0
    code, out, err = run(
        capsys, *base, "update", "OFERTAS", "--statement-locale", "es-MX", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["statement_locale"] == "es_MX"
    run(capsys, *base, "update", "OFERTAS", "--name", "Ofertas Ya!")  # other edits keep it
    code, out, _ = run(capsys, *base, "show", "OFERTAS", "--format", "json")
    assert json.loads(out)["statement_locale"] == "es_MX"
    run(capsys, *base, "update", "OFERTAS", "--statement-locale", "")
    code, out, _ = run(capsys, *base, "show", "OFERTAS", "--format", "json")
    assert json.loads(out)["statement_locale"] == ""  # the merchant's again
