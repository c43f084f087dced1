"""The MkDocs plugin `klacht`: generates the register, complaint pages, archive and analysis from
complaints/ at build time (nothing generated is committed), rebuilds on a change to a record under
`mkdocs serve`, and re-renders only the complaint pages whose content changed."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from klacht import config, history, privacy, records
from klacht.model import TimeError, parse_datetime
from klacht.report import text_line, visible
from klacht.site import export, fileurls, rawhtml
from klacht.site.build import Deferred, generate
from klacht.site.pagecache import PageCache, Uncached, discard, fingerprint
from klacht.site.searchtext import cells_apart

log = logging.getLogger("mkdocs.plugins.klacht")
ASSETS = Path(__file__).parent / "assets"
STYLES = ("klacht.css", "forms.css", "print.css")
SCRIPTS = ("tablesort.min.js", "tablesort.number.min.js", "klacht.js", "forms.js", "search.js")
# Pages that the navigation names; all other generated pages stay out of it (SPEC §6).
IN_NAV = {"index.md", "nieuw.md", "register.md", "archief/index.md", "analyse/index.md"}
STASHED = "klachten/"  # the folder of complaint pages, kept between builds
# Material's HTML that `finish` and `on_post_template` add to: its search dialog, its 404 heading.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
NOT_FOUND = "<h1>404 - Not found</h1>"


class KlachtPlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self.stashed_in: Path | None = None  # the site whose complaint pages are set aside
        self.raw: dict[str, list[str]] = {}  # per generated page: its raw HTML blocks (rawhtml)
        self.apart: dict[str, tuple[str, str]] = {}  # page -> its content for search, as written

    def on_config(self, cfg: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(cfg.config_file_path or "mkdocs.yml").resolve()
        self.lang = "en" if str(cfg.theme.get("language", "nl")).startswith("en") else "nl"
        # The theme's pieces of HTML (templates/theme/) in the site's language.
        self.head = export.theme_part("head.html", self.lang)
        self.search_dialog = export.theme_part(
            "search_dialog.html", self.lang, dialog=Markup(SEARCH_DIALOG)
        )
        self.not_found = export.theme_part("not_found.html", self.lang)
        try:
            self.settings = config.load(config_file.parent)
        except config.SettingsError as exc:
            raise PluginError(exc.text(self.lang)) from None
        sources = [
            path
            for folder in (cfg.docs_dir, cfg.theme.custom_dir)
            if folder
            for path in Path(folder).rglob("*")
        ]
        cached = fingerprint(config_file, self.lang, str(cfg.site_url or ""), sources)
        # Pages with file URLs (`klacht bundle`) differ in every link: a cache of their own.
        folder = "site" if cfg.use_directory_urls else "site-file-urls"
        self.cache = PageCache(self.settings.root / self.settings.cache_dir / folder, cached)
        try:  # pages showing decrypted identities are never kept (privacy mode)
            if privacy.Keyring.of(self.settings).can_decrypt:
                self.cache = Uncached(self.cache.base, cached)
        except privacy.PrivacyError as exc:
            raise PluginError(str(exc)) from None
        # Pages outside the navigation (complaints, yearly archives and reports) -> cache key.
        self.fresh: dict[str, str] = {}  # rendered in this build
        self.reused: dict[str, str] = {}  # taken from the cache
        cfg.extra_css.extend(f"assets/klacht/{name}" for name in STYLES)
        cfg.extra_javascript.extend(f"assets/klacht/{name}" for name in SCRIPTS)
        if privacy.encrypting(self.settings):  # the form encrypts in the browser
            cfg.extra_javascript.append("assets/klacht/age.js")
        return cfg

    def now(self) -> datetime:
        """The moment of the build; KLACHT_NOW (ISO) fixes it, for tests."""
        fixed = os.environ.get("KLACHT_NOW")
        tz = self.settings.tz
        try:
            return parse_datetime(fixed, tz) if fixed else datetime.now(tz)
        except TimeError:
            text = records.moment_text("KLACHT_NOW", fixed, self.settings, self.lang)
            raise PluginError(text) from None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        loaded = records.load_records(self.settings)
        for problem in loaded.problems:
            log.warning("%s", visible(text_line(problem, self.lang)))
        hist = history.read(self.settings, anonymized=history.anonymized(loaded.complaints))
        generated = generate(
            loaded.complaints, hist, self.settings, self.lang, self.now(), loaded.problems
        )
        self.fresh, self.reused = {}, {}
        for uri, content in generated.items():
            listed = uri in IN_NAV or not uri.endswith(".md")
            if not listed:
                key = self.cache.key(uri, content.key if isinstance(content, Deferred) else content)
                if self.cache.has(key):
                    self.reused[uri] = key
                    continue
                self.fresh[uri] = key
            if isinstance(content, Path):  # a document: copied as it is
                files.append(File.generated(config, uri, abs_src_path=str(content)))
                continue
            if isinstance(content, Deferred):
                content = content.make()
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        self.generated = set(generated)
        self.pages = fileurls.page_map(f.src_uri for f in files) | fileurls.page_map(generated)
        for asset in sorted(ASSETS.iterdir()):
            if asset.suffix in (".js", ".css"):
                uri = f"assets/klacht/{asset.name}"
                files.append(File.generated(config, uri, abs_src_path=str(asset)))
        return files

    @event_priority(-100)  # after every other plugin changed the Markdown
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A generated page: its links for a site with file URLs (see fileurls), its raw HTML
        blocks set aside until Markdown is done (see rawhtml)."""
        uri = page.file.src_uri
        if uri not in self.generated:
            return markdown
        if not config.use_directory_urls:
            markdown = fileurls.rewrite(markdown, uri, self.pages)
        markdown, self.raw[uri] = rawhtml.set_aside(markdown)
        return markdown

    @event_priority(100)  # before any other plugin reads the HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return rawhtml.put_back(html, self.raw.pop(page.file.src_uri, []))

    @event_priority(100)  # before the search plugin reads the page for its index
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """Table cells apart while the search reads the page, so that its results read as text
        (see searchtext); the page itself is written as it was (`on_post_page`)."""
        if page.content:
            apart = cells_apart(page.content)
            if apart != page.content:
                self.apart[page.file.src_uri] = (apart, page.content)
                page.content = apart
        return context

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Keep the complaint pages of the last build out of MkDocs' way while it empties the
        site (it has no incremental build of its own)."""
        self.stashed_in = Path(config.site_dir)
        self.cache.stash(self.stashed_in, STASHED)

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        server.watch(str(self.settings.complaints_path))
        server.watch(str(self.settings.schema_file))
        server.watch(str(self.settings.root / "pyproject.toml"))  # the settings
        return server

    def on_build_error(self, *, error: Exception) -> None:
        if self.stashed_in is not None:
            discard(self.stashed_in)

    def finish(self, output: str) -> str:
        """Every page: kept out of search engines, and Material's search dialog named (its
        theme leaves the dialog without an accessible name)."""
        output = output.replace("<head>", self.head, 1)
        return output.replace(SEARCH_DIALOG, self.search_dialog, 1)

    @event_priority(-100)  # the page as written, after every other plugin changed it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        apart, content = self.apart.pop(page.file.src_uri, ("", ""))
        if apart:  # the content as the theme wrote it, cells together
            output = output.replace(apart, content, 1)
        output = self.finish(output)
        key = self.fresh.get(page.file.src_uri)
        if key is not None:
            self.cache.store_html(key, output)
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name == "404.html":  # Material's text is English only
            output_content = output_content.replace(NOT_FOUND, self.not_found, 1)
        return self.finish(output_content)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Put the reused pages in place, with their search entries, and keep the cache small."""
        site = Path(config.site_dir)
        placed: dict[str, dict[str, str]] = {"reused": {}, "fresh": {}}
        for kind, pages in (("reused", self.reused), ("fresh", self.fresh)):
            for uri, key in pages.items():
                page = fileurls.dest_of(uri, config.use_directory_urls)
                if page.startswith(STASHED):
                    placed[kind][page.removeprefix(STASHED)] = key
                elif kind == "reused":
                    self.cache.place(key, site / page)
        self.cache.restore(site, STASHED, placed["reused"], placed["fresh"])
        index_file = site / "search" / "search_index.json"
        index = json.loads(index_file.read_text(encoding="utf-8")) if index_file.is_file() else None
        by_page: dict[str, list] = {}
        for entry in index["docs"] if index else ():
            by_page.setdefault(entry["location"].split("#")[0], []).append(entry)
        for uri, key in self.fresh.items():
            location = fileurls.location_of(uri, config.use_directory_urls)
            self.cache.store_entries(key, by_page.get(location, []))
        if index:
            for key in self.reused.values():
                index["docs"].extend(self.cache.entries(key))
            text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
            index_file.write_text(text, encoding="utf-8")
        self.cache.save(set(self.fresh.values()) | set(self.reused.values()))
