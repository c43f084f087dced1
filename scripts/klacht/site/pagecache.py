"""Rendered pages kept between builds, so that a build re-renders only what changed.

A page is reused when its own inputs (its Markdown, or a digest of what it is made of) and
everything else that shapes its HTML (mkdocs.yml, the hand-written pages that make up the
navigation, the site URL, the builder (MkDocs or ProperDocs, which runs this plugin under the name
`mkdocs`) and the versions of it, Material and Markdown, this package's code) are the same as
when it was rendered; its search index entries are kept with it. MkDocs has no
incremental build of its own.

The complaint pages of the built site also stay where they are: MkDocs empties the site folder
before a build, so they are moved aside into a hidden folder of the site (which MkDocs leaves
alone) and moved back after it; only what changed is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from klacht import cache

PACKAGE = Path(__file__).resolve().parents[1]
VERSIONS = ("mkdocs-material", "markdown", "pymdown-extensions")
STASH = ".klacht-stash"  # hidden: MkDocs does not empty it
KEEP_FINGERPRINTS = 3  # caches of other set-ups (mkdocs serve, another language) kept


def builder() -> tuple[str, str]:
    """The site builder running this build and its version: ProperDocs makes `mkdocs` (and every
    `mkdocs.*` module a plugin imports) another name of its own `properdocs`."""
    name = sys.modules["mkdocs"].__name__ if "mkdocs" in sys.modules else "mkdocs"
    return name, _version(name)


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


def fingerprint(config_file: Path, lang: str, site_url: str, sources: Iterable[Path]) -> str:
    """What every cached page depends on besides its own inputs; `sources` are the files of the
    docs and theme folders (the hand-written pages are in every page's navigation)."""
    files = [*sorted(sources), *sorted(PACKAGE.rglob("*"))]
    kept = [f for f in files if f.is_file() and "__pycache__" not in f.parts]
    versions = repr((lang, site_url, [builder(), *(_version(name) for name in VERSIONS)]))
    return cache.fingerprint(versions, config_file.read_bytes(), *kept)


def _digest(text: str) -> str:
    return cache.digest(text)


class PageCache:
    """Rendered pages as `<key>.html` files (placed by hard link), and their search entries in
    one `entries.json`, read once and written once per build; a folder per fingerprint."""

    def __init__(self, base: Path, fingerprint: str) -> None:
        self.base = base
        self.folder = base / fingerprint
        self.fingerprint = fingerprint
        self._entries: dict[str, list[dict[str, Any]]] | None = None
        self._stashed: dict[str, str | None] = {}  # path in the stash -> key (None: not a page)

    def key(self, uri: str, inputs: str) -> str:
        """The key of a page from its Markdown, or from a digest of everything it is made of."""
        return _digest(f"{uri}\0{inputs}")

    def _html(self, key: str) -> Path:
        return self.folder / f"{key}.html"

    @property
    def _index(self) -> dict[str, list[dict[str, Any]]]:
        if self._entries is None:
            try:
                text = (self.folder / "entries.json").read_text(encoding="utf-8")
                self._entries = json.loads(text)
            except (OSError, ValueError):
                self._entries = {}
        return self._entries

    def has(self, key: str) -> bool:
        return key in self._index and self._html(key).is_file()

    def place(self, key: str, target: Path) -> None:
        """Put a cached page at `target`: a hard link where possible, else a copy."""
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(self._html(key), target)
        except OSError:
            shutil.copyfile(self._html(key), target)

    def entries(self, key: str) -> list[dict[str, Any]]:
        return self._index[key]

    def _write(self, path: Path, data: bytes) -> None:
        cache.write(path, data)

    def store_html(self, key: str, html: str) -> None:
        self._write(self._html(key), html.encode("utf-8"))

    def store_entries(self, key: str, entries: list[dict[str, Any]]) -> None:
        self._index[key] = entries

    def save(self, keep: set[str]) -> None:
        """Write the search entries of the pages this build rendered or reused, forget the rest,
        and the caches of all but the last few other fingerprints."""
        kept = {key: entries for key, entries in self._index.items() if key in keep}
        self._write(self.folder / "entries.json", json.dumps(kept, ensure_ascii=False).encode())
        for path in self.folder.iterdir():
            if path.suffix == ".html" and path.stem not in keep:
                path.unlink(missing_ok=True)
        others = sorted(
            (p for p in self.base.iterdir() if p.is_dir() and p != self.folder),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[KEEP_FINGERPRINTS - 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    # --- The complaint pages of the built site, kept in place -------------------------------

    def _manifest(self, site: Path) -> Path:
        """What the last build put in `site`'s complaint folder: one record per site, whichever
        builder wrote it (a page another fingerprint rendered is never taken for this one's)."""
        return self.base / f"placed-{_digest(str(site.resolve()))}.json"

    def stash(self, site: Path, folder: str) -> None:
        """Before MkDocs empties `site`: move `site/folder` aside, with what its files hold. The
        record of that is taken away now, so a build that fails leaves nothing to trust."""
        stash = site / STASH
        shutil.rmtree(stash, ignore_errors=True)
        manifest = self._manifest(site)
        try:
            placed = json.loads(manifest.read_text(encoding="utf-8"))
            same = placed["fingerprint"] == self.fingerprint
            self._stashed = placed["files"] if same else {}
        except (OSError, ValueError, KeyError, TypeError):
            self._stashed = {}
        manifest.unlink(missing_ok=True)
        if self._stashed and (site / folder).is_dir():
            os.replace(site / folder, stash)  # both in `site`: one file system
        else:
            self._stashed = {}

    def restore(
        self, site: Path, folder: str, reused: dict[str, str], fresh: dict[str, str]
    ) -> None:
        """After the build: `reused` and `fresh` map the pages under `site/folder` (paths
        relative to it) to keys. Stashed files that this build does not reuse as they are go,
        reused pages the stash lacks are placed, everything MkDocs wrote into the folder moves
        in, and the folder goes back into the site."""
        stash, target = site / STASH, site / folder
        stash.mkdir(parents=True, exist_ok=True)
        for path, key in self._stashed.items():
            if key is None or reused.get(path) != key:
                _remove(stash / path)
        for path, key in reused.items():
            if self._stashed.get(path) != key or not (stash / path).is_file():
                self.place(key, stash / path)
        written: dict[str, str | None] = {}
        for folder_path, _dirs, names in os.walk(target):
            for name in names:
                source = Path(folder_path, name)
                path = source.relative_to(target).as_posix()
                (stash / path).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, stash / path)
                written[path] = fresh.get(path)
        shutil.rmtree(target, ignore_errors=True)  # only empty folders are left
        stash.mkdir(exist_ok=True)  # (emptied, when nothing of it was kept)
        os.replace(stash, target)
        files = {**reused, **written}
        placed = {"fingerprint": self.fingerprint, "files": files}
        self._write(self._manifest(site), json.dumps(placed).encode("utf-8"))


class Uncached(PageCache):
    """For a build whose pages show decrypted identities (privacy mode, with a key): nothing is
    stored, not even a page's key (a digest of what it shows), and nothing is reused."""

    def has(self, key: str) -> bool:
        return False

    def store_html(self, key: str, html: str) -> None:
        return None

    def store_entries(self, key: str, entries: list[dict[str, Any]]) -> None:
        return None

    def save(self, keep: set[str]) -> None:
        return None

    def stash(self, site: Path, folder: str) -> None:
        self._manifest(site).unlink(missing_ok=True)

    def restore(
        self, site: Path, folder: str, reused: dict[str, str], fresh: dict[str, str]
    ) -> None:
        return None


def discard(site: Path) -> None:
    """After a failed build: nothing kept aside is trusted again."""
    shutil.rmtree(site / STASH, ignore_errors=True)


def _remove(path: Path) -> None:
    """Remove a file, and its folder when that is left empty."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty
        path.parent.rmdir()
