"""The analysis pages: figures against the procedure's targets, charts with their numbers in a
table, and a printable report per year (with the year before beside it) for the management review.

Every value from a record (a customer's name, a category) is escaped into raw HTML blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from klacht import deadlines, stats
from klacht.history import History
from klacht.i18n import Catalog, value_label
from klacht.model import Complaint
from klacht.site import charts
from klacht.site.pages import Context, block, esc, href, link, table

# Repeat customers listed on a page, and complaint numbers shown per customer.
MAX_CUSTOMERS = 50
MAX_IDS = 5
MONTHS = (
    ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)

T = Catalog(
    {
        "title": ("Analyse", "Analysis"),
        "intro": (
            "Cijfers over alle klachten, behalve ingetrokken registraties, tegen de doelen van de "
            "klachtenprocedure: tevreden klanten, minder herhaling, betere dienstverlening.",
            "Figures over all complaints except withdrawn registrations, against the targets of "
            "the complaints procedure: satisfied customers, fewer repeats, better service.",
        ),
        "as_of": ("Stand op {when}.", "As of {when}."),
        "year_title": ("Jaarverslag klachten {year}", "Complaints report {year}"),
        "year_intro": (
            "Voor de directiebeoordeling: de klachten ontvangen in {year}. Termijnen die nog "
            "lopen en maatregelen tellen naar de stand op {when}.",
            "For the management review: the complaints received in {year}. Running clocks and "
            "measures count as of {when}.",
        ),
        "year_compare": (
            "Ter vergelijking staan de cijfers van {last} ernaast.",
            "The figures of {last} stand beside them for comparison.",
        ),
        "reports": ("Jaarverslagen", "Yearly reports"),
        "report_item": ("{title} ({n} klachten)", "{title} ({n} complaints)"),
        "report_item_one": ("{title} (1 klacht)", "{title} (1 complaint)"),
        "figures": ("Kengetallen", "Key figures"),
        "figure": ("kengetal", "figure"),
        "value": ("waarde", "value"),
        "target": ("doel", "target"),
        "total": ("klachten", "complaints"),
        "still_open": ("waarvan nog in behandeling", "of which still being handled"),
        "triage_within": ("beoordeeld binnen {n} {unit}", "triaged within {n} {unit}"),
        "triage_median": ("beoordelingstijd, mediaan ({unit})", "time to triage, median ({unit})"),
        "triage_p90": (
            "beoordelingstijd, 90e percentiel ({unit})",
            "time to triage, 90th percentile ({unit})",
        ),
        "resolution_within": ("afgehandeld binnen {n} {unit}", "resolved within {n} {unit}"),
        "resolution_median": (
            "afhandeltijd, mediaan ({unit})",
            "time to resolution, median ({unit})",
        ),
        "resolution_p90": (
            "afhandeltijd, 90e percentiel ({unit})",
            "time to resolution, 90th percentile ({unit})",
        ),
        "agreed": ("klant akkoord met de oplossing", "customer agreed with the solution"),
        "escalated": ("bij beoordeling doorgegeven aan de directeur", "passed to the director"),
        "mediated": ("voorgelegd aan de bemiddelaar", "referred to the mediator"),
        "pending": ("uitspraak bemiddelaar nog niet ontvangen", "mediator's ruling outstanding"),
        "registration_within": (
            "geregistreerd binnen {span} na ontvangst",
            "registered within {span} of receipt",
        ),
        "registration_median": ("tijd tot registratie, mediaan", "time to registration, median"),
        "registration_p90": (
            "tijd tot registratie, 90e percentiel",
            "time to registration, 90th percentile",
        ),
        "registration": ("tijd tot registratie", "time to registration"),
        "registration_note": (
            "Tijd tot registratie: van de ontvangst van een klacht tot het moment waarop die voor "
            "het eerst in het register is opgeslagen{counting}. De procedure vraagt een klacht "
            "meteen te registreren; meer dan {span} staat in rood. Klachten die pas later zijn "
            "ingevoerd, bijvoorbeeld overgenomen uit een eerder systeem, tellen mee met hun "
            "werkelijke wachttijd en maken dit getal groot.",
            "Time to registration: from receiving a complaint to the moment it was first saved "
            "in the register{counting}. The procedure asks to register a complaint at once; more "
            "than {span} is shown in red. Complaints entered later, for instance taken over from "
            "an earlier system, count with their real delay and make this figure large.",
        ),
        "working_time": (
            ", in werktijd (weekenden en feestdagen tellen niet mee)",
            ", in working time (weekends and public holidays do not count)",
        ),
        "no_history": (
            "onbekend: de wijzigingsgeschiedenis van het register is niet beschikbaar",
            "unknown: the register's history of changes is not available",
        ),
        "shallow": (
            "onbekend: de site is gebouwd uit een onvolledige kopie van het register (shallow "
            "clone)",
            "unknown: the site was built from an incomplete copy of the register (shallow clone)",
        ),
        "people": ("Wijzigingen per persoon", "Changes per person"),
        "people_note": (
            "Per persoon: hoe vaak die de klachten van deze periode heeft opgeslagen (één keer "
            "opslaan telt één keer, ook als het meer klachten wijzigt), hoeveel klachten die heeft "
            "geregistreerd en hoeveel die heeft gesloten.",
            "Per person: how often they saved the complaints of this period (one save counts "
            "once, even when it changes several complaints), how many complaints they registered "
            "and how many they closed.",
        ),
        "person": ("persoon", "person"),
        "saves": ("keer opgeslagen", "saves"),
        "registered": ("klachten geregistreerd", "complaints registered"),
        "closed": ("klachten gesloten", "complaints closed"),
        "of": ("{part} van {whole} ({pct})", "{part} of {whole} ({pct})"),
        "at_most": ("hoogstens {n}", "at most {n}"),
        "all": ("alle", "all"),
        "none_expected": ("zo weinig mogelijk", "as few as possible"),
        "working_hours": ("werkuren", "working hours"),
        "working_days": ("werkdagen", "working days"),
        "hours": ("uren", "hours"),
        "days": ("dagen", "days"),
        "measures": ("Preventieve maatregelen", "Preventive measures"),
        "measure_state": ("stand", "state"),
        "measures_open": ("open", "open"),
        "measures_overdue": ("waarvan over de datum", "of which past due"),
        "measures_done": ("uitgevoerd", "done"),
        "per_month": ("Klachten per maand", "Complaints per month"),
        "per_category": ("Klachten per categorie", "Complaints per category"),
        "chart_alt": (
            "{title}: staafdiagram; de getallen staan in de tabel eronder",
            "{title}: bar chart; the numbers are in the table below",
        ),
        "year": ("jaar", "year"),
        "total_row": ("totaal", "total"),
        "category": ("categorie", "category"),
        "no_category": ("zonder categorie", "no category"),
        "count": ("aantal", "count"),
        "repeats": ("Herhaling", "Repeats"),
        "repeat_customers": (
            "Klanten met twee of meer klachten binnen twaalf maanden",
            "Customers with two or more complaints within twelve months",
        ),
        "repeat_customers_note": (
            "Dezelfde klant: hetzelfde telefoonnummer of dezelfde naam (hoofdletters, spaties en "
            "leestekens tellen niet mee).",
            "The same customer: the same phone number or the same name (case, spaces and "
            "punctuation ignored).",
        ),
        "repeat_categories": (
            "Categorieën met drie of meer klachten in twaalf maanden",
            "Categories with three or more complaints in twelve months",
        ),
        "last_12": ("12 maanden tot {when}", "12 months to {when}"),
        "before_12": ("12 maanden daarvoor", "the 12 months before"),
        "customer": ("klant", "customer"),
        "complaints": ("klachten", "complaints"),
        "more_ids": ("en nog {n}", "and {n} more"),
        "more_customers": ("En nog {n} klanten.", "And {n} more customers."),
        "more_customers_1": ("En nog 1 klant.", "And 1 more customer."),
        "none": ("Geen.", "None."),
    }
)


@dataclass(frozen=True)
class _Period:
    """One analysed period: the overview (all years) or one year."""

    src: str  # the page, e.g. analyse/2026.md
    prefix: str  # of its chart files, e.g. analyse/2026
    months: list[str]
    end: datetime  # of the period: the build, or the end of the year when that came first
    analysis: stats.Analysis


def _local(lang: str, text: str) -> str:
    """A number written in English (`1,234.5`) as the language writes it (`1.234,5` in Dutch)."""
    return text if lang == "en" else text.translate(str.maketrans(",.", ".,"))


def _num(lang: str, value: float | None) -> str:
    """One decimal, thousands separated; a dash when there is no value."""
    return "–" if value is None else _local(lang, f"{value:,.1f}")


def _span(ctx: Context, days: float | None) -> str:
    """A duration for people: hours under one day, (working) days from one day on, with one
    decimal below ten (`5 uur`, `2,5 werkdagen`, `1.234 werkdagen`); a dash when there is none."""
    if days is None:
        return "–"
    small = days < 1
    value = days * 24 if small else days
    text = f"{value:,.1f}".removesuffix(".0") if value < 10 else f"{value:,.0f}"
    amount = _local(ctx.lang, text)
    unit = "hour" if small else "workday" if ctx.settings.clock == "working" else "day"
    return deadlines.LABELS(ctx.lang, unit if amount == "1" else f"{unit}s", n=amount)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _units(ctx: Context) -> tuple[str, str]:
    """The units of the clocks: working hours and days, or plain hours and days."""
    if ctx.settings.clock == "working":
        return T(ctx.lang, "working_hours"), T(ctx.lang, "working_days")
    return T(ctx.lang, "hours"), T(ctx.lang, "days")


def _of(lang: str, part: int, whole: int) -> str:
    return T(lang, "of", part=part, whole=whole, pct=_pct(stats.share(part, whole)))


# A row of the key figures: label, the value of an analysis (HTML), the target.
Figure = tuple[str, Callable[[stats.Analysis], str], str]
Pick = Callable[[stats.Analysis], stats.Spread]


def _figure_rows(ctx: Context, with_registration: bool) -> list[Figure]:
    lang = ctx.lang
    t = lambda key, **kw: T(lang, key, **kw)  # noqa: E731
    hours, days = _units(ctx)

    def count(get: Callable[[stats.Analysis], int]) -> Callable[[stats.Analysis], str]:
        return lambda a: str(get(a))

    def of(
        part: Callable[[stats.Analysis], int], whole: Callable[[stats.Analysis], int]
    ) -> Callable[[stats.Analysis], str]:
        return lambda a: esc(_of(lang, part(a), whole(a)))

    def on_time(pick: Pick) -> Callable[[stats.Analysis], str]:
        return lambda a: esc(_of(lang, pick(a).on_time, pick(a).judged))

    def duration(
        pick: Pick, which: str, show: Callable[[float | None], str] = lambda v: _num(lang, v)
    ) -> Callable[[stats.Analysis], str]:
        """The median or p90, marked when it is over the target."""

        def value(a: stats.Analysis) -> str:
            spread = pick(a)
            number = getattr(spread, which)
            text = esc(show(number))
            if number is not None and number > spread.target:
                return f'<span class="klacht-badge klacht-overdue">{text}</span>'
            return text

        return value

    def spread_rows(pick: Pick, key: str, target: float, unit: str) -> list[Figure]:
        n = f"{target:g}"
        return [
            (t(f"{key}_within", n=n, unit=unit), on_time(pick), t("all")),
            (t(f"{key}_median", unit=unit), duration(pick, "median"), t("at_most", n=n)),
            (t(f"{key}_p90", unit=unit), duration(pick, "p90"), t("at_most", n=n)),
        ]

    rows: list[Figure] = [
        (t("total"), count(lambda a: a.total), ""),
        (t("still_open"), count(lambda a: a.still_open), ""),
        *spread_rows(lambda a: a.triage_hours, "triage", ctx.settings.triage_hours, hours),
        *spread_rows(lambda a: a.resolution_days, "resolution", ctx.settings.resolution_days, days),
        (t("agreed"), of(lambda a: a.agreed, lambda a: a.answered), t("all")),
        (t("escalated"), of(lambda a: a.escalated, lambda a: a.triaged), ""),
        (t("mediated"), of(lambda a: a.mediated, lambda a: a.total), t("none_expected")),
        (t("pending"), count(lambda a: a.mediation_pending), ""),
    ]
    if with_registration:
        reg: Pick = lambda a: a.registration_days  # noqa: E731
        span = partial(_span, ctx)
        limit = span(stats.REGISTRATION_DAYS)
        rows += [
            (t("registration_within", span=limit), on_time(reg), t("all")),
            (t("registration_median"), duration(reg, "median", span), t("at_most", n=limit)),
            (t("registration_p90"), duration(reg, "p90", span), t("at_most", n=limit)),
        ]
    return rows


def _figures(
    ctx: Context, a: stats.Analysis, history: History | None, year: int | None = None,
    before: stats.Analysis | None = None,
) -> str:  # fmt: skip
    """The key figures; a year report has a column for the year before, when there was one."""
    lang = ctx.lang
    headers = [T(lang, "figure"), str(year) if year else T(lang, "value")]
    if year is not None and before is not None:
        headers.append(str(year - 1))
    headers.append(T(lang, "target"))
    rows = []
    for label, value, target in _figure_rows(ctx, a.registration_days is not None):
        cells = [esc(label), value(a)]
        if before is not None:
            cells.append(value(before))
        rows.append([*cells, esc(target)])
    if a.registration_days is None:
        note = T(lang, "no_history" if history is None else "shallow")
        rows.append([esc(T(lang, "registration")), esc(note), *[""] * (len(headers) - 2)])
        return table(headers, rows)
    counting = T(lang, "working_time") if ctx.settings.clock == "working" else ""
    note = T(lang, "registration_note", counting=counting, span=_span(ctx, stats.REGISTRATION_DAYS))
    return f"{table(headers, rows)}\n\n{esc(note)}"


def _measures(ctx: Context, a: stats.Analysis) -> str:
    t = lambda key: T(ctx.lang, key)  # noqa: E731
    rows = [[esc(t("measures_open")), str(a.measures_open)],
            [esc(t("measures_overdue")), str(a.measures_overdue)],
            [esc(t("measures_done")), str(a.measures_done)]]  # fmt: skip
    return table([t("measure_state"), t("count")], rows)


def _people(ctx: Context, a: stats.Analysis) -> list[str]:
    """Who changed what (with a full history only)."""
    if a.contributors is None:
        return []
    t = lambda key: T(ctx.lang, key)  # noqa: E731
    rows = [[esc(p.name), str(p.commits), str(p.registered), str(p.closed)]
            for p in a.contributors]  # fmt: skip
    headers = [t("person"), t("saves"), t("registered"), t("closed")]
    shown = table(headers, rows) if rows else esc(t("none"))
    return [f"## {t('people')}", esc(t("people_note")), shown]


def _category(lang: str, key: str) -> str:
    return (
        T(lang, "no_category") if key == stats.NO_CATEGORY else value_label(lang, "category", key)
    )


def _repeats(ctx: Context, p: _Period) -> list[str]:
    lang, a = ctx.lang, p.analysis
    t = lambda key, **kw: T(lang, key, **kw)  # noqa: E731
    parts = [f"## {t('repeats')}", f"### {t('repeat_customers')}", esc(t("repeat_customers_note"))]
    if a.repeat_customers:
        rows = []
        for r in a.repeat_customers[:MAX_CUSTOMERS]:
            shown = ", ".join(link(p.src, i) for i in reversed(r.ids[-MAX_IDS:]))
            if len(r.ids) > MAX_IDS:
                shown += ", " + esc(t("more_ids", n=len(r.ids) - MAX_IDS))
            rows.append([esc(r.name), str(len(r.ids)), shown])
        parts.append(table([t("customer"), t("count"), t("complaints")], rows))
        if len(a.repeat_customers) > MAX_CUSTOMERS:
            parts.append(esc(t("more_customers", n=len(a.repeat_customers) - MAX_CUSTOMERS)))
    else:
        parts.append(esc(t("none")))
    parts.append(f"### {t('repeat_categories')}")
    if a.repeat_categories:
        rows = [[esc(_category(lang, r.category)), str(r.count), str(r.before)]
                for r in a.repeat_categories]  # fmt: skip
        when = ctx.day(p.end.astimezone(ctx.settings.tz).date())
        headers = [t("category"), t("last_12", when=when), t("before_12")]
        parts.append(table(headers, rows))
    else:
        parts.append(esc(t("none")))
    return parts


def _month_label(lang: str, month: str) -> str:
    """`2026-11` -> `nov 2026` (Dutch) or `Nov 2026`."""
    year, number = month.split("-")
    return f"{MONTHS[lang == 'en'][int(number) - 1]} {year}"


def _month_table(lang: str, months: list[str], counts: dict[str, int]) -> str:
    """The counts per month as a grid: a row per year, a column per month, and the total of
    the months shown; months outside the range stay empty."""
    shown = set(months)
    names = MONTHS[lang == "en"]
    rows = []
    for year in sorted({m[:4] for m in months}):
        keys = [f"{year}-{i:02d}" for i in range(1, 13)]
        cells = [str(counts.get(k, 0)) if k in shown else "" for k in keys]
        total = sum(counts.get(k, 0) for k in keys if k in shown)
        rows.append([year, *cells, f"<strong>{total}</strong>"])
    return table([T(lang, "year"), *names, T(lang, "total_row")], rows)


def _charts(ctx: Context, p: _Period) -> tuple[list[str], dict[str, bytes]]:
    """Two bar charts (per month, per category), each followed by its numbers in a table."""
    lang, a = ctx.lang, p.analysis
    t = lambda key, **kw: T(lang, key, **kw)  # noqa: E731
    cache = ctx.settings.root / ctx.settings.cache_dir / "charts"
    categories = [_category(lang, k) for k in a.per_category]
    counts = list(a.per_category.values())
    by_category = [[esc(c), str(n)] for c, n in zip(categories, counts, strict=True)]
    charted = [
        ("per_month", "per-maand", [_month_label(lang, m) for m in p.months],
         [a.per_month.get(m, 0) for m in p.months], False,
         _month_table(lang, p.months, a.per_month)),
        ("per_category", "per-categorie", categories, counts, True,
         table([t("category"), t("count")], by_category)),
    ]  # fmt: skip
    parts, files = [], {}
    for key, name, labels, values, horizontal, numbers in charted:
        uri = f"{p.prefix}-{name}.svg"
        files[uri] = charts.bar_svg(labels, values, t(key), horizontal=horizontal, cache=cache)
        alt = esc(t("chart_alt", title=t(key)))
        img = f'<img class="klacht-chart" src="{href(p.src, uri)}" alt="{alt}">'
        parts += [f"## {t(key)}", img, numbers]
    return parts, files


def _report_item(lang: str, year: int, n: int) -> str:
    title = T(lang, "year_title", year=year)
    return (
        T(lang, "report_item_one", title=title)
        if n == 1
        else T(lang, "report_item", title=title, n=n)
    )


def _report_parts(ctx: Context, p: _Period) -> tuple[list[str], dict[str, bytes]]:
    """Everything below the key figures, on the overview and in a year report alike."""
    chart_parts, files = _charts(ctx, p)
    measures = [f"## {T(ctx.lang, 'measures')}", _measures(ctx, p.analysis)]
    return [*chart_parts, *_repeats(ctx, p), *measures, *_people(ctx, p.analysis)], files


def pages(
    ctx: Context, complaints: Sequence[Complaint], history: History | None
) -> dict[str, str | bytes]:
    """The analysis overview and one report per year: src_uri -> Markdown text or SVG bytes."""
    lang, settings, now = ctx.lang, ctx.settings, ctx.now
    t = lambda key, **kw: T(lang, key, **kw)  # noqa: E731
    found = stats.counted(complaints)
    by_year: dict[int, list[Complaint]] = {}
    for c in found:
        by_year.setdefault(c.received.year, []).append(c)
    ends = {year: min(now, datetime(year + 1, 1, 1, tzinfo=settings.tz)) for year in by_year}
    analysed = {
        year: stats.analyse(of_year, settings, now, history, end=ends[year], cal=ctx.cal)
        for year, of_year in sorted(by_year.items())
    }
    out: dict[str, str | bytes] = {}
    when = ctx.moment(now)
    src = "analyse/index.md"
    today = now.astimezone(settings.tz).date()
    months = stats.months_of(today, 12 + today.month)  # last year and this year so far
    overall = _Period(src, "analyse/alles", months, now,
                      stats.analyse(found, settings, now, history, cal=ctx.cal))  # fmt: skip
    parts, files = _report_parts(ctx, overall)
    out.update(files)
    reports = "".join(
        f'<li><a href="{href(src, f"analyse/{y}.md")}">'
        f"{esc(_report_item(lang, y, analysed[y].total))}</a></li>"
        for y in sorted(analysed, reverse=True)
    )
    out[src] = block(
        f"# {t('title')}", esc(t("intro")), esc(t("as_of", when=when)), f"## {t('figures')}",
        _figures(ctx, overall.analysis, history), *parts,
        f"## {t('reports')}", f"<ul>{reports}</ul>" if reports else esc(t("none")),
    )  # fmt: skip
    for year, a in analysed.items():
        src = f"analyse/{year}.md"
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
        months = [m for m in months if m <= f"{today:%Y-%m}"] or months  # months so far
        period = _Period(src, f"analyse/{year}", months, ends[year], a)
        parts, files = _report_parts(ctx, period)
        out.update(files)
        before = analysed.get(year - 1)
        intro = t("year_intro", year=year, when=when)
        if before is not None:
            intro += " " + t("year_compare", last=year - 1)
        out[src] = block(
            f"# {t('year_title', year=year)}", esc(intro),
            f"## {t('figures')}", _figures(ctx, a, history, year, before), *parts,
        )  # fmt: skip
    return out
