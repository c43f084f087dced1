"""The MkDocs plugin `klacht`: generates the register, complaint pages, archive and analysis from
complaints/ at build time (nothing generated is committed), and rebuilds on a change to a record
under `mkdocs serve`."""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from klacht import config, history, records
from klacht.model import parse_datetime
from klacht.site.build import generate

log = logging.getLogger("mkdocs.plugins.klacht")
ASSETS = Path(__file__).parent / "assets"
SCRIPTS = ("tablesort.min.js", "tablesort.number.min.js", "klacht.js")
# Pages that the navigation names; all other generated pages stay out of it (SPEC §6).
IN_NAV = {"index.md", "register.md", "archief/index.md", "analyse/index.md"}
NOINDEX = '<meta name="robots" content="noindex, nofollow">'


class KlachtPlugin(BasePlugin):
    def on_config(self, cfg: MkDocsConfig) -> MkDocsConfig:
        root = Path(cfg.config_file_path or "mkdocs.yml").resolve().parent
        self.settings = config.load(root)
        self.lang = "en" if str(cfg.theme.get("language", "nl")).startswith("en") else "nl"
        cfg.extra_css.append("assets/klacht/klacht.css")
        cfg.extra_javascript.extend(f"assets/klacht/{name}" for name in SCRIPTS)
        return cfg

    def now(self) -> datetime:
        """The moment of the build; KLACHT_NOW (ISO) fixes it, for tests."""
        fixed = os.environ.get("KLACHT_NOW")
        tz = self.settings.tz
        return parse_datetime(fixed, tz) if fixed else datetime.now(tz)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        loaded = records.load_records(self.settings)
        for problem in loaded.problems:
            location = f"{problem.path}:{problem.line}:{problem.column}"
            log.warning("%s: %s", location, problem.text(self.lang))
        hist = history.read(self.settings)
        for uri, content in generate(
            loaded.complaints, hist, self.settings, self.lang, self.now()
        ).items():
            inclusion = (
                InclusionLevel.UNDEFINED
                if uri in IN_NAV or not uri.endswith(".md")
                else InclusionLevel.NOT_IN_NAV
            )
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        for asset in sorted(ASSETS.iterdir()):
            if asset.suffix in (".js", ".css"):
                files.append(
                    File.generated(config, f"assets/klacht/{asset.name}", abs_src_path=str(asset))
                )
        return files

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        server.watch(str(self.settings.complaints_path))
        server.watch(str(self.settings.schema_file))
        return server

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return output.replace("<head>", f"<head>\n  {NOINDEX}", 1)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return output_content.replace("<head>", f"<head>\n  {NOINDEX}", 1)  # 404.html
