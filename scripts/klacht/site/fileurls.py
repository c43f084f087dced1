"""Links of generated pages for a site built with `use_directory_urls: false` (opened from disk).

The generated pages link in one form: relative to the page's directory URL (`pages.href`). With
file URLs a page lives elsewhere (`klachten/K-2026-001.html`, not `klachten/K-2026-001/`) and a
browser without a server needs links that name the file; `rewrite` translates every link of a
generated page's HTML (`href="…"`, `src="…"`) before MkDocs renders it. Markdown links MkDocs
resolves itself; links with a scheme, absolute paths and bare fragments stay as they are.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from klacht.site.pages import url_of

_LINK = re.compile(r'(\s(?:href|src)=")([^"#?:]*)([#?][^"]*)?"')


def file_url(src_uri: str) -> str:
    """Where a page lives with file URLs: `klachten/K-2026-001.html`, `archief/index.html`."""
    return src_uri.removesuffix(".md") + ".html"


def dest_of(src_uri: str, directory_urls: bool) -> str:
    """The file a page is written to, relative to the site folder."""
    return f"{url_of(src_uri)}index.html" if directory_urls else file_url(src_uri)


def location_of(src_uri: str, directory_urls: bool) -> str:
    """A page's location as the search index names it."""
    return url_of(src_uri) if directory_urls else file_url(src_uri)


def page_map(src_uris: Iterable[str]) -> dict[str, str]:
    """Directory URL -> file URL of every page (`.md`) among `src_uris`."""
    return {url_of(uri): file_url(uri) for uri in src_uris if uri.endswith(".md")}


def rewrite(html: str, src_uri: str, pages: dict[str, str]) -> str:
    """The links in `html` of page `src_uri`, from directory-URL form to file-URL form."""
    base, here = url_of(src_uri), posixpath.dirname(file_url(src_uri))

    def one(match: re.Match[str]) -> str:
        attribute, link, rest = match.group(1), match.group(2), match.group(3) or ""
        if link.startswith("/") or (not link and rest):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(base, link)) if link else base.rstrip("/")
        target = "" if target == "." else target
        if not link or link.endswith("/"):
            target = pages.get(f"{target}/" if target else "", posixpath.join(target, "index.html"))
        return f'{attribute}{posixpath.relpath(target, here or ".")}{rest}"'

    return _LINK.sub(one, html)
