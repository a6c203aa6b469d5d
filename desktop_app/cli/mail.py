"""`payout-desk mail setup|show|test|statements`: e-mail partners their PDF statements.

The settings are this workstation's (mail.json in the data folder). The password is never
stored: it comes from the PAYOUT_DESK_SMTP_PASSWORD environment variable or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
import threading
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from desktop_app.cli.common import cli_store, id_arg
from desktop_app.cli.output import emit, emit_one
from desktop_app.errors import UserError, ValidationError

PASSWORD_ENV = "PAYOUT_DESK_SMTP_PASSWORD"
COLUMNS = ["partner", "name", "email", "status", "detail"]


def register(subparsers: Any) -> None:
    from desktop_app.services.statements.mail_security import SECURITY_MODES

    group = subparsers.add_parser(
        "mail",
        help="e-mail partners their PDF statements (and set up the mail server)",
        description="Send each partner of a locked or paid run their statement by e-mail. "
        f"The SMTP password is never stored: set {PASSWORD_ENV} or type it when asked.",
    )
    commands = group.add_subparsers(dest="mail_command", metavar="ACTION", required=True)

    setup = commands.add_parser("setup", help="set this workstation's mail server and sender")
    setup.add_argument("--host", required=True, help="SMTP server, e.g. smtp.example.com")
    setup.add_argument("--port", type=int, help="port (default: 587 starttls, 465 ssl, 25 none)")
    setup.add_argument("--security", choices=SECURITY_MODES, default="starttls")
    setup.add_argument("--user", default="", help="login name (none: the server needs no login)")
    setup.add_argument("--sender", required=True, help='"Shop <partners@shop.example>"')
    setup.add_argument("--reply-to", default="", help="where partners' replies go")
    setup.add_argument("--subject", help="subject template ({period}, {merchant}, {partner}…)")
    setup.add_argument("--body-file", type=Path, help="UTF-8 text file with the body template")
    setup.set_defaults(handler=_setup)

    show = commands.add_parser("show", help="show the mail settings")
    show.add_argument("--format", choices=("table", "json"), default="table")
    show.set_defaults(handler=_show)

    test = commands.add_parser("test", help="send one test message")
    test.add_argument("--to", required=True, metavar="ADDR", help="where the test message goes")
    test.set_defaults(handler=_test)

    statements = commands.add_parser(
        "statements",
        help="e-mail a run's statements",
        description="E-mail each partner of a locked or paid run their statement "
        "(<period>_<code>.pdf). Partners already e-mailed are skipped unless --resend. "
        "Exit code 1 when the server refused a message.",
    )
    statements.add_argument("run_id", metavar="RUN_ID", type=id_arg, help="payout run number")
    statements.add_argument(
        "--partner", metavar="CODE", action="append", help="only this partner (repeatable)"
    )
    statements.add_argument("--resend", action="store_true", help="also partners already sent")
    statements.add_argument("--dry-run", action="store_true", help="list, send nothing")
    statements.add_argument("--format", choices=("table", "json"), default="table")
    statements.set_defaults(handler=_statements)


def _setup(args: argparse.Namespace) -> None:
    from desktop_app.services.statements.mail_settings import (
        DEFAULT_PORTS,
        load_mail_settings,
        save_mail_settings,
        settings_path,
    )

    try:
        current = load_mail_settings()
    except UserError:  # a damaged file is replaced by the new settings
        from desktop_app.services.statements.mail_settings import MailSettings

        current = MailSettings()
    changes: dict[str, Any] = {
        "host": args.host,
        "port": args.port if args.port is not None else DEFAULT_PORTS[args.security],
        "security": args.security,
        "username": args.user,
        "sender": args.sender,
        "reply_to": args.reply_to,
    }
    if args.subject is not None:
        changes["subject"] = args.subject
    if args.body_file is not None:
        try:
            changes["body"] = args.body_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError("body_file", f"cannot read {args.body_file}: {exc}") from None
    saved = save_mail_settings(replace(current, **changes))
    print(f"mail settings saved to {settings_path()} (server {saved.server}, {saved.security})")


def _show(args: argparse.Namespace) -> None:
    from desktop_app.services.statements.mail_settings import load_mail_settings, settings_path

    record = asdict(load_mail_settings())
    record["password"] = f"never stored (set {PASSWORD_ENV} or type it when sending)"
    record["file"] = str(settings_path())
    emit_one(record, args.format)


def _ready_settings() -> Any:
    from desktop_app.services.statements.mail_settings import load_mail_settings, validate

    settings = load_mail_settings()
    if not settings.configured:
        raise UserError(
            "no mail server set up yet: run 'payout-desk mail setup --host … --sender …'"
        )
    return validate(settings)


def password_for(settings: Any) -> str:
    """From the environment, else a prompt; no login → no password."""
    if not settings.username:
        return ""
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise ValidationError(
            "password",
            f"set {PASSWORD_ENV} (no terminal to ask for {settings.username}'s password)",
        )
    return getpass.getpass(f"Password of {settings.username} at {settings.host}: ")


def _test(args: argparse.Namespace) -> None:
    from desktop_app.services.statements.mail_server import send_test_message

    settings = _ready_settings()
    message_id = send_test_message(settings, password_for(settings), args.to)
    print(f"test message sent to {args.to} through {settings.server} ({message_id})")


def _rows(report: Any) -> list[dict[str, Any]]:
    return [
        {
            "partner": o.code,
            "name": o.name,
            "email": o.email,
            "status": o.status,
            "detail": o.reason or o.file,
            "message_id": o.message_id,
        }
        for o in report.outcomes
    ]


def _statements(args: argparse.Namespace) -> int:
    from desktop_app.services.statements import mailing
    from desktop_app.services.statements.mail_recipients import (
        partner_ids_for_codes,
        run_recipients,
    )

    with cli_store(args) as store:
        ids = None
        if args.partner:
            _run, recipients = run_recipients(store, args.run_id)
            ids = partner_ids_for_codes(store, recipients, args.partner)
        if args.dry_run:
            report = mailing.dry_run(store, args.run_id, ids, resend=args.resend)
        else:
            settings = _ready_settings()
            mailing.plan_mailing(store, args.run_id, ids)  # a draft is refused before the prompt
            report = _send(store, args, settings, ids)
    columns = COLUMNS if args.format == "table" else [*COLUMNS, "message_id"]
    emit(_rows(report), args.format, columns)
    print(report.summary(), file=sys.stderr)
    return 1 if report.failed else 0


def _send(store: Any, args: argparse.Namespace, settings: Any, ids: list[int] | None) -> Any:
    """Ctrl+C stops between two messages, so every message sent is recorded."""
    from desktop_app.services.statements import mailing

    password = password_for(settings)
    stop = threading.Event()
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set()) if in_main else None

    def progress(done: int, total: int) -> None:
        if total and sys.stderr.isatty():
            print(f"\r{done}/{total} sent", end="", file=sys.stderr, flush=True)

    try:
        return mailing.send_statements(
            store, args.run_id, settings, password,
            partner_ids=ids, resend=args.resend, progress=progress, cancelled=stop.is_set,
        )  # fmt: skip
    except mailing.MailingCancelled as exc:
        emit(_rows(exc.report), args.format, COLUMNS)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if sys.stderr.isatty():
            print(file=sys.stderr)
