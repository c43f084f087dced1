"""Jinja2 for what we write outside the site: the digest and letters to customers. Templates
ship in `klacht/templates/`; a register may put its own under the same name in its folder
`sjablonen/` (they win). HTML is autoescaped; every template runs sandboxed, since a firm's
own template is text from the repository."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from klacht.i18n import Catalog

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
# The folder of a register (next to complaints/) that holds the firm's own templates.
OWN_TEMPLATES = "sjablonen"
MSG = Catalog(
    {
        "broken": (
            "sjabloon {path}, regel {line}: {detail}",
            "template {path}, line {line}: {detail}",
        ),
    }
)
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_text(value: object) -> str:
    """Text shown as itself in Markdown: every character Markdown would act on escaped, and
    line breaks folded, so that a record's text cannot become a heading, link or HTML."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(value).split()))


def make_environment(loader: BaseLoader, *, sandboxed: bool = False, **options: Any) -> Environment:
    """The project's one way to make a Jinja environment (letters, digests, the site's pages and
    forms): autoescaping, an undefined name an error, block tags leaving no blank line or indent
    behind, the last line break kept. `sandboxed` for templates a firm edits; `options` are
    Jinja's, over these defaults."""
    settings: dict[str, Any] = {
        "autoescape": True,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if not sandboxed:  # the package's own templates: compiled once, not on every run
        settings["bytecode_cache"] = _bytecode_cache()
    kind = SandboxedEnvironment if sandboxed else Environment
    return kind(loader=loader, **(settings | options))


def _bytecode_cache() -> BytecodeCache | None:
    """Jinja's cache of compiled templates, in a folder of the user's own in the temporary
    folder (templates only, no data): a warm site build compiles none of its templates again.
    None where that folder cannot be made."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def environment(root: Path | None = None) -> Environment:
    """Templates of the register at `root` (its `sjablonen/`) before the shipped ones; sandboxed,
    since a firm writes its own; HTML autoescaped, text and Markdown (escaped with `md`) not."""
    folders = [PACKAGE_TEMPLATES] if root is None else [root / OWN_TEMPLATES, PACKAGE_TEMPLATES]
    env = make_environment(
        ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
        sandboxed=True,
        autoescape=select_autoescape(["html"], default_for_string=False),
    )
    env.filters["md"] = markdown_text
    return env


class TemplateProblem(Exception):
    """A template that cannot be read or rendered (a firm's own, most likely): where, and why."""

    def __init__(self, path: str, line: int | None, detail: str) -> None:
        super().__init__(detail)
        self.path, self.line, self.detail = path, line, detail

    def text(self, lang: str) -> str:
        return MSG(lang, "broken", path=self.path, line=self.line or "?", detail=self.detail)


def render(root: Path | None, name: str, context: dict[str, object]) -> str:
    """Template `name` rendered with `context`; TemplateProblem naming the template file and
    line when it has a mistake, uses a name it is not given, or reaches outside the sandbox."""
    try:
        template: Template = environment(root).get_template(name)
        return template.render(context)
    except TemplateError as exc:
        path, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
        trace = exc.__traceback__
        while trace is not None:  # Jinja maps template frames to the template's own lines
            code = trace.tb_frame.f_code
            if code.co_filename.endswith((".txt", ".md", ".html")):
                path, line = code.co_filename, trace.tb_lineno
            trace = trace.tb_next
        shown = Path(path or name)
        if root is not None and shown.is_relative_to(root):
            shown = shown.relative_to(root)
        raise TemplateProblem(shown.as_posix(), line, exc.message or str(exc)) from None
