"""How this workstation sends statements by e-mail: the SMTP server and the message templates.

Kept per workstation (a JSON file in the data folder, not in the store): a shared store may be
opened from several computers, each with its own mail account. The password is never saved;
it is asked for each time mail is sent.
"""

from __future__ import annotations

import json
import os
import string
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any

from desktop_app.config import data_dir
from desktop_app.domain.text import check_text
from desktop_app.errors import UserError, ValidationError
from desktop_app.services.statements.mail_security import SECURITY_MODES as SECURITY_MODES

SETTINGS_FILE = "mail.json"
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
PLACEHOLDERS = ("partner", "period", "payable", "merchant", "number")
DEFAULT_SUBJECT = "Commission statement {period} – {merchant}"
DEFAULT_BODY = (
    "Dear {partner},\n"
    "\n"
    "please find attached your commission statement for {period} "
    "(statement {number}).\n"
    "Amount payable: {payable}.\n"
    "\n"
    "If anything on it looks wrong, simply reply to this message.\n"
    "\n"
    "Kind regards,\n"
    "{merchant}\n"
)

# The default texts in the languages statements speak (wording.CATALOGS); used while the
# merchant keeps the default, so a German merchant's partners get German mail.
LOCALIZED_DEFAULTS: dict[str, tuple[str, str]] = {
    "de": (
        "Provisionsabrechnung {period} – {merchant}",
        "Guten Tag {partner},\n"
        "\n"
        "anbei erhalten Sie Ihre Provisionsabrechnung für {period} (Abrechnung {number}).\n"
        "Auszahlungsbetrag: {payable}.\n"
        "\n"
        "Sollte etwas nicht stimmen, antworten Sie einfach auf diese Nachricht.\n"
        "\n"
        "Mit freundlichen Grüßen\n"
        "{merchant}\n",
    ),
    "fr": (
        "Relevé de commissions {period} – {merchant}",
        "Bonjour {partner},\n"
        "\n"
        "veuillez trouver ci-joint votre relevé de commissions pour {period} "
        "(relevé {number}).\n"
        "Montant à payer : {payable}.\n"
        "\n"
        "Si quelque chose vous semble inexact, répondez simplement à ce message.\n"
        "\n"
        "Cordialement,\n"
        "{merchant}\n",
    ),
    "es": (
        "Liquidación de comisiones {period} – {merchant}",
        "Hola, {partner}:\n"
        "\n"
        "le adjuntamos su liquidación de comisiones de {period} (liquidación {number}).\n"
        "Importe a pagar: {payable}.\n"
        "\n"
        "Si algo no le parece correcto, responda a este mensaje.\n"
        "\n"
        "Un saludo,\n"
        "{merchant}\n",
    ),
}


def templates_for(settings: MailSettings, language: str) -> tuple[str, str]:
    """Subject and body: the merchant's own, or the default in the statement's language."""
    subject, body = settings.subject, settings.body
    localized = LOCALIZED_DEFAULTS.get(language)
    if localized is not None:
        if subject == DEFAULT_SUBJECT:
            subject = localized[0]
        if body == DEFAULT_BODY:
            body = localized[1]
    return subject, body


@dataclass(frozen=True)
class MailSettings:
    """The SMTP server and the templates; `{partner}`, `{period}`, `{payable}`, `{merchant}`
    and `{number}` in the subject and body are filled per statement."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none
    username: str = ""
    sender: str = ""  # "partners@shop.example" or "Shop Ltd <partners@shop.example>"
    reply_to: str = ""
    subject: str = DEFAULT_SUBJECT
    body: str = DEFAULT_BODY

    @property
    def configured(self) -> bool:
        return bool(self.host.strip() and self.sender.strip())

    @property
    def sender_address(self) -> str:
        """The bare address of the sender (the SMTP envelope's MAIL FROM)."""
        return parseaddr(self.sender)[1]

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def validate(settings: MailSettings) -> MailSettings:
    """The settings, trimmed, or a ValidationError naming the first field that is wrong."""
    cleaned = replace(
        settings,
        host=settings.host.strip(),
        username=settings.username.strip(),
        sender=settings.sender.strip(),
        reply_to=settings.reply_to.strip(),
        security=settings.security.strip().lower(),
    )
    for field in ("host", "username", "sender", "reply_to"):
        check_text(field, getattr(cleaned, field))
    check_text("body", cleaned.body, multiline=True)
    if not cleaned.host:
        raise ValidationError("host", "give the mail server (SMTP host), e.g. smtp.example.com")
    if any(c.isspace() or c in "/@" for c in cleaned.host):
        raise ValidationError("host", f"'{cleaned.host}' is not a server name")
    if isinstance(cleaned.port, bool) or not isinstance(cleaned.port, int):
        raise ValidationError("port", f"'{cleaned.port}' is not a port number")
    if not 1 <= cleaned.port <= 65535:
        raise ValidationError("port", f"{cleaned.port} is not a port number (1–65535)")
    if cleaned.security not in SECURITY_MODES:
        raise ValidationError(
            "security", f"'{cleaned.security}' is not one of {', '.join(SECURITY_MODES)}"
        )
    if not cleaned.sender:
        raise ValidationError("sender", "give the sender address the statements come from")
    check_address("sender", cleaned.sender)
    if cleaned.reply_to:
        check_address("reply_to", cleaned.reply_to)
    if "\n" in cleaned.subject or "\r" in cleaned.subject:
        raise ValidationError("subject", "the subject must be one line")
    check_text("subject", cleaned.subject)
    if not cleaned.subject.strip():
        raise ValidationError("subject", "give a subject")
    check_template("subject", cleaned.subject)
    check_template("body", cleaned.body)
    return cleaned


def check_address(field: str, text: str) -> str:
    """A single address, optionally with a display name; returns the bare address."""
    found = getaddresses([text])
    if "\n" in text or "\r" in text or len(found) != 1:
        raise ValidationError(field, f"'{text}' is not one e-mail address")
    address = found[0][1]
    name, _, domain = address.rpartition("@")
    if not name or "." not in domain or any(c.isspace() for c in address):
        raise ValidationError(field, f"'{text}' is not an e-mail address")
    return address


def check_template(field: str, template: str) -> None:
    """Only the known placeholders; `{{` and `}}` stand for literal braces."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValidationError(field, f"{exc} (write {{{{ and }}}} for literal braces)") from None
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    for _text, name, _spec, _conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            shown = "{" + name + "}"
            raise ValidationError(field, f"unknown placeholder {shown}; use {allowed}")


def fill(template: str, values: dict[str, str]) -> str:
    """A validated template with its placeholders filled."""
    return template.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


def load_mail_settings(path: Path | None = None) -> MailSettings:
    """The saved settings, or the defaults when none were saved yet."""
    target = path or settings_path()
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MailSettings()
    except (OSError, ValueError) as exc:
        raise UserError(
            f"the mail settings in {target} cannot be read ({exc}); "
            "set them again with 'payout-desk mail setup'"
        ) from None
    if not isinstance(raw, dict):
        raise UserError(f"the mail settings in {target} are not a settings file")
    known = {f.name: f for f in fields(MailSettings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            continue  # a newer version's field, or anything else: ignored
        if key == "port":
            values[key] = int(value) if isinstance(value, int | str) and str(value).isdigit() else 0
        elif isinstance(value, str):
            values[key] = value
    return MailSettings(**values)


def save_mail_settings(settings: MailSettings, path: Path | None = None) -> MailSettings:
    """Validate and write atomically (temporary file, then rename); never a password."""
    cleaned = validate(settings)
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(cleaned), indent=2, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".mail-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return cleaned
