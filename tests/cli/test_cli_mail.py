"""`payout-desk mail …` on a real store, with a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.store.database import Store
from tests.mail_fixture import PASSWORD, SmtpServer, serve
from tests.services.test_statements_export import seed_run


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    yield from serve()


def setup_args(server: SmtpServer, *extra: str) -> list[str]:
    return [
        "mail", "setup", "--host", server.host, "--port", str(server.port),
        "--security", "none", "--sender", "Nordlicht Trading <partners@nordlicht.example>",
        *extra,
    ]  # fmt: skip


def test_setup_show_and_test_message(
    smtp_server: SmtpServer,
    private_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert main(setup_args(smtp_server, "--reply-to", "accounts@nordlicht.example")) == 0
    assert "mail settings saved to" in capsys.readouterr().out
    stored = json.loads((private_data_dir / "mail.json").read_text(encoding="utf-8"))
    assert stored["port"] == smtp_server.port and stored["security"] == "none"
    assert main(["mail", "show", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["host"] == "127.0.0.1" and shown["reply_to"] == "accounts@nordlicht.example"
    assert shown["password"].startswith("never stored")
    assert main(["mail", "test", "--to", "me@nordlicht.example"]) == 0
    assert "test message sent to me@nordlicht.example" in capsys.readouterr().out
    assert smtp_server.inbox.recipients == ["me@nordlicht.example"]


def test_setup_refuses_bad_values_on_one_line(
    smtp_server: SmtpServer, private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*setup_args(smtp_server, "--port", "0")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("payout-desk: error: port:") and err.count("\n") == 1
    assert main([*setup_args(smtp_server, "--subject", "Statement {month}")]) == 2
    assert "unknown placeholder {month}" in capsys.readouterr().err
    assert not (private_data_dir / "mail.json").exists()


def test_statements_sent_skipped_and_failed(
    store: Store, db_url: str, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run = seed_run(store)
    assert main(setup_args(smtp_server)) == 0
    capsys.readouterr()
    argv = ["mail", "statements", str(run.run_id), "--database", db_url]
    assert main([*argv, "--dry-run"]) == 0
    assert "4 statement(s) would be sent" in capsys.readouterr().err
    assert smtp_server.inbox.envelopes == []

    smtp_server.inbox.refuse.add("dima@example.com")
    assert main([*argv, "--partner", "DIMA", "--partner", "zoe10"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["partner", "name", "email", "status", "detail"]
    zoe = next(line for line in lines if line.startswith("ZOE10"))
    assert "sent" in zoe and "2026-10_ZOE10.pdf" in zoe
    dima = next(line for line in lines if line.startswith("DIMA"))
    assert "failed" in dima and "550 5.1.1 <dima@example.com>: mailbox unavailable" in dima
    assert "1 statement(s) sent, 0 skipped, 1 failed" in err

    smtp_server.inbox.refuse.clear()
    assert main([*argv, "--format", "json"]) == 0
    records = {r["partner"]: r for r in json.loads(capsys.readouterr().out)}
    assert records["ZOE10"]["status"] == "skipped"
    assert records["ZOE10"]["detail"].startswith("already e-mailed on ")
    assert {code for code, r in records.items() if r["status"] == "sent"} == {
        "DIMA", "SMALL", "EVIL"
    }  # fmt: skip
    assert all(r["message_id"] for r in records.values() if r["status"] == "sent")
    assert main([*argv, "--partner", "ZOE10", "--resend"]) == 0
    assert smtp_server.inbox.recipients.count("zoe@example.com") == 2


def test_statements_errors_are_one_line(
    store: Store, db_url: str, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = seed_run(store, lock=False)
    argv = ["mail", "statements", str(draft.run_id), "--database", db_url]
    assert main(argv) == 2
    assert "no mail server set up yet" in capsys.readouterr().err
    assert main(setup_args(smtp_server)) == 0
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith(f"payout-desk: error: run: run {draft.run_id} is a draft")
        and err.count("\n") == 1
    )
    assert main([*argv, "--partner", "NOBODY"]) == 2
    assert "NOBODY" in capsys.readouterr().err
    assert smtp_server.inbox.envelopes == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_password_from_the_environment_never_shown(
    store: Store,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    private_data_dir: Path,
) -> None:
    run = seed_run(store)
    with contextmanager(serve)(login=True) as server:
        assert main(setup_args(server, "--user", "shop")) == 0
        argv = ["mail", "statements", str(run.run_id), "--database", db_url]
        monkeypatch.setattr("sys.stdin.isatty", lambda: False)
        assert main(argv) == 2
        assert "set PAYOUT_DESK_SMTP_PASSWORD" in capsys.readouterr().err
        monkeypatch.setenv("PAYOUT_DESK_SMTP_PASSWORD", "not-the-Password-9")
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "refused the login of shop" in err and "not-the-Password-9" not in err
        monkeypatch.setenv("PAYOUT_DESK_SMTP_PASSWORD", PASSWORD)
        assert main(argv) == 0
        assert len(server.inbox.envelopes) == 4
    assert PASSWORD not in (private_data_dir / "mail.json").read_text(encoding="utf-8")
