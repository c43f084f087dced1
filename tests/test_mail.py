"""`klacht digest --send` against a real SMTP server on 127.0.0.1 (aiosmtpd): plain, STARTTLS
with a certificate of a test CA, a login; and every way it can go wrong."""

from __future__ import annotations

import pytest
from smtp_util import free_port, smtp_server

from conftest import Project

NOW = "2026-11-24T08:00+01:00"
TO = ["directeur@firma.nl", "kwaliteit@firma.nl"]


def mail_project(tmp_path, port: int, starttls: bool = False, extra: str = "") -> Project:
    settings = (
        'site_url = "https://klachten.example.nl"\n'
        "[tool.klacht.mail]\n"
        f'host = "127.0.0.1"\nport = {port}\nstarttls = {str(starttls).lower()}\n'
        f'from = "klachten@firma.nl"\nto = {TO!r}\ntimeout = 10\n'.replace("'", '"')
        + extra
    )
    p = Project(tmp_path / "register", settings, acknowledgement=True)
    # header injection through record text: it must stay in the body, as text
    p.record(
        "K-2026-001",
        received="2026-11-18T10:42:00+01:00",
        summary="Te laat\r\nBcc: indringer@example.com\r\nSubject: gehackt",
    )
    p.record(
        "K-2026-002",
        received="2026-11-16T09:00:00+01:00",
        severity="serious",
        acknowledged="2026-11-16T12:00:00+01:00",
        triage={"decision": "director", "at": "2026-11-16T11:00:00+01:00", "by": "Anouk"},
        summary="Ernstige klacht over bejegening.",
    )
    return p


