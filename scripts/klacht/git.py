"""Everything the register asks Git: one way to run it, one error type, and NUL-safe parsing.

Git output is parsed so that no content can be taken for structure: listings and logs are read
with `-z` (fields separated by NUL, which neither a path nor a commit's name or subject can hold:
Git cuts such text at a NUL), a log's commit header is closed by its own hash (which a commit
cannot contain), and file contents come from `cat-file --batch` with their length.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import re
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from klacht.i18n import Catalog

MSG = Catalog(
    {
        "failed": ("git {command} mislukte: {reason}", "git {command} failed: {reason}"),
        "missing": (
            "git is niet gevonden; installeer Git en probeer het opnieuw",
            "git was not found; install Git and try again",
        ),
    }
)

# A commit header of `log`: hash, author, e-mail, author date, committer date, subject, hash.
_FORMAT = "%H%x00%an%x00%ae%x00%aI%x00%cI%x00%s%x00%H"
_FIELDS = 5  # between the two hashes
_HASH = re.compile(rb"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class GitError(RuntimeError):
    """Git could not do what was asked (not a repository, an unknown revision, no git)."""

    def __init__(self, command: str, reason: str) -> None:
        super().__init__(f"git {command}: {reason}")
        self.command = command
        self.reason = reason

    def message(self, lang: str) -> str:
        if not self.command:
            return MSG(lang, "missing")
        return MSG(lang, "failed", command=self.command, reason=self.reason)

    def __str__(self) -> str:
        return self.message("nl")


def run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run `git ARGS` in `root` and return its output; GitError when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    except OSError as exc:
        raise GitError("", str(exc)) from exc
    if done.returncode != 0:
        raise GitError(args[0] if args else "", done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


# --- Refs ------------------------------------------------------------------------------------


def resolve(root: Path, ref: str) -> str | None:
    """The commit `ref` names, or None when it names none."""
    try:
        out = run(root, "rev-parse", "-q", "--verify", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        return None
    return out.decode().strip() or None


def current_branch(root: Path) -> str | None:
    """The full name of the checked-out branch (`refs/heads/…`); None when detached or no repo."""
    try:
        return run(root, "symbolic-ref", "-q", "HEAD").decode().strip() or None
    except GitError:
        return None


def branches(root: Path) -> list[str]:
    """Every local and remote-tracking branch (full names); empty outside a repository."""
    try:
        out = run(root, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes")
    except GitError:
        return []
    return [ref for ref in out.decode("utf-8", "replace").splitlines() if ref]


def short(ref: str) -> str:
    """`refs/heads/main` -> `main`, `refs/remotes/origin/main` -> `origin/main`."""
    return ref.removeprefix("refs/heads/").removeprefix("refs/remotes/")


def default_branch(root: Path) -> str | None:
    """The branch that complaints are merged into: origin's HEAD, else origin's main, a local
    main or master that is not the current branch."""
    try:
        return run(root, "symbolic-ref", "-q", "refs/remotes/origin/HEAD").decode().strip()
    except GitError:
        pass
    current = current_branch(root)
    for name in ("refs/remotes/origin/main", "refs/heads/main", "refs/heads/master"):
        if name != current and resolve(root, name):
            return name
    return None


def merge_base(root: Path, one: str, other: str) -> str | None:
    try:
        return run(root, "merge-base", one, other).decode().strip() or None
    except GitError:
        return None


def is_ancestor(root: Path, ancestor: str, descendant: str = "HEAD") -> bool:
    """Whether `ancestor` is in the history of `descendant` (the same commit counts); GitError
    when either names no commit."""
    try:
        run(root, "merge-base", "--is-ancestor", ancestor, descendant)
    except GitError as exc:
        if exc.reason:  # exit 1 without a word: not an ancestor
            raise
        return False
    return True


def has_remote(root: Path) -> bool:
    try:
        return bool(run(root, "remote").strip())
    except GitError:
        return False


def shallow(root: Path) -> tuple[bool, set[str]]:
    """Whether the clone is shallow, and its boundary commits (shown by git as root commits).
    GitError outside a repository."""
    out = run(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    flag, shallow_file = out.decode().splitlines()[:2]
    if flag != "true":
        return False, set()
    try:
        return True, set((root / shallow_file).read_text().split())
    except OSError:
        return True, set()


def is_shallow(root: Path) -> bool:
    """Whether the clone is shallow; False where there is no repository at all."""
    try:
        return shallow(root)[0]
    except GitError:
        return False


def toplevel(root: Path) -> Path | None:
    """The top folder of the work tree `root` is in; None outside a repository."""
    try:
        return Path(run(root, "rev-parse", "--show-toplevel").decode().strip())
    except GitError:
        return None


# --- Objects ---------------------------------------------------------------------------------


def object_format(root: Path) -> str:
    """The repository's hash: "sha1" (the usual) or "sha256"."""
    try:
        return run(root, "rev-parse", "--show-object-format").decode().strip() or "sha1"
    except GitError:
        return "sha1"


