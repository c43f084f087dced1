"""The `klacht` command: a thin layer of subcommands over the library.

Each module in klacht.cli named in COMMANDS (its help under `command.<name>` in MSG) has
`add_arguments(parser)`, which sets `func(args, settings) -> exit status`; `parser.lang` is the
language of the help texts. Only the module of the command being run is imported, so `klacht
check` does not pay for the site's or the calendar's libraries. `--root` and `--lang` stand before or after the command. The language
(argparse's own texts included) is decided before parsing: `--lang`, else KLACHT_LANG, else the
register's setting, else Dutch. A user's mistake is a message and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gettext
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from klacht import config, report
from klacht.i18n import Catalog
from klacht.privacy import PrivacyError

# The commands, in the order of the help.
COMMANDS = (
    "check",
    "new",
    "renumber",
    "deadlines",
    "register",
    "history",
    "audit",
    "anonymize",
    "pages",
    "init",
    "schema",
    "demo",
    "digest",
    "brief",
    "bundle",
    "attach",
    "keys",
    "encrypt",
    "shred",
)

MSG = Catalog(
    {
        "command.check": ("controleer de klachtbestanden", "check the complaint files"),
        "command.new": ("registreer een nieuwe klacht", "register a new complaint"),
        "command.renumber": (
            "geef een klacht het volgende vrije nummer (bij een botsing tussen twee takken)",
            "give a complaint the next free number (when two branches collide)",
        ),
        "command.deadlines": (
            "toon de termijnen van open klachten",
            "show the deadlines of open complaints",
        ),
        "command.register": (
            "het register van open klachten als tekst, CSV of JSON",
            "the register of open complaints as text, CSV or JSON",
        ),
        "command.history": (
            "toon de geschiedenis van een klacht",
            "show the history of a complaint",
        ),
        "command.audit": (
            "vergelijk de klachten met een eerdere versie (controlespoor)",
            "compare the complaints with an earlier version (audit trail)",
        ),
        "command.anonymize": (
            "verwijder persoonsgegevens na de bewaartermijn (AVG)",
            "remove personal data after the retention term (GDPR)",
        ),
        "command.pages": (
            "schrijf de gegenereerde pagina's van de site naar een map",
            "write the site's generated pages to a folder",
        ),
        "command.init": (
            "begin een nieuw klachtenregister in een lege map",
            "start a new complaints register in an empty folder",
        ),
        "command.schema": (
            "vergelijk de kopie van het schema met dat van klacht, of ververs haar",
            "compare the copy of the schema with klacht's, or refresh it",
        ),
        "command.demo": (
            "maak een demoregister met de voorbeeldklachten en hun geschiedenis",
            "make a demo register of the example complaints and their history",
        ),
        "command.digest": (
            "het ochtendoverzicht voor de directeur; --send verstuurt het per e-mail",
            "the director's morning summary; --send mails it",
        ),
        "command.brief": (
            "de brief aan de klant: ontvangstbevestiging of afhandeling",
            "the letter to the customer: acknowledgement or outcome",
        ),
        "command.encrypt": (
            "privacymodus: versleutel naam, telefoon en e-mail van klanten in de bestanden",
            "privacy mode: encrypt the customers' name, phone and e-mail in the files",
        ),
        "command.shred": (
            "privacymodus: maak een jaar onleesbaar na de bewaartermijn (sleutel vernietigen)",
            "privacy mode: make a year unreadable after retention (destroy its key)",
        ),
        "command.keys": (
            "privacymodus: maak het sleutelpaar van een jaar (klacht keys new JAAR)",
            "privacy mode: make a year's key pair (klacht keys new YEAR)",
        ),
        "command.bundle": (
            "bouw de site als zipbestand dat werkt vanaf schijf (zonder server)",
            "build the site as a zip file that works from disk (without a server)",
        ),
        "command.attach": (
            "voeg een document (brief, e-mail, uitspraak) toe aan een klacht",
            "add a document (letter, e-mail, ruling) to a complaint",
        ),
        "description": (
            "Klachtenregister: klachten registreren, controleren en bewaken.",
            "Complaints register: register, check and watch complaints.",
        ),
        "root": (
            "map van het register (met pyproject.toml); standaard: gevonden vanaf hier",
            "folder of the register (with pyproject.toml); default: found from here",
        ),
        "lang": ("taal van de uitvoer (nl of en)", "language of the output (nl or en)"),
        "command": ("opdracht", "command"),
        "no_folder": ("map {path} bestaat niet", "folder {path} does not exist"),
        "no_schema": (
            "geen klachtenregister in {path}: {schema} ontbreekt; geef met --root de map van "
            "het register op",
            "no complaints register in {path}: {schema} is missing; give the register's folder "
            "with --root",
        ),
        "needs_site": (
            "klacht {command} heeft de site-onderdelen nodig, maar {module} is niet "
            "geïnstalleerd. Installeer ze met: pip install 'klachtenregister[site]'",
            "klacht {command} needs the site components, but {module} is not installed. "
            "Install them with: pip install 'klachtenregister[site]'",
        ),
        "not_found": (
            "geen klachtenregister gevonden in {path} of een map daarboven; ga naar de map van "
            "het register of geef die op met --root",
            "no complaints register found in {path} or a folder above it; go to the register's "
            "folder or give it with --root",
        ),
        "metavar.folder": ("MAP", "FOLDER"),
        "metavar.moment": ("MOMENT", "MOMENT"),
        "metavar.date": ("DATUM", "DATE"),
        "metavar.revision": ("REVISIE", "REVISION"),
        "metavar.name": ("NAAM", "NAME"),
        "metavar.channel": ("KANAAL", "CHANNEL"),
        "metavar.phone": ("TELEFOON", "PHONE"),
        "metavar.email": ("ADRES", "ADDRESS"),
        "metavar.text": ("TEKST", "TEXT"),
        "metavar.category": ("CATEGORIE", "CATEGORY"),
        "metavar.severity": ("ERNST", "SEVERITY"),
        "metavar.paths": ("pad", "path"),
        "metavar.file": ("bestand", "file"),
        "metavar.id": ("nummer", "number"),
    }
)
# Commands that make a register rather than work in one.
STANDALONE = {"init", "demo"}

# argparse's own texts (usage, help, errors) in Dutch: a gettext catalogue of the domain `klacht`
# (English is argparse's own), compiled from its .po file with
# `pybabel compile -d scripts/klacht/locale -D klacht`.
LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "klacht"

# The modules of the `site` extra (pyproject.toml): the core install has none of them.
SITE_MODULES = frozenset({"mkdocs", "material", "matplotlib", "xlsxwriter", "icalendar"})

# Exit status after the reader of our output went away (`klacht register | head -1`), as a
# command killed by SIGPIPE reports it.
BROKEN_PIPE = 128 + 13


class UsageError(Exception):
    """A mistake in what the user gave (an option, a folder): a translated message, exit 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser that knows the language of its help texts (`lang`)."""

    def __init__(self, *args: Any, lang: str = "nl", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang


class _ProbeError(Exception):
    pass


class _Probe(argparse.ArgumentParser):
    """Reads `--root`, `--lang` and the command the way the full parser will, and never exits."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ProbeError(message)