@pytest.fixture(autouse=True)
def _no_login(monkeypatch):
    for name in ("KLACHT_SMTP_USER", "KLACHT_SMTP_PASSWORD", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_digest_arrives_with_text_and_html(tmp_path, cli):
    with smtp_server(tmp_path) as server:
        p = mail_project(tmp_path, server.port)
        code, out, err = cli(p.root, "digest", "--now", NOW, "--send")
        assert code == 0, err
        assert "Overzicht verstuurd aan directeur@firma.nl, kwaliteit@firma.nl." in out
        (envelope,) = server.inbox.envelopes
        (msg,) = server.inbox.messages()
    assert envelope.mail_from == "klachten@firma.nl"
    assert envelope.rcpt_tos == TO
    assert msg["To"] == "directeur@firma.nl, kwaliteit@firma.nl"
    assert msg["Subject"] == (
        "Klachtenregister 24-11-2026: 2 termijnen te laat, 1 nieuw, 1 bij de directeur, 1 ernstig"
    )
    assert msg["Bcc"] is None and "gehackt" not in msg["Subject"]
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    for part in (text, html):
        assert "K-2026-001" in part and "K-2026-002" in part
        assert "Bcc: indringer@example.com" in part  # the record's text, as text
    assert "https://klachten.example.nl/klachten/K-2026-002/" in html
    assert "<script" not in html


def test_starttls_and_login(tmp_path, cli, monkeypatch):
    with smtp_server(tmp_path, tls=True, login=("klachten", "geheim wachtwoord")) as server:
        p = mail_project(tmp_path, server.port, starttls=True)
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        monkeypatch.setenv("KLACHT_SMTP_USER", "klachten")
        monkeypatch.setenv("KLACHT_SMTP_PASSWORD", "geheim wachtwoord")
        code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
        assert code == 0, err
        assert server.inbox.logins == ["klachten"]
        (msg,) = server.inbox.messages()
    assert "K-2026-001" in msg.get_body(("plain",)).get_content()


def test_wrong_password_is_refused(tmp_path, cli, monkeypatch):
    with smtp_server(tmp_path, tls=True, login=("klachten", "goed")) as server:
        p = mail_project(tmp_path, server.port, starttls=True)
        monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
        monkeypatch.setenv("KLACHT_SMTP_USER", "klachten")
        monkeypatch.setenv("KLACHT_SMTP_PASSWORD", "fout")
        code, out, err = cli(p.root, "digest", "--now", NOW, "--send")
        assert server.inbox.envelopes == []
    assert code == 2
    assert "De mailserver 127.0.0.1 weigert de aanmelding van klachten (535" in err
    assert "fout" not in err.replace("klacht:", "")  # the password is never shown


def test_untrusted_certificate_sends_nothing(tmp_path, cli):
    with smtp_server(tmp_path, tls=True) as server:
        p = mail_project(tmp_path, server.port, starttls=True)
        code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
        assert server.inbox.envelopes == []
    assert code == 2
    assert f"De versleutelde verbinding met 127.0.0.1:{server.port} mislukte" in err


def test_server_without_starttls(tmp_path, cli):
    with smtp_server(tmp_path) as server:
        p = mail_project(tmp_path, server.port, starttls=True)
        code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
        assert server.inbox.envelopes == []
    assert code == 2
    assert "biedt geen versleuteling (STARTTLS); niets verstuurd" in err


def test_no_password_in_the_clear(tmp_path, cli, monkeypatch):
    with smtp_server(tmp_path) as server:
        p = mail_project(tmp_path, server.port, starttls=False)
        monkeypatch.setenv("KLACHT_SMTP_USER", "klachten")
        monkeypatch.setenv("KLACHT_SMTP_PASSWORD", "geheim")
        code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
        assert server.inbox.envelopes == []
    assert code == 2
    assert "onversleuteld" in err


def test_unreachable_server(tmp_path, cli):
    port = free_port()
    p = mail_project(tmp_path, port)
    code, out, err = cli(p.root, "digest", "--now", NOW, "--send")
    assert code == 2
    assert f"De mailserver 127.0.0.1:{port} is niet bereikbaar" in err
    assert "niets verstuurd" in err


def test_refused_recipient(tmp_path, cli):
    with smtp_server(tmp_path) as server:
        server.inbox.refuse = "550 5.1.1 Onbekende ontvanger"
        p = mail_project(tmp_path, server.port)
        code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
    assert code == 2
    assert "weigert het bericht (550 5.1.1 Onbekende ontvanger)" in err


def test_nothing_sent_on_a_quiet_day_unless_always(tmp_path, cli):
    with smtp_server(tmp_path) as server:
        p = mail_project(tmp_path, server.port)
        for path in (p.root / "complaints" / "2026").iterdir():
            path.unlink()
        code, out, _ = cli(p.root, "digest", "--now", NOW, "--send")
        assert code == 0 and server.inbox.envelopes == []
        assert "Niets vraagt aandacht; niets verstuurd" in out
        code, _, _ = cli(p.root, "digest", "--now", NOW, "--send", "--always")
        assert code == 0
        (msg,) = server.inbox.messages()
    assert msg["Subject"] == "Klachtenregister 24-11-2026: niets dat aandacht vraagt"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("", "[tool.klacht.mail] ontbreekt of mist host"),
        ('host = "smtp.firma.nl"\nfrom = "a@b.nl"\n', "ontbreekt of mist to"),
        (
            'host = "x"\nfrom = "niet een adres"\nto = ["a@b.nl"]\n',
            "from klopt niet: een e-mailadres",
        ),
        ('host = "x"\nfrom = "a@b.nl"\nto = ["a@b.nl"]\nport = "587"\n', "port klopt niet"),
        (
            'host = "x"\nfrom = "a@b.nl"\nto = ["a@b.nl"]\npassword = "x"\n',
            "onbekende instelling password",
        ),
    ],
)
def test_mail_settings_errors(tmp_path, cli, table, message):
    p = Project(tmp_path / "register", "[tool.klacht.mail]\n" + table)
    p.record("K-2026-001", received="2026-11-18T10:42:00+01:00")
    code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
    assert code == 2
    assert message in err


def test_half_a_login(tmp_path, cli, monkeypatch):
    p = mail_project(tmp_path, 25)
    monkeypatch.setenv("KLACHT_SMTP_USER", "klachten")
    code, _, err = cli(p.root, "digest", "--now", NOW, "--send")
    assert code == 2
    assert "Alleen KLACHT_SMTP_USER is gezet; zet ook KLACHT_SMTP_PASSWORD" in err
