"""Related documents of a complaint (SPEC §11): the files in the complaint's own folder
`complaints/<YYYY>/<ID>/`, next to its record, each listed under the record's `documents`.

What `klacht check` asks of them, beyond the record's own checks: each listed file exists, is a
plain file (no link, no folder) of an allowed type and size, and every file of the folder is
listed; a folder named like a complaint has its record beside it. These depend on the files, not
on the record's text, so they run on every check (a `stat` and the first bytes of each document;
a folder is listed only where one exists) and are not cached with the record's results.

The type is read from the content, by a short table of signatures of exactly the types a register
accepts, with the standard library's `zipfile` for the two zip-based types and the header lines
of an `.eml`: a renamed program, a web page or an SVG image is refused whatever its name. (A general
library such as libmagic needs a system library, names a zip as a zip and an e-mail as text; the
table is short, exact and tested file by file.)
"""

from __future__ import annotations

import atexit
import errno
import io
import os
import posixpath
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from klacht.config import Settings
from klacht.i18n import Catalog
from klacht.model import Complaint
from klacht.schema import Finding

MSG = Catalog(
    {
        "kind.pdf": ("PDF", "PDF"),
        "kind.eml": ("e-mail", "e-mail"),
        "kind.msg": ("Outlook-bericht", "Outlook message"),
        "kind.docx": ("Word-document", "Word document"),
        "kind.odt": ("OpenDocument-tekst", "OpenDocument text"),
        "kind.txt": ("tekst", "text"),
        "kind.jpg": ("JPEG-afbeelding", "JPEG image"),
        "kind.png": ("PNG-afbeelding", "PNG image"),
        "kind.program": ("programma (uitvoerbaar bestand)", "program (executable)"),
        "kind.html": ("webpagina (HTML)", "web page (HTML)"),
        "kind.svg": ("SVG-afbeelding (kan script bevatten)", "SVG image (may hold script)"),
        "kind.zip": ("zip-archief", "zip archive"),
        "kind.ole": ("ander Office-bestand", "other Office file"),
        "kind.unknown": ("onbekend soort bestand", "unknown kind of file"),
        "size.bytes": ("{n} bytes", "{n} bytes"),
        "size.kb": ("{n} kB", "{n} kB"),
        "size.mb": ("{n} MB", "{n} MB"),
    }
)

# A complaint's number (the schema's pattern): a folder with this name holds documents, never
# records.
FOLDER_NAME = re.compile(r"^K-[0-9]{4}-[0-9]{3,}$")


@dataclass(frozen=True)
class Kind:
    """An allowed type: its extension (others that mean the same, like `jpeg`), content type."""

    ext: str
    content_type: str
    aliases: tuple[str, ...] = ()


KINDS = {
    kind.ext: kind
    for kind in (
        Kind("pdf", "application/pdf"),
        Kind("eml", "message/rfc822"),
        Kind("msg", "application/vnd.ms-outlook"),
        Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Kind("odt", "application/vnd.oasis.opendocument.text"),
        Kind("txt", "text/plain"),
        Kind("jpg", "image/jpeg", ("jpeg",)),
        Kind("png", "image/png"),
    )
}
_BY_EXTENSION = {name: kind.ext for kind in KINDS.values() for name in (kind.ext, *kind.aliases)}

