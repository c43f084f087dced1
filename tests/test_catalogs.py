"""Every message catalogue (`klacht.i18n`): one per module, named MSG; every key the code uses
exists, none is unused, both languages have the same placeholders, every singular has its plural;
and argparse's message ids that we translate still exist in the running Python."""

from __future__ import annotations

import argparse
import ast
import gettext
import importlib
import inspect
import io
import pkgutil
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import klacht
from klacht import cli, deadlines, register, registering, status
from klacht.i18n import Catalog, number

PACKAGE = Path(klacht.__file__).parent

# Problem codes (`schema.required`, `rule.phone`) are keys of `problems.MSG`, written out as
# string literals where the problems are found.
PROBLEM_CODE = re.compile(
    r"(audit|documents|file|privacy|records|rule|schema|yaml)\.[a-z_]+(\.[a-z_]+)?"
)

# Calls that look a key up in a catalogue other than by `MSG(lang, key)`: the name of the call,
# per module, and the module whose catalogue it reads.
WRAPPERS = {
    "klacht.site.pages": {"ctx.t": "klacht.site.pages", "self.t": "klacht.site.pages"},
    "klacht.site.analysis": {"t": "klacht.site.analysis", "ctx.t": "klacht.site.pages"},
}

# Templates call `t("key")`, bound to the catalogue of the module that renders them, by folder.
TEMPLATES = PACKAGE / "site" / "templates"
TEMPLATE_CATALOGUES = {
    "forms": "klacht.site.forms",
    "analysis": "klacht.site.analysis",
    "theme": "klacht.site.export",
    "letters": "klacht.site.letterpage",
}
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(["'])([a-z_0-9.]+)\1""")

# Keys chosen at run time from a fixed set: the catalogue, and the keys the code can ask for.
RUNTIME_KEYS = {
    "klacht.cli": {f"command.{name}" for name in cli.COMMANDS}
    | {f"metavar.{q.metavar}" for q in registering.QUESTIONS},
    "klacht.cli.new": {
        f"{kind}.{q.option}" for q in registering.QUESTIONS for kind in ("help", "ask")
    },
    "klacht.cli.history": {"added", "modified", "renamed", "deleted"},  # history.Change.kind
    "klacht.register": set(register.FIELDS),
    "klacht.deadlines": set(deadlines.CLOCKS) | set(deadlines.STATES),
    "klacht.status": {str(s) for s in status.Status},
}


def modules() -> Iterator[ModuleType]:
    yield klacht
    for info in pkgutil.walk_packages(klacht.__path__, "klacht."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def catalogs() -> dict[str, Catalog]:
    return {m.__name__: m.MSG for m in modules() if isinstance(getattr(m, "MSG", None), Catalog)}


def source_of(name: str) -> Path:
    path = PACKAGE.parent / name.replace(".", "/")
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def literal_keys(node: ast.expr) -> list[str] | None:
    """The keys a key expression can be: a string, or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = literal_keys(node.body), literal_keys(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def lookups(module: ModuleType) -> Iterator[tuple[str, int, ast.expr]]:
    """(catalogue module, line, key expression) of every catalogue call in `module`."""
    tree = ast.parse(source_of(module.__name__).read_text())
    wrappers = WRAPPERS.get(module.__name__, {})
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if name == "MSG" and len(node.args) >= 2:
            yield module.__name__, node.lineno, node.args[1]
        elif name.endswith(".MSG") and len(node.args) >= 2:
            owner = getattr(module, name.removesuffix(".MSG"))
            yield owner.__name__, node.lineno, node.args[1]
        elif name in wrappers and node.args:
            yield wrappers[name], node.lineno, node.args[0]


def template_lookups() -> Iterator[tuple[str, str, str]]:
    """(catalogue module, template, key) of every `t("key")` in the site's templates."""
    for path in sorted(TEMPLATES.rglob("*")) if TEMPLATES.is_dir() else []:
        if path.is_file():
            folder = path.relative_to(TEMPLATES).parts[0]
            owner = TEMPLATE_CATALOGUES.get(folder, "klacht.site.pages")
            for match in TEMPLATE_CALL.finditer(path.read_text()):
                yield owner, str(path.relative_to(PACKAGE)), match[2]


def pattern_of(node: ast.JoinedStr) -> re.Pattern[str]:
    """`f"{key}_within"` -> a pattern of the keys it can make."""
    parts = [
        re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_.]+" for v in node.values
    ]
    return re.compile("".join(parts))


def string_literals() -> set[str]:
    """Every string constant in the package's code, outside the catalogues' own keys."""
    found = set()
    for module in modules():
        tree = ast.parse(source_of(module.__name__).read_text())
        keys = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys |= {id(k) for k in node.keys}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in keys
            ):
                found.add(node.value)
    return found


def test_one_catalogue_per_module_named_msg():
    for module in modules():
        named = [k for k, v in vars(module).items() if isinstance(v, Catalog)]
        assert named in ([], ["MSG"]), (module.__name__, named)
    assert len(catalogs()) >= 20


def test_every_key_used_exists():
    cats = catalogs()
    missing = []
    for module in modules():
        for owner, line, node in lookups(module):
            keys = literal_keys(node)
            for key in keys or []:
                if key not in cats[owner]:
                    missing.append(f"{module.__name__}:{line}: {owner} {key}")
    for owner, template, key in template_lookups():
        if key not in cats[owner]:
            missing.append(f"{template}: {owner} {key}")
    for owner, keys in RUNTIME_KEYS.items():
        missing += [f"{owner} {key}" for key in sorted(keys) if key not in cats[owner]]
    codes = {s for s in string_literals() if PROBLEM_CODE.fullmatch(s)}
    assert len(codes) > 40
    missing += [f"problem code {c}" for c in sorted(codes) if c not in cats["klacht.problems"]]
    assert not missing


