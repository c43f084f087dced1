"""Sending mail over SMTP with `[tool.klacht.mail]` (SPEC §8): STARTTLS unless switched off, the
login only from the environment (KLACHT_SMTP_USER, KLACHT_SMTP_PASSWORD), never from a file.
Messages are built with the standard library's `email`, whose headers refuse line breaks, so no
text can add a header."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from klacht.i18n import Catalog

USER_VARIABLE = "KLACHT_SMTP_USER"
PASSWORD_VARIABLE = "KLACHT_SMTP_PASSWORD"
KEYS = ("host", "port", "starttls", "from", "to", "timeout")
_TABLE = "pyproject.toml: [tool.klacht.mail] "

MSG = Catalog(
    {
        "missing": (
            _TABLE + "ontbreekt of mist {key}; zie de README onder 'De ochtend van de directeur'",
            _TABLE + "is missing or lacks {key}; see the README under 'The director's morning'",
        ),
        "unknown": (_TABLE + "onbekende instelling {key}", _TABLE + "unknown setting {key}"),
        "wrong": (
            _TABLE + "{key} klopt niet: {expected}",
            _TABLE + "{key} is wrong: {expected}",
        ),
        "text": ("een tekst", "a text"),
        "address": ("een e-mailadres", "an e-mail address"),
        "addresses": ("een lijst van e-mailadressen", "a list of e-mail addresses"),
        "number": ("een poortnummer 1-65535", "a port number 1-65535"),
        "seconds": ("een aantal seconden groter dan 0", "a number of seconds greater than 0"),
        "boolean": ("true of false", "true or false"),
        "half_login": (
            "Alleen {given} is gezet; zet ook {missing} (of geen van beide).",
            "Only {given} is set; set {missing} too (or neither).",
        ),
        "clear_login": (
            "Met starttls = false zou het wachtwoord onversleuteld over het netwerk gaan; "
            "niets verstuurd. Zet starttls = true of verstuur zonder inloggen.",
            "With starttls = false the password would cross the network unencrypted; nothing "
            "sent. Set starttls = true or send without logging in.",
        ),
        "unreachable": (
            "De mailserver {host}:{port} is niet bereikbaar ({detail}); niets verstuurd.",
            "The mail server {host}:{port} cannot be reached ({detail}); nothing sent.",
        ),
        "no_tls": (
            "De mailserver {host}:{port} biedt geen versleuteling (STARTTLS); niets verstuurd.",
            "The mail server {host}:{port} offers no encryption (STARTTLS); nothing sent.",
        ),
        "tls": (
            "De versleutelde verbinding met {host}:{port} mislukte ({detail}); niets verstuurd.",
            "The encrypted connection to {host}:{port} failed ({detail}); nothing sent.",
        ),
        "login": (
            "De mailserver {host} weigert de aanmelding van {user} ({detail}); controleer "
            "KLACHT_SMTP_USER en KLACHT_SMTP_PASSWORD. Niets verstuurd.",
            "The mail server {host} refuses the login of {user} ({detail}); check "
            "KLACHT_SMTP_USER and KLACHT_SMTP_PASSWORD. Nothing sent.",
        ),
        "refused": (
            "De mailserver {host} weigert het bericht ({detail}); niets verstuurd.",
            "The mail server {host} refuses the message ({detail}); nothing sent.",
        ),
        "bad_header": (
            "Het bericht kan niet worden opgemaakt: {detail}",
            "The message cannot be made: {detail}",
        ),
    }
)


class MailError(Exception):
    """Mail could not be set up or sent: a message key of MSG with its arguments."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        values = dict(self.values)
        if "expected" in values:
            values["expected"] = MSG(lang, str(values["expected"]))
        return MSG(lang, self.key, **values)


@dataclass(frozen=True)
class MailSettings:
    host: str
    sender: str
    to: tuple[str, ...]
    port: int = 587
    starttls: bool = True
    timeout: float = 30
    user: str | None = None
    password: str | None = None


