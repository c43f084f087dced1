"""`klacht bundle`: the site as a zip that works opened from disk (file://) in a real Chromium,
search included; and the same files behind nginx's login (hosting/nginx.conf) on 127.0.0.1."""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from documents_util import pdf

from conftest import REPO, Project
from klacht import bundle

NOW = "2026-11-24T12:00+01:00"
CUSTOMER = {"name": "Bakkerij Zonneveld", "phone": "073-1234567"}
TRIAGE = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    """A register with an open and a closed complaint, bundled and unzipped."""
    project = Project(tmp_path_factory.mktemp("bundle") / "register")
    shutil.copy(REPO / "mkdocs.yml", project.root)
    shutil.copytree(REPO / "site", project.root / "site")
    project.record("K-2026-001", customer=CUSTOMER, received="2026-11-18T10:00:00+01:00")
    project.commit("Klacht K-2026-001 geregistreerd")
    project.write("complaints/2026/K-2026-001/brief.pdf", pdf())
    project.record(
        "K-2026-001",
        customer=CUSTOMER,
        received="2026-11-18T10:00:00+01:00",
        triage=TRIAGE,
        documents=[{"file": "brief.pdf", "title": "Brief", "date": "2026-11-18"}],
    )
    project.commit("K-2026-001 beoordeeld", "Ruud de Wit")
    out = project.root.parent / "out" / "klachten-site.zip"
    os.environ["KLACHT_NOW"] = NOW
    try:
        count = bundle.build(project.root / "mkdocs.yml", out)
    finally:
        del os.environ["KLACHT_NOW"]
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert len(names) == count and all(n.startswith("klachten-site/") for n in names)
        archive.extractall(out.parent)
    assert not list(out.parent.glob(".klacht-*"))  # no temp file left
    return out.parent / "klachten-site"


def test_every_link_names_a_file_that_is_there(unzipped):
    """From disk a link must name the file (no directory URLs); the downloads are included."""
    for name in (
        "register.csv",
        "register.xlsx",
        "deadlines.ics",
        "search/search_index.js",
        "documenten/K-2026-001/brief.pdf",
        "klachten/K-2026-001.html",
        "assets/klacht/iframe-worker.js",
    ):
        assert (unzipped / name).is_file(), name
    checked = 0
    for page in unzipped.rglob("*.html"):
        if page.name == "404.html":  # MkDocs' 404 page uses absolute links, for a server
            continue
        for link in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            path = urllib.parse.unquote(link.split("#")[0].split("?")[0])
            if not path or re.match(r"^[a-z]+:", path):
                continue
            assert (page.parent / path).is_file(), (page.relative_to(unzipped), link)
            checked += 1
    assert checked > 100
    index = (unzipped / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in index and "iframe-worker.js" in index


def test_opened_from_disk_the_register_leads_to_a_complaint_and_search_works(unzipped, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith("file://") else outside.append(r.url))
    page.goto((unzipped / "index.html").as_uri())
    page.locator(".md-nav a[href='register.html']").first.click()
    page.wait_for_url(re.compile(r"register\.html$"))
    page.locator("table.klacht-sortable a", has_text="K-2026-001").first.click()
    page.wait_for_url(re.compile(r"klachten/K-2026-001\.html$"))
    assert "Bakkerij Zonneveld" in page.locator("article").inner_text()
    assert "Ruud de Wit" in page.locator("article").inner_text()  # the history from Git

    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Zonneveld", delay=30)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(state="attached", timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(h.endswith("klachten/K-2026-001.html") for h in hrefs), hrefs
    results.first.click()
    page.wait_for_url(re.compile(r"K-2026-001\.html"))
    page.close()
    assert errors == [] and outside == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: CI installs it (.ci/install-nginx)")
        pytest.skip("nginx is not installed")
    return found


def test_the_bundle_behind_nginx_with_a_login(unzipped, tmp_path):
    """hosting/nginx.conf as documented, with this machine's paths and ports: `nginx -t`, then
    HTTPS with basic authentication on 127.0.0.1, and plain HTTP sent to HTTPS."""
    nginx = _nginx()
    https, http = _free_port(), _free_port()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            tmp_path / "key.pem",
            "-out",
            tmp_path / "cert.pem",
        ],
        check=True,
        capture_output=True,
    )
    hashed = subprocess.run(
        ["openssl", "passwd", "-apr1", "geheim"], check=True, capture_output=True, text=True
    ).stdout.strip()
    (tmp_path / "htpasswd").write_text(f"directeur:{hashed}\n")
    server = (REPO / "hosting" / "nginx.conf").read_text(encoding="utf-8")
    for documented, here in (
        ("listen 443 ssl", f"listen 127.0.0.1:{https} ssl"),
        ("listen 80", f"listen 127.0.0.1:{http}"),
        ("/etc/ssl/klachten/fullchain.pem", str(tmp_path / "cert.pem")),
        ("/etc/ssl/klachten/privkey.pem", str(tmp_path / "key.pem")),
        ("/srv/klachten/klachtenregister", str(unzipped)),
        ("/etc/nginx/klachten.htpasswd", str(tmp_path / "htpasswd")),
    ):
        assert documented in server
        server = server.replace(documented, here)
    (tmp_path / "server.conf").write_text(server)
    (tmp_path / "logs").mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # pytest's temp folders are private
    (tmp_path / "nginx.conf").write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {tmp_path}/body;\n  include {tmp_path}/server.conf;\n}}\n"
    )
    command = [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        base = f"https://127.0.0.1:{https}/"

        def get(path: str, password: str | None) -> tuple[int, dict, bytes]:
            request = urllib.request.Request(base + path)
            if password is not None:
                token = base64.b64encode(f"directeur:{password}".encode()).decode()
                request.add_header("Authorization", f"Basic {token}")
            for _ in range(100):
                try:
                    with urllib.request.urlopen(request, context=context, timeout=5) as r:
                        return r.status, dict(r.headers), r.read()
                except urllib.error.HTTPError as error:
                    return error.code, dict(error.headers), b""
                except urllib.error.URLError:  # not listening yet
                    assert process.poll() is None, process.stderr.read().decode()
                    __import__("time").sleep(0.1)
            raise AssertionError("nginx did not answer")

        assert get("", None)[0] == 401
        assert get("klachten/K-2026-001.html", "fout")[0] == 401
        status, headers, body = get("klachten/K-2026-001.html", "geheim")
        assert status == 200 and b"Bakkerij Zonneveld" in body
        assert headers["X-Robots-Tag"] == "noindex, nofollow"
        assert "max-age" in headers["Strict-Transport-Security"]
        status, headers, body = get("documenten/K-2026-001/brief.pdf", "geheim")
        assert (status, body) == (200, pdf())
        assert headers["Content-Type"] == "application/pdf"
        assert headers["Content-Disposition"] == "attachment"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Robots-Tag"] == "noindex, nofollow"
        status, headers, body = get("deadlines.ics", "geheim")
        assert status == 200 and headers["Content-Type"] == "text/calendar"
        assert body.startswith(b"BEGIN:VCALENDAR")
        plain = http_request(f"http://127.0.0.1:{http}/register.html")
        assert plain[0] == 301 and plain[1].startswith("https://")
    finally:
        process.terminate()
        process.wait(timeout=10)


def http_request(url: str) -> tuple[int, str]:
    """Status and Location of one plain HTTP request, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")
