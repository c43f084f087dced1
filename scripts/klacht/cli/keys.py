"""`klacht keys new YEAR`: a cohort's key pair for the privacy mode. The public key goes to
`keys/YEAR.pub` (committed); the secret identity is printed once, for the firm's password
manager and CI secret, and kept nowhere by klacht."""

from __future__ import annotations

import argparse
import sys

from klacht import privacy, writing
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "exists": (
            "{path} bestaat al; een bestaande sleutel wordt nooit vervangen (de klachten van "
            "{year} zijn ermee versleuteld)",
            "{path} already exists; an existing key is never replaced (the complaints of {year} "
            "are encrypted with it)",
        ),
        "shredded": (
            "de sleutel van {year} is vernietigd (klacht shred); er komt geen nieuwe",
            "the key of {year} was destroyed (klacht shred); there will be no new one",
        ),
        "written": ("Publieke sleutel geschreven: {path}", "Public key written: {path}"),
        "secret": (
            "De geheime sleutel hieronder wordt maar één keer getoond en nergens bewaard. Zet hem "
            "nu in de wachtwoordkluis en in het CI-geheim (KLACHT_IDENTITIES); zonder deze "
            "sleutel zijn naam, telefoon en e-mail van de klanten van {year} onleesbaar. Zet hem "
            "nooit in het register.",
            "The secret key below is shown only once and kept nowhere. Put it in the password "
            "manager and the CI secret (KLACHT_IDENTITIES) now; without it the name, phone and "
            "e-mail of {year}'s customers are unreadable. Never put it in the register.",
        ),
        "next": (
            'Voeg de publieke sleutel toe met: git add {path} && git commit -m "Sleutel {year}"',
            'Add the public key with: git add {path} && git commit -m "Key {year}"',
        ),
        "header": (
            "# Publieke sleutel (age) van de klachten ontvangen in {year}; de geheime staat niet "
            "in het register",
            "# Public key (age) of the complaints received in {year}; the secret one is not in "
            "the register",
        ),
        "help.action": ("new: maak een nieuw sleutelpaar", "new: make a new key pair"),
        "help.year": (
            "het jaar (ontvangstjaar van de klachten)",
            "the year (complaints received in)",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument("action", choices=["new"], help=MSG(lang, "help.action"))
    parser.add_argument("year", type=int, metavar="YYYY", help=MSG(lang, "help.year"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang, year = settings.language, args.year
    path = privacy.public_key_file(settings, year)
    shown = path.relative_to(settings.root).as_posix()
    if year in privacy.shred_records(settings):
        print(f"klacht: {MSG(lang, 'shredded', year=year)}", file=sys.stderr)
        return 1
    if path.exists():
        print(f"klacht: {MSG(lang, 'exists', path=shown, year=year)}", file=sys.stderr)
        return 1
    secret, public = privacy.new_identity()
    try:
        writing.create(path, f"{MSG(lang, 'header', year=year)}\n{public}\n")
    except FileExistsError:
        print(f"klacht: {MSG(lang, 'exists', path=shown, year=year)}", file=sys.stderr)
        return 1
    print(MSG(lang, "written", path=shown), file=sys.stderr)
    print(MSG(lang, "secret", year=year), file=sys.stderr)
    print(secret)
    print(MSG(lang, "next", path=shown, year=year), file=sys.stderr)
    return 0