def probe(argv: Sequence[str]) -> argparse.Namespace:
    """`root`, `lang` and `command` from the command line (None where absent or unreadable);
    `--root` and `--lang` count before and after the command, the last one given winning."""
    parser = _Probe(add_help=False)
    parser.add_argument("--root")
    parser.add_argument("--lang")
    parser.add_argument("command", nargs="?")
    try:
        return parser.parse_known_args(argv)[0]
    except _ProbeError:
        return argparse.Namespace(root=None, lang=None, command=None)


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse's own texts (usage, help, errors) in `lang` while a parser is built and used.

    argparse translates with `gettext.gettext`, which reads the catalogue of the current text
    domain in the language named by the environment (LANGUAGE first); both are set for the
    while, and then put back."""
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            del os.environ["LANGUAGE"]
        else:
            os.environ["LANGUAGE"] = language


def build_parser(command: str | None, lang: str) -> Parser:
    """The parser of every command; only `command`'s module is imported for its options."""
    parser = Parser(prog="klacht", description=MSG(lang, "description"), lang=lang)
    add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar=MSG(lang, "command"))
    for name in COMMANDS:
        text = MSG(lang, f"command.{name}")
        sub = subparsers.add_parser(name, help=text, description=text, lang=lang)
        if name == command:
            importlib.import_module(f"klacht.cli.{name}").add_arguments(sub)
        add_global_options(sub, default=argparse.SUPPRESS)
    return parser


