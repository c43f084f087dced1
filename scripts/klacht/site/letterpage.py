"""The printable letter page of a complaint (`brieven/<id>/`): the letters to the customer that
fit the record now, rendered from the very templates of `klacht brief`, one letter a printed
page, for the director to print and sign, or to copy into a mail when the `mailto:` draft was
cut short."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from klacht.i18n import Catalog
from klacht.letters import Letter
from klacht.site.pages import SiteContext, complaint_href
from klacht.site.render import render

MSG = Catalog(
    {
        "title": ("Brieven bij {id}", "Letters for {id}"),
        "intro": (
            "De brieven aan de klant die nu bij de klacht passen, gemaakt met dezelfde sjablonen "
            "als 'klacht brief'. Druk de pagina af (elke brief op een eigen blad) of kopieer de "
            "tekst in een e-mail; lees hem na voor u hem verstuurt.",
            "The letters to the customer that fit the complaint now, made from the same "
            "templates as 'klacht brief'. Print the page (each letter on a sheet of its own) or "
            "copy the text into an e-mail; read it before you send it.",
        ),
        "back": ("Terug naar {id}", "Back to {id}"),
        "ontvangst": ("Ontvangstbevestiging", "Acknowledgement of receipt"),
        "afhandeling": ("Afhandeling", "Outcome"),
        "subject": ("Onderwerp: {subject}", "Subject: {subject}"),
    }
)


def uri(complaint_id: str) -> str:
    return f"brieven/{complaint_id}.md"


@dataclass(frozen=True)
class PrintedLetter:
    title: str
    subject: str
    lines: list[str]  # the body, a line each (the page keeps them as written)


@dataclass(frozen=True)
class LetterPage:
    id: str
    back: str  # the complaint's page
    letters: list[PrintedLetter]


def page(ctx: SiteContext, complaint_id: str, letters: Sequence[Letter]) -> str:
    """The page's Markdown: the letters, their text escaped as all record text is."""
    t = partial(MSG, ctx.lang)
    data = LetterPage(
        complaint_id,
        complaint_href(uri(complaint_id), complaint_id),
        [
            PrintedLetter(t(x.kind), t("subject", subject=x.subject), x.body.splitlines())
            for x in letters
        ],
    )
    return render("letters/page.md.j2", data, t=t)
