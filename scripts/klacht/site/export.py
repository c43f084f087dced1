"""The way off MkDocs 1.x: what `klacht pages --out DIR` writes besides the generated pages, so
that DIR is a complete docs folder that another builder (Zensical, ProperDocs, MkDocs without this
plugin) turns into the site; and, with `--theme`, the Material theme overrides that give every
page the noindex meta and a 404 page in the register's language, as the plugin does. The pieces
of HTML the theme gets (here and from the plugin) are the templates in `templates/theme/`."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import yaml

from klacht.i18n import Catalog
from klacht.site.render import environment

ASSETS = Path(__file__).parent / "assets"
MSG = Catalog(
    {
        "not_found": ("404 - Pagina niet gevonden", "404 - Page not found"),
        "search": ("Zoeken", "Search"),
    }
)


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags are read as nothing."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_dir(root: Path) -> Path | None:
    """The docs folder that the register's mkdocs.yml names (MkDocs' default: `docs`)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    data: Any = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTag)
    name = data.get("docs_dir") if isinstance(data, dict) else None
    return root / (name if isinstance(name, str) else "docs")


def docs_files(root: Path) -> dict[str, bytes]:
    """The plugin's assets (under `assets/klacht/`, as the plugin serves them) and the
    hand-written pages of the register's docs folder, by their path in the docs folder."""
    files = {
        f"assets/klacht/{path.name}": path.read_bytes()
        for path in sorted(ASSETS.iterdir())
        if path.is_file()
    }
    docs = docs_dir(root)
    if docs is not None and docs.is_dir():
        for path in sorted(docs.rglob("*")):
            relative = path.relative_to(docs)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                files.setdefault(relative.as_posix(), path.read_bytes())
    return files


def theme_part(name: str, lang: str, **context: Any) -> str:
    """A piece of HTML for the theme, from `templates/theme/<name>`, in `lang`."""
    template = environment().get_template(f"theme/{name}")
    return template.render(t=partial(MSG, lang), **context).strip()


def theme_files(lang: str) -> dict[str, str]:
    """Material (and Zensical) theme overrides: the noindex meta on every page, the 404 page's
    heading in `lang`."""
    return {name: theme_part(name, lang) + "\n" for name in ("main.html", "404.html")}