# Signatures, by the first bytes.
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # a compound file: .msg, or .doc, .xls, …
    (b"PK\x03\x04", "zip"),  # .docx, .odt, or any zip
    (b"MZ", "program"),  # Windows
    (b"\x7fELF", "program"),  # Linux
    (b"\xfe\xed\xfa\xce", "program"),  # macOS (Mach-O, both byte orders, fat binaries)
    (b"\xfe\xed\xfa\xcf", "program"),
    (b"\xce\xfa\xed\xfe", "program"),
    (b"\xcf\xfa\xed\xfe", "program"),
    (b"\xca\xfe\xba\xbe", "program"),
    (b"#!", "program"),  # a script
)
_MARKUP = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|svg|script)\b",
    re.IGNORECASE | re.DOTALL,
)
_HEAD = 64 * 1024  # the bytes read to tell a type (all of a .msg, whose names may be anywhere)
_MSG_STREAM = "__substg1.0_".encode("utf-16-le")  # the property streams of an Outlook message
_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1a\x1b")
_MAIL_HEADERS = {b"from", b"to", b"date", b"subject", b"received", b"message-id", b"mime-version"}
_HEADER = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):", re.MULTILINE)
# Characters no document name holds: separators, what Windows forbids, control and
# bidirectional-override characters.
_BAD_NAME = re.compile(r'[/\\<>:"|?*\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_NAME_BYTES = 200  # well below every file system's limit of 255


# A document stored encrypted to its cohort's public key (privacy mode, SPEC §10): its name ends
# in `.age` after its own extension (`brief.pdf.age`), and it is an age file.
ENCRYPTED = ".age"
_AGE = b"age-encryption.org/v1\n"


def plain_name(name: str) -> str:
    """The name of a document for people and on the site: without `.age`."""
    return name.removesuffix(ENCRYPTED) if name.endswith(ENCRYPTED) else name


def folder_of(record_path: str) -> str:
    """The documents folder of a record (posix, like the record's path): the path without
    `.yaml`."""
    return posixpath.splitext(record_path)[0]


def record_of_document(path: str) -> str | None:
    """The complaint id of a path inside a documents folder (`…/K-2026-007/brief.pdf`), else None."""
    parts = path.split("/")
    for part in parts[:-1]:
        if FOLDER_NAME.match(part):
            return part
    return None


def extension(name: str) -> str:
    """The allowed type a file name's extension stands for (`jpeg` -> `jpg`; `brief.pdf.age`, an
    encrypted PDF, -> `pdf`), or its extension in lower case when it stands for none."""
    ext = posixpath.splitext(plain_name(name))[1].lstrip(".").lower()
    return _BY_EXTENSION.get(ext, ext)


def content_type(name: str) -> str:
    kind = KINDS.get(extension(name))
    return kind.content_type if kind else "application/octet-stream"


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a document's file name (a message key), or None: a plain name in the
    complaint's folder, nothing Windows or a web link would stumble over."""
    if _BAD_NAME.search(name) or name in (".", ".."):
        return (
            "documents.name_path"
            if "/" in name or "\\" in name or name == ".."
            else ("documents.name_chars")
        )
    if name.startswith(".") or name != name.strip() or name.endswith("."):
        return "documents.name_chars"
    if _WINDOWS_RESERVED.match(name):
        return "documents.name_reserved"
    if len(name.encode("utf-8")) > _NAME_BYTES:
        return "documents.name_long"
    return None


# --- Telling the type by the content --------------------------------------------------------


def sniff(head: bytes, handle: Any = None) -> str:
    """The kind of a file by its first bytes (`head`): a key of KINDS, or `program`, `html`,
    `svg`, `zip`, `ole`, `unknown`. `handle`, a binary file open at any position, lets a zip be
    told apart by its listing of entries (read from the end of the file, not its content)."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            if kind == "zip" and handle is not None:
                return _zip_kind(handle)
            if kind == "ole":
                return "msg" if _MSG_STREAM in head else "ole"
            return kind
    markup = _MARKUP.match(head[:4096])
    if markup:
        return "svg" if markup.group(3).lower() == b"svg" else "html"
    if _is_text(head):
        return "eml" if _is_mail(head) else "txt"
    return "unknown"


def _zip_kind(handle: Any) -> str:
    """`docx` or `odt` by the entries of the zip, else `zip`."""
    import zipfile  # only where a document is checked

    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].strip()
                if mimetype == KINDS["odt"].content_type.encode():
                    return "odt"
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return "docx"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError):
        pass
    return "zip"


def _is_text(head: bytes) -> bool:
    """Text in UTF-8, UTF-16 (with its mark) or a one-byte code page: no NUL, few control bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\0" in head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls * 100 <= len(head)


def _is_mail(head: bytes) -> bool:
    """An e-mail message: it starts with header lines, among them at least two every message
    has (From, To, Date, Subject, …)."""
    block = re.split(rb"\r?\n\r?\n", head.lstrip(b"\r\n"), maxsplit=1)[0]
    if not _HEADER.match(block):
        return False
    names = {name.lower() for name in _HEADER.findall(block)}
    return len(names & _MAIL_HEADERS) >= 2


# --- Documents of a valid complaint, for the site -------------------------------------------


def site_uri(record_id: str, name: str) -> str:
    """Where a document lives in the built site (outside the complaint pages' folder, which the
    site build keeps between builds)."""
    return f"documenten/{record_id}/{name}"


@dataclass(frozen=True)
class Stored:
    """A listed document for the site: its name there (without `.age`), kind (extension), size
    and last change (for the page cache: a replaced file changes its page's key), and what the
    site carries: the file to copy, its decrypted bytes, or None for an encrypted document that
    the keys at hand cannot open (left out of the repr, and so out of the page's key)."""

    file: str
    title: str
    date: date
    kind: str
    size: int | None
    changed: int
    content: Path | bytes | None = field(default=None, repr=False, compare=False)
    erased: bool = False  # encrypted to a cohort's key that `klacht shred` destroyed


@dataclass(frozen=True)
class Opener:
    """Opens encrypted documents with the identities of KLACHT_IDENTITIES (privacy mode), and
    knows the complaints whose cohort's key was destroyed (`klacht shred`). `keys`: the
    register's `privacy.Keyring`."""

    keys: Any

    def __call__(self, data: bytes) -> bytes | None:
        """The decrypted document, or None when no identity at hand opens it."""
        if not self.keys.can_decrypt:
            return None
        from klacht import privacy

        try:
            return privacy.decrypt_bytes(data, self.keys.identities)
        except Exception:  # noqa: BLE001 - pyrage.DecryptError: another key, a damaged file
            return None

    def erased(self, complaint: Complaint) -> bool:
        """Whether the complaint's documents were erased with its cohort's key."""
        return self.keys.erased(complaint.year, complaint.id)


def stored(
    root: Path, complaint: Complaint, store: Store, limits: Limits, opener: Opener | None = None
) -> tuple[list[Stored], list[Finding]]:
    """The documents of a complaint that passed `klacht check`, each kept in `store` for the
    build and checked again there (see `Store`); an encrypted one decrypted by `opener` (see
    `opener_of`) when it can, and marked erased when its cohort was shredded (then it is not
    opened, even by a key still at hand). A document that changed since the check (gone, a link, a folder,
    another type) gives a finding at its field instead, like those of `record_findings`."""
    folder = root / folder_of(complaint.path)
    erased = opener is not None and opener.erased(complaint)
    found, findings = [], []
    for index, document in enumerate(complaint.documents):
        kept, problem = store.keep(folder / document.file, complaint.id, document.file, limits)
        if kept is None or problem is not None:
            code, args = problem or ("documents.unreadable", {})
            findings.append(
                (f"documents.{index}.file", code, {"name": document.file, **args}, "value")
            )
            continue
        status = os.lstat(kept) if isinstance(kept, Path) else None
        content: Path | bytes | None = kept
        sealed = document.file.endswith(ENCRYPTED)
        if sealed:
            data = kept.read_bytes() if isinstance(kept, Path) else kept
            content = opener(data) if opener and not erased else None
        size = None
        if isinstance(content, Path) and status:
            size = status.st_size
        elif isinstance(content, bytes):
            size = len(content)
        found.append(
            Stored(
                plain_name(document.file),
                document.title,
                document.date,
                extension(document.file),
                size,
                status.st_mtime_ns if status else 0,
                content,
                sealed and erased,
            )
        )
    return found, findings


class Store:
    """The documents of one site build, kept where nobody else changes them until the site
    builder has copied them: MkDocs copies a file long after the check, and a document removed,
    replaced by a link or a folder meanwhile (a `git checkout` during `mkdocs serve`) must
    neither stop the build nor bring in another file.

    Each document is hard-linked (the same file, no copy) into a private folder of the cache,
    or copied there where links cannot be made, and checked again there with `file_problem`:
    what passes is what the site carries. Where the cache cannot be written, the document's
    bytes are held instead. The folders of earlier builds of this process, and of processes that
    ended, are removed when a build starts; this process's last one when it ends (so that a
    document removed by anonymizing stays in no cache)."""

    def __init__(self, settings: Settings) -> None:
        top = settings.root / settings.cache_dir / "documents"
        self.folder: Path | None = None
        try:
            top.mkdir(parents=True, exist_ok=True)
            _prune(top)
            self.folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=top))
        except OSError:
            return
        _BUILDS.append(self.folder)

    def keep(
        self, source: Path, record_id: str, name: str, limits: Limits
    ) -> tuple[Path | bytes | None, tuple[str, dict[str, Any]] | None]:
        """The document kept for the build (a path in the store, or its bytes) and what is wrong
        with it now (see `file_problem`)."""
        if self.folder is None:
            return _read(source, name, limits)
        target = self.folder / record_id / name
        try:
            target.parent.mkdir(exist_ok=True)
            try:
                os.link(source, target, follow_symlinks=False)
            except FileNotFoundError:
                return None, ("documents.missing", {})
            except OSError:  # another file system, no links there, or a folder
                data, problem = _read(source, name, limits)
                if data is None or problem is not None:
                    return None, problem
                _write_new(target, data)
        except OSError:
            return _read(source, name, limits)
        return target, file_problem(target, name, limits)


