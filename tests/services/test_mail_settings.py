"""Mail settings: a JSON file in the (private, per-test) data folder; never a password."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.errors import UserError, ValidationError
from desktop_app.services.statements.mail_settings import (
    DEFAULT_SUBJECT,
    MailSettings,
    load_mail_settings,
    save_mail_settings,
    settings_path,
    validate,
)

GOOD = MailSettings(
    host="smtp.nordlicht.example",
    port=465,
    security="ssl",
    username="partners",
    sender="Nordlicht Trading <partners@nordlicht.example>",
    reply_to="accounts@nordlicht.example",
)


def test_defaults_when_nothing_was_saved(private_data_dir: Path) -> None:
    settings = load_mail_settings()
    assert (settings.port, settings.security, settings.subject) == (
        587,
        "starttls",
        DEFAULT_SUBJECT,
    )
    assert DEFAULT_SUBJECT == "Commission statement {period} – {merchant}"
    for name in ("{partner}", "{period}", "{payable}", "{merchant}"):
        assert name in settings.body
    assert not settings.configured
    assert not (private_data_dir / "mail.json").exists()


def test_round_trip_through_the_data_folder(private_data_dir: Path) -> None:
    saved = save_mail_settings(replace(GOOD, host="  smtp.nordlicht.example "))
    assert saved == GOOD
    assert settings_path() == private_data_dir / "mail.json"
    assert load_mail_settings() == GOOD
    assert not list(private_data_dir.glob(".mail-*"))  # the temporary file was renamed


def test_the_password_is_never_written(private_data_dir: Path) -> None:
    save_mail_settings(GOOD)
    stored = json.loads((private_data_dir / "mail.json").read_text(encoding="utf-8"))
    assert set(stored) == {
        "host", "port", "security", "username", "sender", "reply_to", "subject", "body"
    }  # fmt: skip
    assert not any("pass" in key.lower() for key in stored)
    # a password put into the file by hand is ignored, not used
    stored["password"] = "hunter2"
    (private_data_dir / "mail.json").write_text(json.dumps(stored), encoding="utf-8")
    assert "hunter2" not in repr(load_mail_settings())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host": ""}, "host"),
        ({"host": "smtp example"}, "host"),
        ({"port": 0}, "port"),
        ({"port": 70000}, "port"),
        ({"security": "tls13"}, "security"),
        ({"sender": ""}, "sender"),
        ({"sender": "partners"}, "sender"),
        ({"sender": "a@x.example, b@x.example"}, "sender"),
        ({"reply_to": "nobody"}, "reply_to"),
        ({"subject": "Statement {month}"}, "subject"),
        ({"subject": "two\nlines"}, "subject"),
        ({"body": "Hello {partner.__class__}"}, "body"),
        ({"body": "Hello {partner"}, "body"),
    ],
)
def test_validation_names_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate(replace(GOOD, **change))  # type: ignore[arg-type]
    assert caught.value.field == field


def test_unknown_placeholder_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match=r"unknown placeholder \{month\}; use \{partner\}"):
        validate(replace(GOOD, subject="Statement {month}"))
    assert validate(replace(GOOD, body="{{literal}} {payable}")).body == "{{literal}} {payable}"


def test_invalid_settings_are_not_saved(private_data_dir: Path) -> None:
    with pytest.raises(ValidationError):
        save_mail_settings(replace(GOOD, port=0))
    assert not (private_data_dir / "mail.json").exists()


def test_a_damaged_file_is_a_clear_error(private_data_dir: Path) -> None:
    private_data_dir.mkdir(parents=True, exist_ok=True)
    (private_data_dir / "mail.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match=r"mail settings .* cannot be read"):
        load_mail_settings()