def blob_id(raw: bytes, algorithm: str = "sha1") -> str:
    """Git's object id of a file's bytes, as `git hash-object --stdin` gives it."""
    return hashlib.new(algorithm, b"blob %d\0" % len(raw) + raw).hexdigest()


def tree_blobs(root: Path, ref: str, folder: str) -> dict[str, str]:
    """Blob ids by path (relative to `root`, as `folder` is) of the files under `folder` at `ref`."""
    listing = run(root, "ls-tree", "-r", "-z", ref, "--", folder)
    blobs = {}
    for entry in listing.split(b"\0"):
        meta, tab, path = entry.partition(b"\t")
        parts = meta.split()
        if tab and len(parts) == 3 and parts[1] == b"blob":
            blobs[path.decode("utf-8", "replace")] = parts[2].decode()
    return blobs


def changed_since(root: Path, ref: str, folder: str) -> list[tuple[str, str]]:
    """The files under `folder` that differ between `ref` and the work tree, as (status, path):
    D deleted, M modified, T type changed (a file made a link), A added; paths relative to
    `root`. Git compares by its index's file status, so unchanged files are not read."""
    out = run(root, "diff", "--raw", "-z", "--no-renames", "--relative", ref, "--", folder)
    tokens = out.split(b"\0")
    found = []
    for meta, path in zip(tokens[::2], tokens[1::2], strict=False):
        if meta.startswith(b":"):
            found.append((meta.split()[-1][:1].decode(), path.decode("utf-8", "replace")))
    return found


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs with one `git cat-file --batch` (missing ones left out)."""
    order = sorted(set(blobs))
    if not order:
        return {}
    out = run(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in order).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for blob in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if header[-1] == b"missing" or len(header) != 3:
            pos = end + 1
            continue
        size = int(header[2])
        contents[blob] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
    return contents


class BlobReader:
    """One `git cat-file --batch` fed while other work goes on: a writer thread sends the
    requests (so the caller is never held up) and a reader thread turns each content, read by
    its length, into a value with `parse`."""

    def __init__(self, root: Path, parse: Callable[[bytes], Any]) -> None:
        self.parsed: dict[str, Any] = {}
        self.requested: set[str] = set()
        self._parse = parse
        try:
            self._process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        except OSError as exc:
            raise GitError("", str(exc)) from exc
        self._requests: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._threads = [threading.Thread(target=f, daemon=True) for f in (self._write, self._read)]
        for thread in self._threads:
            thread.start()

    def request(self, blob: str) -> None:
        if blob and blob not in self.requested:
            self.requested.add(blob)
            self._requests.put(blob)

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        with contextlib.suppress(BrokenPipeError):
            for blob in iter(self._requests.get, None):
                stdin.write(f"{blob}\n".encode())
                if self._requests.empty():
                    stdin.flush()
        with contextlib.suppress(BrokenPipeError):
            stdin.close()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        for line in iter(stdout.readline, b""):
            header = line.split()
            if len(header) != 3:
                continue  # "<blob> missing"
            content = stdout.read(int(header[2]))
            stdout.read(1)
            self.parsed[header[0].decode()] = self._parse(content)

    def close(self) -> dict[str, Any]:
        """Wait for every answer: the parsed contents by blob id (missing ones left out)."""
        self._requests.put(None)
        for thread in self._threads:
            thread.join()
        self._process.wait()
        return self.parsed


# --- Logs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    """A commit as `log` shows it. `authored` is the date its author set (freely); `committed`
    the date it was last committed (rewritten by a rebase, hard to set back unnoticed)."""

    sha: str
    author: str
    email: str
    authored: datetime
    committed: datetime
    subject: str


@dataclass(frozen=True)
class FileChange:
    """One file of one commit, as `log --raw` lists it. A merge has one old blob per parent
    (combined format); "" stands for no version."""

    status: str
    olds: tuple[str, ...]
    new: str
    old_path: str
    new_path: str


def _date(text: str) -> datetime | None:
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def _commit(sha: bytes, fields: list[bytes]) -> Commit:
    """A commit from its header fields; a malformed one (a NUL-cut name leaves Git's date
    placeholder unexpanded) gets empty text and the other date."""
    if len(fields) != _FIELDS:
        fields = [b""] * _FIELDS
    author, email, authored, committed, subject = (f.decode("utf-8", "replace") for f in fields)
    a, c = _date(authored), _date(committed)
    return Commit(sha.decode(), author, email, a or c or _EPOCH, c or a or _EPOCH, subject)


def _blob(sha: str) -> str:
    return "" if not sha.strip("0") else sha


def _file_change(meta: bytes, paths: list[bytes]) -> FileChange:
    text = meta.decode("ascii", "replace")
    parents = len(text) - len(text.lstrip(":"))
    parts = text[parents:].split()
    shas = parts[parents + 1 : 2 * parents + 2]
    old_path, new_path = (p.decode("utf-8", "replace") for p in (paths[0], paths[-1]))
    olds = tuple(_blob(s) for s in shas[:-1])
    return FileChange(
        parts[-1] if parts else "M", olds, _blob(shas[-1]) if shas else "", old_path, new_path
    )


class _LogParser:
    """Turns the NUL-separated tokens of `log -z --raw --format=_FORMAT` into commits with their
    file changes. A header runs from a hash to the same hash again; then come raw entries (a
    `:` token and one path, two for a rename or copy), then the next header."""

    def __init__(self) -> None:
        self.done: list[tuple[Commit, list[FileChange]]] = []
        self._sha: bytes | None = None
        self._fields: list[bytes] = []
        self._in_header = False
        self._meta: bytes | None = None
        self._paths: list[bytes] = []
        self._wanted = 0
        self._commit: Commit | None = None
        self._files: list[FileChange] = []

    def feed(self, token: bytes) -> None:
        if self._in_header:
            if token == self._sha:
                assert self._sha is not None
                self._commit, self._in_header = _commit(self._sha, self._fields), False
            else:
                self._fields.append(token)
        elif self._wanted:
            self._paths.append(token)
            self._wanted -= 1
            if not self._wanted and self._meta is not None:
                self._files.append(_file_change(self._meta, self._paths))
        else:
            token = token.lstrip(b"\n")
            if token.startswith(b":") and self._commit is not None:
                parents = len(token) - len(token.lstrip(b":"))
                status = token.rsplit(b" ", 1)[-1]
                self._meta, self._paths = token, []
                self._wanted = 2 if parents == 1 and status[:1] in (b"R", b"C") else 1
            elif _HASH.match(token):
                self.flush()
                self._sha, self._fields, self._in_header = token, [], True

    def flush(self) -> None:
        if self._commit is not None:
            self.done.append((self._commit, self._files))
        self._commit, self._files = None, []


def log(root: Path, *args: str) -> Iterator[tuple[Commit, list[FileChange]]]:
    """`git log --raw -z ARGS`, commit by commit while git runs (started at once); GitError,
    at the end, when it fails."""
    command = [
        "git",
        "log",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-color",
        f"--format={_FORMAT}",
        *args,
    ]
    try:
        process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise GitError("", str(exc)) from exc
    return _commits(process)


def _commits(process: subprocess.Popen[bytes]) -> Iterator[tuple[Commit, list[FileChange]]]:
    assert process.stdout is not None and process.stderr is not None
    parser = _LogParser()
    pending = b""
    try:
        for chunk in iter(lambda: process.stdout.read(1 << 16), b""):  # type: ignore[union-attr]
            *complete, pending = (pending + chunk).split(b"\0")
            for token in complete:
                parser.feed(token)
            yield from parser.done
            parser.done.clear()
        if pending:
            parser.feed(pending)
        parser.flush()
        yield from parser.done
    finally:
        process.stdout.close()
        error = process.stderr.read()
        status = process.wait()
    if status != 0:
        raise GitError("log", error.decode("utf-8", "replace").strip())
