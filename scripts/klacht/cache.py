"""Cache files: valid while their fingerprint holds, written atomically, never picked up by Git.

A cache file is replaced whole (a temporary file in the same folder, then `os.replace`), so a
reader sees the old or the new version, never half of one. Every folder that holds a cache file
gets a `.gitignore` of `*` (as pytest and ruff do with theirs), so neither the caches nor a
temporary file left by a killed run are ever committed, whatever the register's own `.gitignore`
says. Cache files hold only plain data (`marshal`); one whose fingerprint differs is not used.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import secrets
from pathlib import Path
from typing import Any

from klacht import __version__

_IGNORE = "# Made by klacht: a cache, never committed.\n*\n"


def digest(data: bytes | str, size: int = 16) -> str:
    """A short hex digest of some bytes (or text)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=size).hexdigest()


def fingerprint(*parts: bytes | str | Path) -> str:
    """A digest of what a cache depends on, and this package's version: text and bytes as
    given, a path by its name and contents (nothing when it cannot be read)."""
    hasher = hashlib.blake2b(__version__.encode(), digest_size=16)
    for part in parts:
        if isinstance(part, Path):
            with contextlib.suppress(OSError):
                hasher.update(f"\0{part.name}\0".encode() + part.read_bytes())
        else:
            hasher.update(b"\0" + (part.encode("utf-8") if isinstance(part, str) else part))
    return hasher.hexdigest()


def write(path: Path, data: bytes) -> None:
    """Write `path` atomically, in a folder Git ignores. A temporary file that cannot be
    renamed is removed; the error is left to the caller."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text(_IGNORE, encoding="utf-8")
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load(path: Path, key: str) -> Any:
    """What `store` kept at `path` under `key`; None when absent, unreadable or stale."""
    gc.disable()  # many small objects: the collector would only slow the load down
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    finally:
        gc.enable()
    if isinstance(stored, dict) and stored.get("key") == key:
        return stored.get("data")
    return None


def store(path: Path, key: str, data: Any) -> None:
    """Keep plain `data` (dicts, lists, strings, numbers) at `path` under `key`. A cache that
    cannot be written is only slower next time: errors are not raised."""
    with contextlib.suppress(OSError, ValueError):
        write(path, marshal.dumps({"key": key, "data": data}))
