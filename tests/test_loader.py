"""Safe, exact YAML loading: every refused input gives its code and position."""

from __future__ import annotations

import contextlib

import pytest

from klacht import loader


def error_of(text: str | bytes) -> tuple[str, int, int]:
    with pytest.raises(loader.LoadError) as info:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        loader.parse(loader.decode(raw, 1024))
    return info.value.code, info.value.line, info.value.column


def test_plain_record_loads_with_dates_as_text():
    data = loader.parse("id: K-2026-001\nreceived: 2026-11-18T10:42:00+01:00\nclosed: 2026-11-21\n")
    assert data == {
        "id": "K-2026-001",
        "received": "2026-11-18T10:42:00+01:00",
        "closed": "2026-11-21",
    }


def test_uses_libyaml():
    import yaml

    assert issubclass(loader.RecordLoader, yaml.CSafeLoader)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: a\nsummary: b\nid: c\n", ("yaml.duplicate_key", 3, 1)),
        ("customer:\n  name: a\n  name: b\n", ("yaml.duplicate_key", 3, 3)),
        ("a: &x 1\nb: *x\n", ("yaml.alias", 1, 4)),
        ("a: !!python/object/apply:os.system [ls]\n", ("yaml.tag", 1, 4)),
        ("a: !!binary aGVsbG8=\n", ("yaml.tag", 1, 4)),
        ("a: 1\nno: 2\n", ("yaml.key_not_text", 2, 1)),
        ("- a\n- b\n", ("yaml.not_mapping", 1, 1)),
        ("a: 1\n---\nb: 2\n", ("yaml.multiple_documents", 2, 1)),
        ("summary: Let op: dit\n", ("yaml.colon", 1, 16)),
        ('summary: "open\nb: 1\n', ("yaml.unclosed", 1, 10)),
        ("summary: 'open\n", ("yaml.unclosed", 1, 10)),
        ("a: 1\n\tb: 2\n", ("yaml.tab", 2, 1)),
        ("customer:\n  name: x\n\tphone: y\n", ("yaml.tab", 3, 1)),
        ("customer:\n  name: x\n    phone: y\n", ("yaml.indent", 3, 10)),
        ("customer:\n    name: x\n  phone: y\n", ("yaml.indent", 3, 3)),
        ("id: a\n received: b\n", ("yaml.indent", 2, 10)),
        ('summary: "Te laat" zei hij\n', ("yaml.after_value", 1, 20)),
        ("summary: 'Ik zei 'nee''\n", ("yaml.after_value", 1, 19)),
        ("id: a\nzomaar tekst\nb: 1\n", ("yaml.no_colon", 2, 1)),
        ("summary: [concept tekst\nb: 1\n", ("yaml.unclosed_bracket", 1, 10)),
        ("summary: @thuis\n", ("yaml.reserved_start", 1, 10)),
        ("summary: * punt\n", ("yaml.reserved_start", 1, 10)),
        ("a: \x07\n", ("yaml.control_char", 1, 4)),
    ],
)
def test_refused_inputs(text: str, expected: tuple[str, int, int]):
    assert error_of(text) == expected


def test_syntax_errors_name_what_the_user_sees():
    def args_of(text: str) -> dict:
        with pytest.raises(loader.LoadError) as info:
            loader.parse(text)
        return info.value.args_

    assert args_of("a: !!python/object/apply:os.system [ls]\n") == {
        "tag": "!!python/object/apply:os.system"
    }
    assert args_of("a: !eigen x\n") == {"tag": "!eigen"}
    assert args_of("a: {b: 1\n") == {"bracket": "{", "closing": "}"}
    assert args_of("summary: `x`\n") == {"char": "`"}


def test_rare_syntax_error_keeps_the_technical_text():
    assert error_of("a: |x\n  b\n") == ("yaml.syntax", 1, 5)
    with pytest.raises(loader.LoadError) as info:
        loader.parse("a: |x\n  b\n")
    assert info.value.args_ == {"detail": "did not find expected comment or line break"}


def test_merge_key_is_not_merged():
    assert loader.parse("<<: {a: 1}\n") == {"<<": {"a": 1}}


def test_empty_and_comment_only_files():
    assert error_of(b"") == ("file.empty", 1, 1)
    assert error_of(b"  \n\n") == ("file.empty", 1, 1)
    assert error_of(b"# alleen commentaar\n") == ("file.empty", 1, 1)