def add_global_options(parser: Parser, default: Any = None) -> None:
    """`--root` and `--lang`. A command's parser has them too, with default SUPPRESS, so that
    `klacht check --lang en` works and leaves one given before the command alone."""
    lang = parser.lang
    parser.add_argument(
        "--root", metavar=MSG(lang, "metavar.folder"), default=default, help=MSG(lang, "root")
    )
    parser.add_argument("--lang", choices=config.LANGUAGES, default=default, help=MSG(lang, "lang"))


def language(wanted: str | None, settings: config.Settings | None) -> str:
    """The language of the output: the settings' (which honour --lang and KLACHT_LANG), or when
    they cannot be read, --lang or KLACHT_LANG if valid, else Dutch."""
    if settings is not None:
        return settings.language
    for candidate in (wanted, os.environ.get("KLACHT_LANG")):
        if candidate in config.LANGUAGES:
            return candidate
    return "nl"


def register_missing(root: str | None, settings: config.Settings) -> str | None:
    """Why there is no register to work on (a translated message), or None when there is."""
    lang = settings.language
    if root is not None and not settings.root.exists():
        return MSG(lang, "no_folder", path=root)
    if settings.schema_file.is_file():
        return None
    if root is None and not config.has_settings(settings.root):
        return MSG(lang, "not_found", path=settings.root)
    return MSG(lang, "no_schema", path=settings.root, schema=settings.schema_path)


def moment_error(source: str, value: str, settings: config.Settings) -> UsageError:
    """The error for a moment (`--now`, KLACHT_NOW) that is not one."""
    from klacht import records  # the record checks, only for a command that needs them

    return UsageError(records.moment_text(source, value, settings, settings.language))


def _quiet_stdout() -> None:
    """Send what is still buffered for a closed pipe nowhere, so that exiting reports nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run(args: argparse.Namespace, settings: config.Settings) -> int:
    """Run the chosen command; user errors, a closed pipe and Ctrl-C end it without traceback.
    What it prints shows control characters from records as text (`report.Visible`)."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = report.Visible(sys.stdout), report.Visible(sys.stderr)
    try:
        code = args.func(args, settings)
        sys.stdout.flush()
    except (UsageError, PrivacyError) as exc:
        print(f"klacht: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    finally:
        sys.stdout, sys.stderr = streams
    return code


def site_extra_missing(main: Callable[[Sequence[str] | None], int]) -> Callable[..., int]:
    """`main`, which says in the user's language how to install the `site` extra (exit 2) when
    a command needs one of its modules in a core install (`pip install klachtenregister`)."""

    @functools.wraps(main)
    def wrapper(argv: Sequence[str] | None = None) -> int:
        try:
            return main(argv)
        except ModuleNotFoundError as exc:
            module = (exc.name or "").partition(".")[0]
            if module not in SITE_MODULES:
                raise
            first = probe(list(sys.argv[1:] if argv is None else argv))
            try:
                settings = config.load(
                    Path(first.root) if first.root else None, language=first.lang
                )
            except config.SettingsError:
                settings = None
            lang = language(first.lang, settings)
            text = MSG(lang, "needs_site", command=first.command, module=module)
            print(f"klacht: {text}", file=sys.stderr)
            return 2

    return wrapper


@site_extra_missing
def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = probe(argv)
    try:
        settings = config.load(Path(first.root) if first.root else None, language=first.lang)
    except config.SettingsError as exc:
        settings, problem = None, str(exc)
    lang = language(first.lang, settings)
    with argparse_language(lang):
        args = build_parser(first.command, lang).parse_args(argv)
    if args.command in STANDALONE:
        return run(args, settings or config.Settings(language=lang))
    if settings is not None:
        problem = register_missing(args.root, settings)
    if settings is None or problem:
        print(f"klacht: {problem}", file=sys.stderr)
        return 2
    return run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
