"""`klacht shred YEAR`: erase a cohort in privacy mode by its key, after its retention term
(`klacht.erasure.shred`); says what the firm must destroy next."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime

from klacht import cli, erasure, git, report
from klacht.cli import Parser
from klacht.config import Settings
from klacht.i18n import Catalog

MSG = Catalog(
    {
        "refused": (
            "klacht shred {year}: niets veranderd:",
            "klacht shred {year}: nothing changed:",
        ),
        "carried": (
            "{id} versleuteld naar de sleutel van {year} (blijft leesbaar)",
            "{id} encrypted to the key of {year} (stays readable)",
        ),
        "done": (
            "Vastgelegd in commit {commit}: {path} (sleutel {key}); {n} klachten van {year} "
            "tonen voortaan [verwijderd].",
            "Recorded in commit {commit}: {path} (key {key}); {n} complaints of {year} show "
            "[erased] from now on.",
        ),
        "destroy": (
            "Vernietig nu elke kopie van de geheime sleutel van {year} ({key}): in de "
            "wachtwoordkluis (ook in haar geschiedenis en prullenbak), het CI-geheim "
            "KLACHT_IDENTITIES, de offline kopie bij de tweede persoon, en in elk bestand van "
            "KLACHT_IDENTITIES. Pas dan zijn naam, telefoon en e-mail in elke commit onleesbaar.",
            "Now destroy every copy of the secret key of {year} ({key}): in the password manager "
            "(its history and bin too), the CI secret KLACHT_IDENTITIES, the offline copy held "
            "by the second person, and in every file of KLACHT_IDENTITIES. Only then are name, "
            "phone and e-mail unreadable in every commit.",
        ),
        "no_name": (
            "wie vernietigt de sleutel? geef --by NAAM (of stel git user.name in)",
            "who destroys the key? give --by NAME (or set git user.name)",
        ),
        "help.year": (
            "het jaar (ontvangstjaar van de klachten)",
            "the year (complaints received in)",
        ),
        "help.carry": (
            "versleutel klachten die nog bewaard moeten blijven eerst naar de sleutel van dit jaar",
            "first encrypt complaints that must still be kept to the key of this year",
        ),
        "help.by": (
            "wie de sleutel vernietigt (standaard: git user.name)",
            "who destroys the key (default: git user.name)",
        ),
        "help.today": (
            "de datum van vandaag (voor tests), bijv. 2026-11-24",
            "today's date (for tests), e.g. 2026-11-24",
        ),
    }
)


def add_arguments(parser: Parser) -> None:
    lang = parser.lang
    parser.add_argument("year", type=int, metavar="YYYY", help=MSG(lang, "help.year"))
    parser.add_argument("--carry", action="store_true", help=MSG(lang, "help.carry"))
    parser.add_argument("--by", metavar=cli.MSG(lang, "metavar.name"), help=MSG(lang, "help.by"))
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        metavar=cli.MSG(lang, "metavar.date"),
        help=MSG(lang, "help.today"),
    )
    parser.set_defaults(func=run)


def _git_name(settings: Settings) -> str:
    try:
        ident = git.run(settings.root, "var", "GIT_COMMITTER_IDENT").decode("utf-8", "replace")
    except git.GitError:
        return ""
    return ident.split("<", 1)[0].strip()


def run(args: argparse.Namespace, settings: Settings) -> int:
    lang, year = settings.language, args.year
    today = args.today or datetime.now(settings.tz).date()
    by = (args.by or _git_name(settings)).strip()
    if not by:
        raise cli.UsageError(MSG(lang, "no_name"))
    try:
        outcome = erasure.shred(settings, year, today, carry=args.carry, by=by)
    except erasure.Refused as exc:
        print(MSG(lang, "refused", year=year), file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {report.oneline(reason)}", file=sys.stderr)
        return 1
    record = outcome.shred
    for record_id in record.carried:
        print(MSG(lang, "carried", id=record_id, year=record.carried_to))
    path = erasure.privacy.shred_file(settings, year).relative_to(settings.root).as_posix()
    print(
        MSG(
            lang,
            "done",
            commit=outcome.commit[:8],
            path=path,
            key=record.key,
            n=len(outcome.erased),
            year=year,
        )
    )
    print(MSG(lang, "destroy", year=year, key=record.key), file=sys.stderr)
    return 0
