"""The Jinja environment of the generated pages: record text is always escaped and visible."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pytest
from markupsafe import Markup

from klacht.site import render


@dataclass(frozen=True)
class Page:
    text: object


def _shown(value: object, template: str = "{{ page.text }}") -> str:
    return render.environment().from_string(template).render(page=Page(value))


def test_record_text_is_escaped_and_its_controls_written_out():
    hostile = "<script>x()</script> & \"q\" 'a' \u202egnp.exe \x1b[31m"
    assert _shown(hostile) == (
        "&lt;script&gt;x()&lt;/script&gt; &amp; &#34;q&#34; &#39;a&#39; \\u202egnp.exe \\x1b[31m"
    )


def test_a_line_break_stays_a_break_and_never_a_blank_line():
    assert _shown("eerste\n\nderde") == "eerste<br><br>derde"


def test_only_markup_passes_as_it_is():
    assert _shown(Markup("<b>vet</b>")) == "<b>vet</b>"
    assert _shown(3) == "3"


def test_a_missing_name_is_an_error_not_an_empty_text():
    with pytest.raises(jinja2.UndefinedError):
        _shown("x", "{{ page.nothing }}")


def test_every_page_is_a_dataclass():
    with pytest.raises(AssertionError):
        render.render("home.md.j2", {"tiles": []})


def test_macros_escape_their_arguments():
    macros = render.environment().get_template("macros.j2").module
    assert (
        str(macros.link('a?b=1&c="2"', "<K>")) == '<a href="a?b=1&amp;c=&#34;2&#34;">&lt;K&gt;</a>'
    )
    assert str(macros.badge("overdue", "<x>")) == (
        '<span class="klacht-badge klacht-overdue">&lt;x&gt;</span>'
    )


def _html_in_python() -> list[str]:
    """String constants of the package that hold an HTML tag, outside docstrings and `Markup(…)`."""
    import ast
    import re
    from pathlib import Path

    import klacht

    tag = re.compile(
        r"<(?:a|p|div|span|table|thead|tbody|tr|td|th|ul|li|img|code|strong|br|del|"
        r"ins|h[1-6]|meta)\b[^>]*>"
    )
    found = []
    for path in Path(klacht.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        skip |= {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Markup"
            for arg in node.args
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in skip and tag.search(text):
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]}")
    return found


# The theme's page head and 404 title, changed by the plugin (Material's own templates), and
# the same two written as theme overrides by `klacht pages --theme` (export.py).
KNOWN = {"plugin.py", "export.py"}


def test_no_html_is_built_in_python():
    assert [f for f in _html_in_python() if f.split(":")[0] not in KNOWN] == []


def test_a_changed_template_changes_the_page_cache_fingerprint(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    import klacht
    from klacht.site import pagecache

    package = tmp_path / "klacht"
    shutil.copytree(Path(klacht.__file__).parent, package)
    monkeypatch.setattr(pagecache, "PACKAGE", package)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    before = pagecache.fingerprint(config, "nl", "", [])
    template = package / "site" / "templates" / "macros.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pagecache.fingerprint(config, "nl", "", []) != before


def test_package_templates_are_compiled_once_across_runs(tmp_path, monkeypatch):
    """A second run (a new environment, as in the next `mkdocs build`) takes the compiled
    templates from Jinja's cache; the firm's sandboxed templates are not cached."""
    import tempfile

    from klacht import templating

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    loader = jinja2.PackageLoader("klacht.site", "templates")
    first = templating.make_environment(loader)
    first.get_template("complaint.md.j2")
    assert list(tmp_path.glob("_jinja2-cache-*/__jinja2_*.cache"))
    second = templating.make_environment(loader)
    compiled = []
    monkeypatch.setattr(second, "compile", lambda *a, **k: compiled.append(a) or None)
    assert second.get_template("complaint.md.j2") is not None
    assert compiled == []
    assert templating.make_environment(loader, sandboxed=True).bytecode_cache is None