def _write_new(target: Path, data: bytes) -> None:
    """Write a file of the store as a new file (never through a link to a document)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent)
    with open(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, target)


_BUILDS: list[Path] = []  # the store folders of this process's builds


def _prune(top: Path) -> None:
    """Remove the store folders of this process's earlier builds and of ended processes."""
    for old in _BUILDS:
        shutil.rmtree(old, ignore_errors=True)
    _BUILDS.clear()
    for entry in top.iterdir():
        pid = entry.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


atexit.register(lambda: [shutil.rmtree(old, ignore_errors=True) for old in _BUILDS])


def _read(source: Path, name: str, limits: Limits) -> tuple[bytes | None, tuple[str, Any] | None]:
    """A document's bytes, read without following a link, and what is wrong with them."""
    try:
        fd = os.open(source, _OPEN_FLAGS)
    except OSError as exc:
        return None, (_OPEN_ERRORS.get(exc.errno or 0, "documents.unreadable"), {})
    try:
        status = os.fstat(fd)
        problem = _status_problem(status, limits)
        if problem is not None:
            return None, problem
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError:
        return None, ("documents.unreadable", {})
    finally:
        os.close(fd)
    if name.endswith(ENCRYPTED):  # its type was told before it was encrypted
        return data, None if data.startswith(_AGE) else ("documents.not_encrypted", {})
    return data, content_problem(data, name, limits)


