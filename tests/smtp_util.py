"""A real SMTP server (aiosmtpd) on 127.0.0.1, on a free port, in a thread of its own: with
STARTTLS on a certificate of a test CA made here (trustme), and a login when asked."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import trustme
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword


@dataclass
class Inbox:
    """What the server received; `refuse` makes it refuse every recipient."""

    envelopes: list[Envelope] = field(default_factory=list)
    refuse: str = ""
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


@dataclass
class Server:
    port: int
    inbox: Inbox
    ca_file: Path | None


def tls_files(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context with a certificate for 127.0.0.1 and localhost, and the CA file that a
    client must trust for it."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    ca_file = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return context, ca_file


@contextlib.contextmanager
def smtp_server(
    folder: Path, *, tls: bool = False, login: tuple[str, str] | None = None
) -> Iterator[Server]:
    """An SMTP server on 127.0.0.1; with `tls`, STARTTLS offered and required; with `login`,
    AUTH required (over TLS) and that user and password the only ones accepted."""
    inbox = Inbox()
    context, ca_file = tls_files(folder) if tls else (None, None)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and login is not None
        ok = ok and (auth_data.login.decode(), auth_data.password.decode()) == login
        if ok:
            inbox.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)

    def factory() -> SMTP:
        return SMTP(
            inbox,
            hostname="localhost",
            tls_context=context,
            require_starttls=tls,
            authenticator=authenticate if login else None,
            auth_required=login is not None,
            auth_require_tls=True,
        )

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(
        loop.create_server(factory, "127.0.0.1", 0), loop
    ).result(10)
    try:
        yield Server(server.sockets[0].getsockname()[1], inbox, ca_file)
    finally:

        async def stop() -> None:
            server.close()
            await server.wait_closed()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
