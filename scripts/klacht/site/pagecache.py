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
    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint

    def key(self, uri: str, markdown: str) -> str:
        digest = hashlib.blake2b(f"{self.fingerprint}\0{uri}\0{markdown}".encode(), digest_size=16)
        return digest.hexdigest()

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / f"{key}{suffix}"

    def has(self, key: str) -> bool:
        return self._path(key, ".html").is_file() and self._path(key, ".json").is_file()

    def place(self, key: str, target: Path) -> None:
        """Put a cached page at `target`: a hard link where possible, else a copy."""
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(self._path(key, ".html"), target)
        except OSError:
            shutil.copyfile(self._path(key, ".html"), target)

    def entries(self, key: str) -> list[dict[str, Any]]:
        return json.loads(self._path(key, ".json").read_text(encoding="utf-8"))

    def _write(self, path: Path, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def store_html(self, key: str, html: str) -> None:
        self._write(self._path(key, ".html"), html.encode("utf-8"))

    def store_entries(self, key: str, entries: list[dict[str, Any]]) -> None:
        self._write(
            self._path(key, ".json"), json.dumps(entries, ensure_ascii=False).encode("utf-8")
        )

    def prune(self, keep: set[str]) -> None:
        """Forget pages that this build neither rendered nor reused."""
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.stem not in keep:
                    path.unlink(missing_ok=True)