def _is_address(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.count("@") == 1
        and all(value.split("@"))
        and not any(ch.isspace() or ord(ch) < 32 for ch in value)
    )


def mail_settings(table: Mapping[str, Any], environ: Mapping[str, str]) -> MailSettings:
    """The mail settings from `[tool.klacht.mail]` and the login from the environment;
    MailError naming the setting that is missing or wrong."""
    for key in table:
        if key not in KEYS:
            raise MailError("unknown", key=key)
    for key in ("host", "from", "to"):
        if not table.get(key):
            raise MailError("missing", key=key)
    host, sender, to = table["host"], table["from"], table["to"]
    if not isinstance(host, str) or not host.strip() or any(ch.isspace() for ch in host):
        raise MailError("wrong", key="host", expected="text")
    if not _is_address(sender):
        raise MailError("wrong", key="from", expected="address")
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not all(_is_address(a) for a in to):
        raise MailError("wrong", key="to", expected="addresses")
    port = table.get("port", 587)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise MailError("wrong", key="port", expected="number")
    starttls = table.get("starttls", True)
    if not isinstance(starttls, bool):
        raise MailError("wrong", key="starttls", expected="boolean")
    timeout = table.get("timeout", 30)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        raise MailError("wrong", key="timeout", expected="seconds")
    user = environ.get(USER_VARIABLE) or None
    password = environ.get(PASSWORD_VARIABLE) or None
    if (user is None) != (password is None):
        given, missing = (
            (USER_VARIABLE, PASSWORD_VARIABLE) if user else (PASSWORD_VARIABLE, USER_VARIABLE)
        )
        raise MailError("half_login", given=given, missing=missing)
    return MailSettings(host, sender, tuple(to), port, starttls, float(timeout), user, password)


def message(
    sender: str,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A message with a text part and, when given, an HTML alternative. A line break in any
    header (an injected header) is refused: MailError."""
    msg = EmailMessage()
    try:
        msg["From"] = sender
        msg["To"] = ", ".join(to)
        msg["Subject"] = subject
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        for name, value in (headers or {}).items():
            msg[name] = value
    except (ValueError, IndexError) as exc:
        raise MailError("bad_header", detail=str(exc)) from None
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def send(msg: EmailMessage, ms: MailSettings) -> None:
    """Send `msg` to `ms.to` (its envelope recipients), from `ms.sender`; MailError with the
    reason when the server cannot be reached, offers no STARTTLS, refuses the login or the
    message. Nothing is retried."""
    if ms.user and not ms.starttls:
        raise MailError("clear_login")
    where = {"host": ms.host, "port": ms.port}
    try:
        with smtplib.SMTP(ms.host, ms.port, timeout=ms.timeout) as smtp:
            smtp.ehlo()
            if ms.starttls:
                if not smtp.has_extn("starttls"):
                    raise MailError("no_tls", **where)
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if ms.user and ms.password:
                try:
                    smtp.login(ms.user, ms.password)
                except smtplib.SMTPException as exc:
                    raise MailError("login", host=ms.host, user=ms.user, detail=_why(exc)) from None
            smtp.send_message(msg, from_addr=ms.sender, to_addrs=list(ms.to))
    except MailError:
        raise
    except ssl.SSLError as exc:
        raise MailError("tls", detail=exc.reason or str(exc), **where) from None
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        raise MailError("refused", host=ms.host, detail=_why(exc)) from None
    except (OSError, smtplib.SMTPException) as exc:  # socket errors, timeouts, dropped lines
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else _why(exc)
        if isinstance(exc, socket.timeout):
            detail = "timeout"
        raise MailError("unreachable", detail=detail, **where) from None


def _why(exc: Exception) -> str:
    """The server's own answer where it gave one (`550 5.1.1 no such user`), else the error."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return f"{code} {text.decode(errors='replace')}"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__