def opener_of(settings: Settings) -> Opener | None:
    """What opens encrypted documents (privacy mode, or a register with keys): None when the
    register has neither."""
    from klacht import privacy

    keys = privacy.Keyring.of(settings)
    return Opener(keys) if keys.active else None


# --- The checks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What a register accepts: the types (extensions, keys of KINDS) and the size in bytes."""

    types: tuple[str, ...]
    max_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(tuple(settings.document_types), settings.document_max_bytes)


# Reasons a listed document cannot be opened, by errno.
_OPEN_ERRORS = {
    errno.ENOENT: "documents.missing",
    errno.ENOTDIR: "documents.missing",
    errno.ELOOP: "documents.link",
    errno.EACCES: "documents.no_access",
    errno.EPERM: "documents.no_access",
}
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def file_problem(file: Path, name: str, limits: Limits) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with one document file (a message key and its arguments), or None. It is
    opened without following a link and without waiting on it; at most `_HEAD` bytes are read."""
    ext = extension(name)
    if ext not in limits.types:
        return "documents.type", {"ext": ext or "-", "allowed": ", ".join(limits.types)}
    try:
        fd = os.open(file, _OPEN_FLAGS)
    except OSError as exc:
        return _OPEN_ERRORS.get(exc.errno or 0, "documents.unreadable"), {}
    try:
        status = os.fstat(fd)
        problem = _status_problem(status, limits)
        if problem is not None:
            return problem
        with open(fd, "rb", closefd=False) as handle:
            if name.endswith(ENCRYPTED):  # its type was told before it was encrypted
                encrypted = handle.read(len(_AGE)) == _AGE
                return None if encrypted else ("documents.not_encrypted", {})
            return _kind_problem(ext, sniff(handle.read(_head_size(ext, limits)), handle))
    except OSError:  # a read error of the disk or the network share
        return "documents.unreadable", {}
    finally:
        os.close(fd)


def _status_problem(status: os.stat_result, limits: Limits) -> tuple[str, dict[str, Any]] | None:
    """A folder, no plain file, too large or empty (by `os.fstat` of the opened file)."""
    if stat.S_ISDIR(status.st_mode):
        return "documents.folder", {}
    if not stat.S_ISREG(status.st_mode):
        return "documents.not_regular", {}
    if status.st_size > limits.max_bytes:
        return "documents.too_large", {
            "size_bytes": status.st_size,
            "limit_bytes": limits.max_bytes,
        }
    if status.st_size == 0:
        return "documents.empty", {}
    return None


def _head_size(ext: str, limits: Limits) -> int:
    """The bytes read to tell a file of this extension: all of a .msg (its stream names may be
    anywhere), 64 kB of text, the first 4 kB of any other kind (signature and markup)."""
    return limits.max_bytes if ext == "msg" else _HEAD if ext in ("txt", "eml") else 4096


def _kind_problem(ext: str, found: str) -> tuple[str, dict[str, Any]] | None:
    return None if found == ext else ("documents.content", {"ext": ext, "found_kind": found})


def content_problem(content: bytes, name: str, limits: Limits) -> tuple[str, dict[str, Any]] | None:
    """`file_problem` for a document's bytes, before it is written anywhere."""
    ext = extension(name)
    if ext not in limits.types:
        return "documents.type", {"ext": ext or "-", "allowed": ", ".join(limits.types)}
    if len(content) > limits.max_bytes:
        return "documents.too_large", {"size_bytes": len(content), "limit_bytes": limits.max_bytes}
    if not content:
        return "documents.empty", {}
    head = content[: _head_size(ext, limits)]
    return _kind_problem(ext, sniff(head, io.BytesIO(content)))


