"""The site as one zip file that works opened from disk (`file://`): for a director who reads it
from a file share or a CI artifact, without a web server.

The register's own mkdocs.yml is built with three changes: `use_directory_urls: false` (links
name `index.html`, which a browser needs without a server), Material's `offline` plugin (the
search index inlined into a script) and its Web Worker shim served from the site itself instead
of from the internet (vendored in site/assets). Everything else (the downloads, the calendar
feed, the charts) is in the site folder and so in the zip.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

# The offline plugin's worker shim, from the site (it would otherwise load it from unpkg.com).
POLYFILL = "assets/klacht/iframe-worker.js"


def _plugins(raw: Any) -> list[Any]:
    """The plugins of a raw mkdocs.yml with `offline` added (a list, as MkDocs accepts)."""
    plugins = raw if raw is not None else ["search"]
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    return plugins if "offline" in names else [*plugins, "offline"]


def offline_config(config_file: Path, site_dir: Path) -> Any:
    """The MkDocs configuration of `config_file` for a site opened from disk, built in
    `site_dir`."""
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as handle:
        raw = yaml_load(handle) or {}
    extra = dict(raw.get("extra") or {})
    extra["polyfills"] = [POLYFILL]
    return load_config(
        str(config_file),
        plugins=_plugins(raw.get("plugins")),
        use_directory_urls=False,
        site_dir=str(site_dir),
        extra=extra,
    )


def zip_folder(folder: Path, out: Path, top: str) -> int:
    """Zip every file under `folder` into `out` under the folder name `top`, atomically (a temp
    file renamed into place); returns the number of files."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".klacht-", suffix=".zip", dir=out.parent)
    os.close(fd)
    count = 0
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
                    count += 1
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return count


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build(config_file: Path, out: Path) -> int:
    """Build the site of `config_file` for opening from disk and zip it into `out` (under a
    folder named after the zip); returns the number of files. MkDocs' own exceptions pass."""
    from mkdocs.commands.build import build as mkdocs_build

    with tempfile.TemporaryDirectory(prefix="klacht-bundle-") as tmp:
        site = Path(tmp) / "site"
        mkdocs_build(offline_config(config_file, site))
        return zip_folder(site, out, out.stem)
