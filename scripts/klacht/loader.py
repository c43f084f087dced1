"""Safe, exact YAML loading of one record file, with libyaml's C parser where present.

Dates and times stay text (JSON Schema checks them, `model` parses them), so a record is plain
JSON-like data. Refused with a reason and a position: bytes that are not UTF-8, empty or huge
files, several documents, aliases, tags other than the plain YAML ones, keys that are not text,
duplicate keys (PyYAML would silently keep the last one and lose data), nesting deeper than a
record ever goes (libyaml's composer and PyYAML's constructor recurse: a file of `[[[[…` would
crash the process), and numbers too large to be a value in a record.

Every reader of record text (the check, the history, the audit, the site) goes through `load`
(bytes) or `parse` (text): whatever the input, they return plain data or raise `LoadError`,
never another exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"  # what `!!` stands for
_PLAIN_TAGS = frozenset(
    _YAML_TAG_PREFIX + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
)
_DROPPED_RESOLVERS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}
# A record nests four levels deep (prevention.measures.0.due); anything much deeper is refused
# before it reaches a recursive parser, constructor, schema validator or comparison.
MAX_DEPTH = 12
# Texts up to this many characters cannot nest deep enough to exhaust libyaml's composer (it
# recurses once per level; tens of thousands of levels crash the process), so only longer ones
# are scanned for their depth first (events, no recursion).
_COMPOSE_SAFE = 8192
# Integers beyond 64 bits are no value of a record; Python refuses to print very long ones.
_INT_LIMIT = 1 << 63


class LoadError(Exception):
    """A file that cannot be read as a record; `code` is a key of `problems.MSG`."""

    def __init__(self, code: str, line: int = 1, column: int = 1, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.args_ = args


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _shown_tag(tag: str) -> str:
    """A tag as the user typed it: `tag:yaml.org,2002:binary` -> `!!binary`."""
    return "!!" + tag.removeprefix(_YAML_TAG_PREFIX) if tag.startswith(_YAML_TAG_PREFIX) else tag


class RecordLoader(_Parser):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader, made strict. Timestamps and merge keys are not resolved."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_RESOLVERS]
        for first, resolvers in _Parser.yaml_implicit_resolvers.items()
    }

    depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise LoadError("yaml.alias", *_at(node.start_mark))
        if node.tag not in _PLAIN_TAGS:
            raise LoadError("yaml.tag", *_at(node.start_mark), tag=_shown_tag(node.tag))
        if self.depth >= MAX_DEPTH:
            raise LoadError("yaml.too_deep", *_at(node.start_mark), depth=MAX_DEPTH)
        self.depth += 1
        try:
            return super().construct_object(node, deep=True)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            value = super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts
            value = _INT_LIMIT
        if not -_INT_LIMIT < value < _INT_LIMIT:
            raise LoadError("yaml.number_too_large", *_at(node.start_mark))
        return value

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data: dict[str, Any] = {}
        yield data
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError("yaml.key_complex", *_at(key_node.start_mark))
            key = self.construct_object(key_node)
            if not isinstance(key, str):
                raise LoadError("yaml.key_not_text", *_at(key_node.start_mark), key=key_node.value)
            if key in data:
                raise LoadError("yaml.duplicate_key", *_at(key_node.start_mark), key=key)
            data[key] = self.construct_object(value_node)


RecordLoader.add_constructor("tag:yaml.org,2002:map", RecordLoader.construct_yaml_map)
RecordLoader.add_constructor("tag:yaml.org,2002:int", RecordLoader.construct_yaml_int)


def decode(raw: bytes, max_bytes: int) -> str:
    """The text of a record file, or LoadError for a huge, empty or non-UTF-8 file."""
    if len(raw) > max_bytes:
        raise LoadError("file.too_large", size=len(raw) // 1024, limit=max_bytes // 1024)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("file.utf16")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError("file.not_utf8", line, column, byte=f"0x{raw[exc.start]:02x}") from None
    if not text.strip():
        raise LoadError("file.empty")
    return text


# PyYAML's syntax errors (libyaml's wording, then PyYAML's own), by a part of their English
# problem text, to our message keys; `_explained` refines the ones that have several causes.
_SYNTAX = (
    ("mapping values are not allowed", "yaml.colon"),
    ("did not find expected key", "yaml.after_value"),
    ("expected <block end>", "yaml.after_value"),
    ("could not find expected ':'", "yaml.no_colon"),
    ("expected ',' or ']'", "yaml.unclosed_bracket"),
    ("expected ',' or '}'", "yaml.unclosed_bracket"),
    ("cannot start any token", "yaml.reserved_start"),
    ("expected alphabetic or numeric character", "yaml.reserved_start"),
    ("found unexpected end of stream", "yaml.unclosed"),
    ("found undefined alias", "yaml.alias"),
    ("special characters are not allowed", "yaml.control_char"),
    ("found unknown escape character", "yaml.escape"),
    ("found invalid Unicode character escape code", "yaml.escape"),
    ("expected a single document", "yaml.multiple_documents"),
    ("but found another document", "yaml.multiple_documents"),
)


def _syntax_error(exc: yaml.YAMLError, text: str) -> LoadError:
    """Our explanation of a YAML syntax error, at PyYAML's position (or where the cause is)."""
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        return LoadError("yaml.control_char", line, column)
    problem = str(getattr(exc, "problem", "") or "")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "maximum nesting depth" in problem:  # libyaml's own limit (1,000 levels)
        return LoadError("yaml.too_deep", *_at(mark), depth=MAX_DEPTH)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return LoadError("yaml.tab", *_at(mark))
    for part, code in _SYNTAX:
        if part in problem or part in str(exc):
            return _explained(code, exc, mark, text)
    return LoadError("yaml.syntax", *_at(mark), detail=problem or str(exc).splitlines()[0])


