"""`klacht encrypt`: switch an existing register to privacy mode (`klacht.erasure`): the
plaintext identity fields of every record encrypted to its cohort's key, from the next commit
on; what is already in the history stays readable, and the command says so."""

from __future__ import annotations

import argparse
import sys

from klacht import dependency, erasure, writing
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "refused": ("klacht encrypt: niets veranderd:", "klacht encrypt: nothing changed:"),
        "none": (
            "Alle naam-, telefoon- en e-mailvelden zijn al versleuteld.",
            "Every name, phone and e-mail field is encrypted already.",
        ),
        "done": ("{path}: versleuteld", "{path}: encrypted"),
        "count": (
            '{n} klachtbestanden versleuteld; leg ze vast met: git commit -am "Privacymodus"',
            '{n} complaint files encrypted; record them with: git commit -am "Privacy mode"',
        ),
        "count_1": (
            '1 klachtbestand versleuteld; leg het vast met: git commit -am "Privacymodus"',
            '1 complaint file encrypted; record it with: git commit -am "Privacy mode"',
        ),
        "extra_done": (
            "pyproject.toml:{line}: de afhankelijkheid is nu {new}, zodat pyrage mee "
            "geïnstalleerd wordt (ook in CI); installeer opnieuw met: pip install -e . en commit "
            "pyproject.toml",
            "pyproject.toml:{line}: the dependency is now {new}, so that pyrage is installed too "
            "(in CI as well); install again: pip install -e . and commit pyproject.toml",
        ),
        "extra_by_hand": (
            "pyproject.toml:{line}: verander de afhankelijkheid {old} in {new}, zodat pyrage "
            "mee geïnstalleerd wordt (ook in CI), en installeer opnieuw: pip install -e .",
            "pyproject.toml:{line}: change the dependency {old} into {new} so that pyrage is "
            "installed too (in CI as well), and install again: pip install -e .",
        ),
        "history": (
            "Let op: dit geldt vanaf de volgende commit. Elke eerdere versie in de Git-"
            "geschiedenis (in elke kloon) houdt de namen, telefoonnummers en e-mailadressen "
            "leesbaar, tot een eenmalige opschoning van de geschiedenis (README: privacymodus) "
            "of tot die klachten na hun bewaartermijn uit elke kopie verdwenen zijn.",
            "Note: this holds from the next commit on. Every earlier version in the Git history "
            "(in every clone) keeps the names, phone numbers and e-mail addresses readable, "
            "until a one-time purge of the history (README: privacy mode) or until those "
            "complaints have left every copy after their retention term.",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.language
    try:
        changed = erasure.encrypt_register(settings)
    except erasure.Refused as exc:
        print(MSG(lang, "refused"), file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {reason}", file=sys.stderr)
        return 1
    _dependency(settings)
    if not changed:
        print(MSG(lang, "none"))
        return 0
    for path in changed:
        print(MSG(lang, "done", path=path))
    print(MSG(lang, "count", n=len(changed)))
    print(MSG(lang, "history"), file=sys.stderr)
    return 0


def _dependency(settings: Settings) -> None:
    """The register's dependency on klachtenregister given the privacy extra, when that can be
    done exactly (said on stdout); else the line to change (stderr)."""
    lang, path = settings.language, settings.root / "pyproject.toml"
    try:
        text = path.read_bytes().decode("utf-8")  # line ends as they are
    except (OSError, UnicodeDecodeError):
        return
    advice = dependency.privacy_advice(text)
    if advice is None:
        return
    if advice.text is None:
        args = {"line": advice.line, "old": advice.old, "new": advice.new}
        print(MSG(lang, "extra_by_hand", **args), file=sys.stderr)
        return
    writing.replace(path, advice.text)
    print(MSG(lang, "extra_done", line=advice.line, new=advice.new))
