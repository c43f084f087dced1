"""Links to the forge the register lives on (SPEC §7): a new record file prefilled with its text,
and the edit page of a record file. `forge`, `forge_url` and `forge_branch` are settings; the
older `edit_url` setting still gives the edit link."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from klacht.config import Settings

# Per forge: the path of its new-file page, of its edit page, and the query parameters that
# prefill a new file's name and text. GitHub and Gitea/Forgejo take `filename` and `value`;
# GitLab's editor takes `file_name` and `content` (app/views/projects/blob/_editor.html.haml).
_ROUTES = {
    "github": ("new", "edit", "filename", "value"),
    "gitea": ("_new", "_edit", "filename", "value"),
    "gitlab": ("-/new", "-/edit", "file_name", "content"),
}


@dataclass(frozen=True)
class Forge:
    """Where the forms link to: `new` and `edit` end in `/`; a folder or file path follows."""

    kind: str
    new: str
    edit: str
    name_param: str
    text_param: str


def of(settings: Settings) -> Forge | None:
    """The forge of the settings, or None when `forge` and `forge_url` are not both set."""
    if not (settings.forge in _ROUTES and settings.forge_url):
        return None
    new, edit, name_param, text_param = _ROUTES[settings.forge]
    base = settings.forge_url.rstrip("/")
    branch = quote(settings.forge_branch or "main", safe="/")
    return Forge(
        settings.forge,
        f"{base}/{new}/{branch}/",
        f"{base}/{edit}/{branch}/",
        name_param,
        text_param,
    )


def edit_link(settings: Settings, path: str) -> str:
    """The forge's edit page of a record file (`complaints/2026/K-2026-007.yaml`), or ""."""
    if settings.edit_url:  # an older register's own prefix
        return settings.edit_url + path
    forge = of(settings)
    return forge.edit + quote(path) if forge else ""


def new_file_link(forge: Forge, path: str, text: str) -> str:
    """The forge's new-file page in the record's folder, with its name and text filled in."""
    folder, _, name = path.rpartition("/")
    query = urlencode({forge.name_param: name, forge.text_param: text}, quote_via=quote)
    return f"{forge.new}{quote(folder)}/?{query}" if folder else f"{forge.new}?{query}"
