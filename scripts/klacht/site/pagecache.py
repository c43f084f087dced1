"""Rendered pages kept between builds, so that a build re-renders only what changed.

A page is reused when its generated Markdown and everything else that shapes its HTML (mkdocs.yml,
the MkDocs and Material versions, this package's code) are the same as when it was rendered; its
search index entries are kept with it. MkDocs has no incremental build of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]


def fingerprint(config_file: Path, lang: str) -> str:
    """What every cached page depends on besides its own Markdown."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{lang} {version('mkdocs')} {version('mkdocs-material')}".encode())
    digest.update(config_file.read_bytes())
    for source in sorted(PACKAGE.rglob("*")):
        if source.suffix in (".py", ".js", ".css"):
            digest.update(source.read_bytes())
    return digest.hexdigest()


class PageCache:
    """Rendered pages as `<key>.html` files (placed by hard link), and their search entries in
    one `entries.json`, read once and written once per build."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self._entries: dict[str, list[dict[str, Any]]] | None = None
        self._stashed: dict[str, str] = {}  # page path in the stash -> key

    def key(self, uri: str, inputs: str) -> str:
        """The key of a page from its Markdown, or from a digest of everything it is made of."""
        digest = hashlib.blake2b(f"{self.fingerprint}\0{uri}\0{inputs}".encode(), digest_size=16)
        return digest.hexdigest()

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
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def store_html(self, key: str, html: str) -> None:
        self._write(self._html(key), html.encode("utf-8"))

    def store_entries(self, key: str, entries: list[dict[str, Any]]) -> None:
        self._index[key] = entries

    def save(self, keep: set[str]) -> None:
        """Write the search entries of the pages this build rendered or reused, and forget the
        rest."""
        kept = {key: entries for key, entries in self._index.items() if key in keep}
        self._write(self.folder / "entries.json", json.dumps(kept, ensure_ascii=False).encode())
        for path in self.folder.iterdir():
            if path.suffix == ".html" and path.stem not in keep:
                path.unlink(missing_ok=True)

    # A folder of the built site (the complaint pages) survives MkDocs' emptying of the site:
    # moved aside before, back after the build, so an unchanged page costs no file operation.

    def _stash(self) -> Path:
        return self.folder / "stash"

    def stash(self, site: Path, folder: str) -> None:
        """Before MkDocs empties `site`: move `site/folder` aside, with the keys of its pages."""
        shutil.rmtree(self._stash(), ignore_errors=True)
        self._stashed = {}
        try:
            manifest = json.loads((self.folder / "placed.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if manifest.get("site") != str(site.resolve()) or not (site / folder).is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        os.replace(site / folder, self._stash())
        self._stashed = manifest["pages"]

    def restore(
        self, site: Path, folder: str, reused: dict[str, str], fresh: dict[str, str]
    ) -> None:
        """After the build: `reused` and `fresh` map the pages (paths relative to `site/folder`)
        to keys. Stashed pages with another key go, reused ones are placed, the fresh ones that
        MkDocs wrote are moved in, and the folder goes back into the site."""
        stash = self._stash()
        if not stash.is_dir():
            stash.mkdir(parents=True)
        for page, key in self._stashed.items():
            if reused.get(page) != key:
                (stash / page).unlink(missing_ok=True)
        for page, key in reused.items():
            if self._stashed.get(page) != key:
                self.place(key, stash / page)
        for page in fresh:
            (stash / page).parent.mkdir(parents=True, exist_ok=True)
            os.replace(site / folder / page, stash / page)
        shutil.rmtree(site / folder, ignore_errors=True)
        os.replace(stash, site / folder)
        manifest = {"site": str(site.resolve()), "pages": reused | fresh}
        self._write(self.folder / "placed.json", json.dumps(manifest).encode("utf-8"))
