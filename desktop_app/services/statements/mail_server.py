"""The SMTP side of e-mailing statements: one connection, the messages, the server's words.

stdlib only (smtplib, email). Connection and login problems become one UserError naming the
server; the password is passed to the server and never appears in a message or the log.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from desktop_app.errors import UserError, ValidationError
from desktop_app.services.statements.mail_settings import MailSettings, check_address, validate

TIMEOUT = 30.0  # seconds for connecting and for each reply of the server


class MailServerError(UserError):
    """The mail server cannot be reached or refuses the login."""


def server_reason(exc: BaseException) -> str:
    """The server's reply ("550 5.1.1 no such user") or the network error, for a person."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, message = next(iter(exc.recipients.values()))
        return _reply(code, message)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    if isinstance(exc, TimeoutError):
        return "the server did not answer in time"
    if isinstance(exc, ssl.SSLError):
        return f"secure connection failed ({exc.reason or exc})"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text)


def _login(smtp: smtplib.SMTP, settings: MailSettings, password: str, where: str) -> None:
    """Log in. smtplib raises the same "not supported" error as for a missing STARTTLS when
    the server offers no login, typically because it wants a secure connection first."""
    try:
        smtp.login(settings.username, password)
    except smtplib.SMTPNotSupportedError:
        _close(smtp)
        hint = (
            "choose security 'starttls' (usually port 587) or 'ssl' (usually port 465): many "
            "servers offer the login only on a secure connection"
            if settings.security == "none"
            else "check with your provider whether this account needs no user name"
        )
        raise MailServerError(f"{where} offers no login on this connection; {hint}") from None


def _reply(code: int, message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {' '.join(text.split())}".strip()


@contextmanager
def connection(
    settings: MailSettings, password: str, timeout: float = TIMEOUT
) -> Iterator[smtplib.SMTP]:
    """An open, logged-in SMTP connection (closed afterwards, politely if possible)."""
    if settings.username and not password:
        raise ValidationError("password", f"give the password of {settings.username}")
    where = f"the mail server {settings.host} port {settings.port}"
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            context = ssl.create_default_context()
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            _login(smtp, settings, password, where)
    except smtplib.SMTPAuthenticationError as exc:
        _close(smtp)
        raise MailServerError(
            f"{where} refused the login of {settings.username}: check the user name and "
            f"password ({server_reason(exc)})"
        ) from None
    except smtplib.SMTPNotSupportedError:
        _close(smtp)
        raise MailServerError(
            f"{where} does not offer STARTTLS; choose security 'ssl' (usually port 465) or "
            "ask your provider for the right settings"
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        _close(smtp)
        raise MailServerError(f"cannot connect to {where}: {server_reason(exc)}") from None
    try:
        yield smtp
    finally:
        _close(smtp, quit=True)


def _close(smtp: smtplib.SMTP | None, *, quit: bool = False) -> None:
    if smtp is None:
        return
    try:
        if quit:
            smtp.quit()
    except (OSError, smtplib.SMTPException):
        pass
    finally:
        smtp.close()


def send(smtp: smtplib.SMTP, settings: MailSettings, message: EmailMessage) -> None:
    """Send one message; raises smtplib's error when the server refuses it."""
    smtp.send_message(message, from_addr=settings.sender_address)


def new_message(
    settings: MailSettings, to_name: str, to_address: str, subject: str, body: str
) -> EmailMessage:
    """Headers and text of a message; the Message-ID uses the sender's domain."""
    local, _, domain = to_address.rpartition("@")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = Address(display_name=_one_line(to_name), username=local, domain=domain)
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender_address.rpartition("@")[2])
    message.set_content(body)
    return message


def _one_line(text: str) -> str:
    return " ".join(text.split())


def statement_message(
    settings: MailSettings,
    to_name: str,
    to_address: str,
    subject: str,
    body: str,
    pdf: bytes,
    file_name: str,
) -> EmailMessage:
    message = new_message(settings, to_name, to_address, subject, body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=file_name)
    return message


def send_test_message(
    settings: MailSettings, password: str, to: str, timeout: float = TIMEOUT
) -> str:
    """Send one short message to check the settings; returns its Message-ID."""
    settings = validate(settings)
    address = check_address("to", to.strip())
    message = new_message(
        settings,
        "",
        address,
        "Payout Desk: test message",
        "This is a test message from Payout Desk.\n\n"
        f"The mail settings of this workstation work: server {settings.server}, "
        f"security {settings.security}, sender {settings.sender}.\n",
    )
    with connection(settings, password, timeout) as smtp:
        try:
            send(smtp, settings, message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailServerError(
                f"the mail server {settings.host} did not accept the test message to "
                f"{address}: {server_reason(exc)}"
            ) from None
    return str(message["Message-ID"])