def human_size(size: int, lang: str) -> str:
    """`2.4 MB`, `380 kB`, `12 bytes` (Dutch with a decimal comma)."""
    if size < 1024:
        return MSG(lang, "size.bytes", n=size)
    key, value = ("size.kb", size / 1024) if size < 1024 * 1024 else ("size.mb", size / 1024**2)
    shown = f"{value:.1f}".removesuffix(".0") if value < 10 else f"{value:.0f}"
    return MSG(lang, key, n=shown if lang == "en" else shown.replace(".", ","))


def _listed(data: dict[str, Any]) -> list[tuple[int, str]]:
    """The file names a record lists, with their index (entries without a text name left out:
    the schema reports them)."""
    items = data.get("documents")
    if not isinstance(items, list):
        return []
    return [
        (index, item["file"])
        for index, item in enumerate(items)
        if isinstance(item, dict) and isinstance(item.get("file"), str) and item["file"]
    ]


def record_findings(
    data: dict[str, Any], folder: Path, folder_shown: str, limits: Limits
) -> Iterator[Finding]:
    """Each listed file exists and is a plain file of an allowed type and size; every file in the
    folder is listed. Names that are no plain name (`rules.document_names`) are left to that rule."""
    listed = _listed(data)
    names = {name for _, name in listed}
    for index, name in listed:
        if name_problem(name) is None:
            found = file_problem(folder / name, name, limits)
            if found is not None:
                code, args = found
                yield f"documents.{index}.file", code, {"name": name, **args}, "value"
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        yield "documents", "documents.folder_not_folder", {"folder": folder_shown}, "key"
        return
    except OSError as exc:
        yield (
            "documents",
            "documents.folder_unreadable",
            {"folder": folder_shown, "detail": exc.strerror or ""},
            "key",
        )
        return
    for entry in entries:
        if entry.name in names:
            continue
        code = (
            "documents.subfolder" if entry.is_dir(follow_symlinks=False) else "documents.unlisted"
        )
        yield "documents", code, {"name": entry.name, "folder": folder_shown}, "key"


def _folders(year_folder: Path) -> dict[str, bool]:
    """The folders named like a complaint in a year's folder: name -> is a symbolic link."""
    try:
        with os.scandir(year_folder) as entries:
            return {
                e.name: e.is_symlink()
                for e in entries
                if FOLDER_NAME.match(e.name) and (e.is_symlink() or e.is_dir())
            }
    except OSError:
        return {}


def tree_findings(
    records: Iterable[tuple[str, dict[str, Any] | None]], settings: Settings
) -> Iterator[tuple[str, list[Finding]]]:
    """The findings about documents of each record (its display path and parsed data), and about
    folders of documents without a record (at the folder's path, field ""). A folder is listed
    only where the year's folder shows one; a record without folder and without `documents`
    costs nothing."""
    limits = Limits.of(settings)
    by_year: dict[str, list[tuple[str, dict[str, Any] | None]]] = {}
    for path, data in records:
        by_year.setdefault(posixpath.dirname(path), []).append((path, data))
    for year, found in sorted(by_year.items()):
        folders = _folders(settings.root / year)
        for path, data in found:
            name = posixpath.basename(folder_of(path))
            if data is None or (name not in folders and not data.get("documents")):
                continue
            shown = folder_of(path) + "/"
            if folders.get(name):
                findings = [("documents", "documents.folder_link", {"folder": shown}, "key")]
            else:
                findings = list(
                    record_findings(data, settings.root / folder_of(path), shown, limits)
                )
            if findings:
                yield path, findings
        for name in sorted(folders):
            record = settings.root / year / f"{name}.yaml"
            if not (record.exists() or record.with_suffix(".yml").exists()):
                shown = f"{year}/{name}/"
                yield shown, [("", "documents.orphan", {"folder": shown, "id": name}, "key")]