def test_not_utf8_names_line_and_column():
    assert error_of(b"id: a\nname: Zo" + b"\xeb\n") == ("file.not_utf8", 2, 9)


def test_utf16_refused():
    assert error_of("id: a\n".encode("utf-16")) == ("file.utf16", 1, 1)


def test_huge_file_refused():
    with pytest.raises(loader.LoadError) as info:
        loader.decode(b"a: " + b"x" * 5000, 1024)
    assert (info.value.code, info.value.args_) == ("file.too_large", {"size": 4, "limit": 1})


def test_utf8_bom_accepted():
    assert loader.parse(loader.decode("\ufeffa: ë\n".encode(), 1024)) == {"a": "ë"}


def test_yaml_11_scalars_kept_for_the_schema_to_explain():
    data = loader.parse("a: 0612345678\nb: 0712345670\nc: no\nd: 31612345678\n")
    assert data == {"a": "0612345678", "b": 0o712345670, "c": False, "d": 31612345678}


def test_places_gives_key_and_value_positions():
    places = loader.places("a: 1\nb:\n  c: [x, 2]\n")
    assert places["a"] == loader.Place(1, 1, 1, 4, "1", 1)
    assert places["b.c.1"] == loader.Place(3, 10, 3, 10, "2", 3)
    assert places["b"].key_line == 2


# --- Hostile input: every reader gets a LoadError with a position, never a crash ---------------

DEEP = {
    # libyaml's composer recursed once per level and crashed the process (SIGSEGV) on these
    "flow, 100,000 levels": "severity: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "block, one line": "severity:\n- " + "- " * 100_000 + "x\n",
    # PyYAML's constructor: RecursionError
    "flow, 300 levels": "severity: " + "[" * 300 + "]" * 300 + "\n",
    "mappings, 2,000 levels": "a: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n",
    "indented blocks": "severity:\n" + "".join(" " * i + "- \n" for i in range(1, 600)),
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_at_its_line(text):
    with pytest.raises(loader.LoadError) as info:
        loader.parse(text)
    assert info.value.code == "yaml.too_deep"
    assert info.value.line in (1, 2, 13, 14)
    with contextlib.suppress(loader.LoadError):  # positions: a LoadError or a walk, no crash
        loader.places(text)


def test_nesting_a_record_uses_is_accepted():
    loader.parse("prevention:\n  measures:\n    - action: a\n      due: 2026-12-31\n")
    loader.parse("a: " + "[" * (loader.MAX_DEPTH - 1) + "]" * (loader.MAX_DEPTH - 1) + "\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\nn: 1" + "0" * 5000 + "\n", ("yaml.number_too_large", 2, 4)),  # > Python's digits
        ("n: 0b" + "1" * 5000 + "\n", ("yaml.number_too_large", 1, 4)),  # never printable
        ("n: 1" + ":59" * 3000 + "\n", ("yaml.number_too_large", 1, 4)),  # sexagesimal
        ("n: 9223372036854775808\n", ("yaml.number_too_large", 1, 4)),
        ("? [a, b]\n: c\n", ("yaml.key_complex", 1, 3)),
        ("? {a: 1}\n: c\n", ("yaml.key_complex", 1, 3)),
        ("[a]: c\n", ("yaml.key_complex", 1, 1)),
        ('a: "\\ud800"\n', ("yaml.escape", 1, 7)),  # a lone surrogate: unprintable
        ("a: b\x00c\n", ("yaml.control_char", 1, 5)),
        ("\ufeffa: 1\n\ufeffb: 2\n", ("yaml.after_value", 2, 2)),  # a BOM inside
    ],
)
def test_hostile_scalars_and_keys(text, expected):
    with pytest.raises(loader.LoadError) as info:
        loader.load(text.encode("utf-8", "surrogatepass"))
    assert (info.value.code, info.value.line, info.value.column) == expected


def test_complex_key_message_shows_no_parser_internals():
    from klacht.problems import Problem

    code, line, column = error_of("? [a, b]\n: c\n")
    text = Problem("x.yaml", line, column, code).text("nl")
    assert "Node" not in text and "tag:yaml.org" not in text
    assert "lijst of blok als veldnaam" in text


def test_load_is_the_one_safe_entry_for_bytes():
    assert loader.load(b"id: K-2026-001\n") == {"id": "K-2026-001"}
    for raw in (b"\xff\xfe", b"a: [" * 50_000, b"a: " + b"[" * 40_000, b"- x\n", b""):
        with pytest.raises(loader.LoadError):
            loader.load(raw)