def _explained(code: str, exc: yaml.YAMLError, mark: Any, text: str) -> LoadError:
    """The error of `code`, told apart by the text around `mark` where one wording has several
    causes; some move to where the cause starts (an opening quote or bracket, a line)."""
    if mark is None:
        return LoadError(code)
    start = getattr(exc, "context_mark", None) or mark
    first = text[start.index] if start.index < len(text) else ""
    lines = text.split("\n")
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    if code == "yaml.colon" and ": " not in before:
        code = "yaml.indent"  # a key after the value: this line is indented too far
    elif code == "yaml.after_value" and not before.strip():
        code = "yaml.indent"  # the line starts at a column no block is at
    elif code == "yaml.no_colon":
        mark = start
    elif code == "yaml.unclosed_bracket":
        closing = "}" if first == "{" else "]"
        return LoadError(code, *_at(start), bracket=first or "[", closing=closing)
    elif code == "yaml.reserved_start":
        return LoadError(code, *_at(start), char=first)
    elif code == "yaml.unclosed":
        mark = start  # the opening quote
    return LoadError(code, *_at(mark))


def _too_deep(text: str) -> LoadError | None:
    """The error for a text nested deeper than MAX_DEPTH, found from the parser's events (which
    libyaml produces without recursion); None when it is not, or when its syntax is wrong (the
    composer then reports that)."""
    loader = RecordLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return LoadError("yaml.too_deep", *_at(event.start_mark), depth=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _compose(loader: RecordLoader, text: str) -> yaml.Node | None:
    """The one document's node tree; LoadError for any text that is not one."""
    if len(text) > _COMPOSE_SAFE and (deep := _too_deep(text)) is not None:
        raise deep
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except RecursionError:  # PyYAML's pure-Python composer, without libyaml
        raise LoadError("yaml.too_deep", depth=MAX_DEPTH) from None


def _document(text: str) -> yaml.Node | None:
    loader = RecordLoader(text)
    try:
        return _compose(loader, text)
    finally:
        loader.dispose()


def parse(text: str) -> dict[str, Any]:
    """The record data of a YAML text; LoadError names what is wrong and where. No other
    exception, whatever the text."""
    loader = RecordLoader(text)
    try:
        node = _compose(loader, text)
        if node is None:
            raise LoadError("file.empty")
        if not isinstance(node, yaml.MappingNode):
            raise LoadError("yaml.not_mapping", *_at(node.start_mark))
        return loader.construct_document(node)
    except LoadError:
        raise
    except yaml.constructor.ConstructorError as exc:
        raise LoadError("yaml.syntax", *_at(exc.problem_mark), detail=exc.problem) from None
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text) from None
    except (RecursionError, ValueError, OverflowError, TypeError) as exc:
        # No known text gets here (see tests/test_fuzz.py); a clear refusal if one ever does.
        raise LoadError("yaml.syntax", detail=type(exc).__name__) from None
    finally:
        loader.dispose()


def load(raw: bytes, max_bytes: int = 1 << 20) -> dict[str, Any]:
    """The record data of a record file's bytes (also an old version from Git); LoadError,
    and never another exception, for anything that is not a readable record.

    The one safe way to read record text: `history`, `audit` and the site use it too.
    """
    return parse(decode(raw, max_bytes))


@dataclass(frozen=True)
class Place:
    """Where a field stands: its key (if in a mapping) and its value; raw is the scalar text;
    `end_line` is the line where the value ends."""

    key_line: int
    key_column: int
    line: int
    column: int
    raw: str | None
    end_line: int


def _key_text(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else "?"


def places(text: str) -> dict[str, Place]:
    """Positions of every field of a parsed record, by dotted path (`prevention.measures.0.due`).

    Only called for a file that has problems, so the fast path never composes twice.
    """
    root = _document(text)
    found: dict[str, Place] = {}
    if root is None:
        return found
    line, column = _at(root.start_mark)
    found[""] = Place(line, column, line, column, None, root.end_mark.line + 1)
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    seen: set[int] = set()
    while stack:
        prefix, node = stack.pop()
        if id(node) in seen:  # an alias: refused by `parse`, and never walked twice here
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [(_key_text(k), k, v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = [(str(i), v, v) for i, v in enumerate(node.value)]
        else:
            continue
        for name, key_node, value_node in children:
            path = f"{prefix}.{name}" if prefix else name
            raw = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
            end_line = value_node.end_mark.line + 1
            found[path] = Place(
                *_at(key_node.start_mark), *_at(value_node.start_mark), raw, end_line
            )
            stack.append((path, value_node))
    return found