def test_no_unused_keys():
    """A key counts as used where a catalogue call or a template names it, where it is written out
    as a string elsewhere in the code (a problem code, a column, a status), where an f-string key of a
    catalogue call can make it, or as the singular of a used key."""
    cats = catalogs()
    literals = string_literals()
    in_templates = {(owner, key) for owner, _, key in template_lookups()}
    patterns: dict[str, list[re.Pattern[str]]] = {name: [] for name in cats}
    for module in modules():
        for owner, _, node in lookups(module):
            if isinstance(node, ast.JoinedStr):
                patterns[owner].append(pattern_of(node))
    unused = []
    for name, catalog in cats.items():
        runtime = RUNTIME_KEYS.get(name, set())
        for key in catalog:
            base = key.removesuffix("_1")
            if base in literals or base in runtime or (name, base) in in_templates:
                continue
            if any(p.fullmatch(base) for p in patterns[name]):
                continue
            unused.append(f"{name} {key}")
    assert not unused


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_both_languages_have_the_same_placeholders():
    differ = []
    for name, catalog in catalogs().items():
        for key in catalog:
            nl, en = catalog.pair(key)
            if placeholders(nl) != placeholders(en):
                differ.append(f"{name} {key}: {nl!r} / {en!r}")
    assert not differ


def test_every_singular_has_its_plural():
    """`key_1` is the form for one of `key`, and needs no placeholder that `key` lacks."""
    wrong = []
    for name, catalog in catalogs().items():
        for key in catalog:
            if not key.endswith("_1"):
                continue
            plural = key.removesuffix("_1")
            if plural not in catalog:
                wrong.append(f"{name} {key}: no {plural}")
                continue
            for lang in (0, 1):
                if not placeholders(catalog.pair(key)[lang]) <= placeholders(
                    catalog.pair(plural)[lang]
                ):
                    wrong.append(f"{name} {key}: placeholders beyond {plural}")
    assert not wrong


def test_plural_rule_and_numbers():
    catalog = Catalog(
        {"files": ("{n} bestanden", "{n} files"), "files_1": ("{n} bestand", "{n} file")}
    )
    assert catalog("nl", "files", n=1) == "1 bestand"
    assert catalog("en", "files", n=1.0) == "1 file"
    assert catalog("nl", "files", n=0) == "0 bestanden"
    assert catalog("nl", "files", n=2.5) == "2,5 bestanden"
    assert catalog("nl", "files", n=1234) == "1.234 bestanden"
    assert catalog("en", "files", n=1234) == "1,234 files"


def test_whole_numbers_as_babel_writes_them():
    """`i18n.number` writes whole numbers without Babel, exactly as Babel does; `klacht check`
    does not import it."""
    from babel.numbers import format_decimal

    for lang in ("nl", "en"):
        for value in (0, 7, -42, 999, 1000, 12345, -1234567, 10**9):
            assert number(lang, value) == format_decimal(value, locale=lang), (lang, value)
    assert number("nl", 2.5) == "2,5" and number("en", 1234.5, 1) == "1,234.5"
    probe = "import sys, klacht.cli.check, klacht.records; print('babel' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout == "False\n", done.stderr


def argparse_catalog() -> Path:
    return cli.LOCALE_DIR / "nl" / "LC_MESSAGES" / f"{cli.DOMAIN}.po"


def test_argparse_message_ids_exist_in_this_python():
    """Every text of argparse we translate is still one argparse asks for, in the running
    Python (a changed msgid would silently show English)."""
    with argparse_catalog().open("rb") as f:
        po = read_po(f)
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in po if m.id]
    assert len(ids) >= 10
    source = inspect.getsource(argparse)
    gone = [
        i
        for i in ids
        if repr(i)[1:-1] not in source and repr(i)[1:-1].replace("'", "\\'") not in source
    ]
    assert not gone


def test_compiled_argparse_catalogue_is_current():
    """The .mo file read at run time is the .po file compiled (`pybabel compile`)."""
    with argparse_catalog().open("rb") as f:
        po = read_po(f)
    translation = gettext.translation(cli.DOMAIN, cli.LOCALE_DIR, languages=["nl"])
    messages = [m for m in po if m.id]
    assert all(translation.gettext(m.id) == m.string for m in messages)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    assert len(argparse_catalog().with_suffix(".mo").read_bytes()) == len(compiled.getvalue())


def test_argparse_speaks_the_language_and_leaves_gettext_as_it_was(monkeypatch):
    monkeypatch.delenv("LANGUAGE", raising=False)
    domain = gettext.textdomain()
    for lang, usage in (("nl", "gebruik: "), ("en", "usage: ")):
        with cli.argparse_language(lang):
            text = cli.build_parser(None, lang).format_usage()
        assert text.startswith(f"{usage}klacht ")
    assert gettext.textdomain() == domain
    assert "LANGUAGE" not in __import__("os").environ
    monkeypatch.setenv("LANGUAGE", "de")
    with cli.argparse_language("nl"):
        assert cli.build_parser(None, "nl").format_usage().startswith("gebruik: ")
    assert __import__("os").environ["LANGUAGE"] == "de"
