"""The analysis pages: figures against the procedure's targets, charts with their numbers in a
table, and a printable report per year (with the year before beside it) for the management review.

Each page is a plain dataclass rendered by its template in `templates/analysis/`, where every
value from a record (a customer's name, a category) is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from klacht import deadlines, stats
from klacht.history import History
from klacht.i18n import Catalog, month_names, number, percent, value_label
from klacht.model import Complaint
from klacht.site import charts
from klacht.site.pages import SiteContext, complaint_href, href
from klacht.site.render import render
from klacht.status import Status, label, status

# Repeat customers listed on a page, and complaint numbers shown per customer.
MAX_CUSTOMERS = 50
MAX_IDS = 5

MSG = Catalog(
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
        "report_item_1": ("{title} ({n} klacht)", "{title} ({n} complaint)"),
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
        "more_customers_1": ("En nog {n} klant.", "And {n} more customer."),
        "none": ("Geen.", "None."),
        "customer_n": ("klant {n}", "customer {n}"),
        "summary": ("Samenvatting", "Summary"),
        "summary_total": (
            "In {year} zijn {n} klachten ontvangen.",
            "In {year}, {n} complaints were received.",
        ),
        "summary_total_1": (
            "In {year} is {n} klacht ontvangen.",
            "In {year}, {n} complaint was received.",
        ),
        "summary_before": (
            "In {year} zijn {n} klachten ontvangen ({last}: {before}).",
            "In {year}, {n} complaints were received ({last}: {before}).",
        ),
        "summary_before_1": (
            "In {year} is {n} klacht ontvangen ({last}: {before}).",
            "In {year}, {n} complaint was received ({last}: {before}).",
        ),
        "summary_open": (
            "Daarvan zijn er {n} nog in behandeling.",
            "Of these, {n} are still being handled.",
        ),
        "summary_open_1": (
            "Daarvan is er {n} nog in behandeling.",
            "Of these, {n} is still being handled.",
        ),
        "summary_targets": (
            "Doelen gehaald: {met} van {n}.",
            "Targets met: {met} of {n}.",
        ),
        "summary_missed": ("Niet gehaald: {labels}.", "Not met: {labels}."),
        "summary_measures": (
            "Preventieve maatregelen: {n}, waarvan {done} uitgevoerd en {overdue} over de datum.",
            "Preventive measures: {n}, of which {done} done and {overdue} past due.",
        ),
        "year_complaints": ("De klachten van {year}", "The complaints of {year}"),
        "year_complaints_note": (
            "Zonder klantgegevens: wie de klacht indiende staat alleen in het register. "
            "Ingetrokken registraties tellen niet mee.",
            "Without customer details: who complained is only in the register. Withdrawn "
            "registrations do not count.",
        ),
        "number": ("nummer", "number"),
        "channel": ("kanaal", "channel"),
        "decision": ("beoordeling", "triage"),
        "outcome": ("uitkomst", "outcome"),
        "agrees": ("klant akkoord", "customer agrees"),
        "days_to_close": ("doorlooptijd ({unit})", "time to close ({unit})"),
        "after_mediation": ("{status}, na bemiddeling", "{status}, after mediation"),
        "yes": ("ja", "yes"),
        "no": ("nee", "no"),
        "year_measures": ("Preventieve maatregelen van {year}", "Preventive measures of {year}"),
        "complaint": ("klacht", "complaint"),
        "action": ("maatregel", "measure"),
        "owner": ("eigenaar", "owner"),
        "due": ("uiterlijk", "due"),
        "state_open": ("open", "open"),
        "state_overdue": ("over de datum", "past due"),
        "state_done": ("uitgevoerd {day}", "done {day}"),
        "redacted": ("[klantgegevens]", "[customer details]"),
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


def _num(lang: str, value: float | None) -> str:
    """One decimal, thousands separated; a dash when there is no value."""
    return "–" if value is None else number(lang, value, 1)


def _span(ctx: SiteContext, days: float | None) -> str:
    """A duration for people: hours under one day, (working) days from one day on, with one
    decimal below ten (`5 uur`, `2,5 werkdagen`, `1.234 werkdagen`); a dash when there is none."""
    if days is None:
        return "–"
    small = days < 1
    value = days * 24 if small else days
    unit = "hours" if small else "workdays" if ctx.settings.clock == "working" else "days"
    return deadlines.MSG(ctx.lang, unit, n=round(value, 1) if value < 10 else round(value))


def _pct(lang: str, value: float | None) -> str:
    return "–" if value is None else percent(lang, value)


def _units(ctx: SiteContext) -> tuple[str, str]:
    """The units of the clocks: working hours and days, or plain hours and days."""
    if ctx.settings.clock == "working":
        return MSG(ctx.lang, "working_hours"), MSG(ctx.lang, "working_days")
    return MSG(ctx.lang, "hours"), MSG(ctx.lang, "days")


def _of(lang: str, part: int, whole: int) -> str:
    return MSG(lang, "of", part=part, whole=whole, pct=_pct(lang, stats.share(part, whole)))


# --- The key figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One figure of one period; `over` marks it as over its target; `met` says whether it meets
    its target (None: it has none, or nothing to judge yet)."""

    text: str
    over: bool = False
    met: bool | None = None


@dataclass(frozen=True)
class FigureRow:
    label: str
    values: list[Value]  # one per period: the year, and the year before when shown
    target: str


@dataclass(frozen=True)
class Figures:
    headers: list[str]
    rows: list[FigureRow]
    note: str  # below the table: how the time to registration is counted; "" without it


# A row of the key figures: label, the value of an analysis, the target.
Figure = tuple[str, Callable[[stats.Analysis], Value], str]
Pick = Callable[[stats.Analysis], stats.Spread]


def _figure_rows(ctx: SiteContext, with_registration: bool) -> list[Figure]:
    lang = ctx.lang
    t = partial(MSG, lang)
    hours, days = _units(ctx)

    def count(get: Callable[[stats.Analysis], int]) -> Callable[[stats.Analysis], Value]:
        return lambda a: Value(str(get(a)))

    def of(
        part: Callable[[stats.Analysis], int],
        whole: Callable[[stats.Analysis], int],
        met: Callable[[int, int], bool] | None = None,
    ) -> Callable[[stats.Analysis], Value]:
        def value(a: stats.Analysis) -> Value:
            judged = met is not None and whole(a) > 0
            return Value(
                _of(lang, part(a), whole(a)), met=met(part(a), whole(a)) if judged else None
            )

        return value

    def on_time(pick: Pick) -> Callable[[stats.Analysis], Value]:
        def value(a: stats.Analysis) -> Value:
            s = pick(a)
            return Value(
                _of(lang, s.on_time, s.judged), met=s.on_time == s.judged if s.judged else None
            )

        return value

    def duration(
        pick: Pick, which: str, show: Callable[[float | None], str] = lambda v: _num(lang, v)
    ) -> Callable[[stats.Analysis], Value]:
        """The median or p90, marked when it is over the target."""

        def value(a: stats.Analysis) -> Value:
            spread = pick(a)
            number = getattr(spread, which)
            over = number is not None and number > spread.target
            return Value(show(number), over, None if number is None else not over)

        return value

    def spread_rows(pick: Pick, key: str, target: float, unit: str) -> list[Figure]:
        n = target
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
        (t("agreed"), of(lambda a: a.agreed, lambda a: a.answered, int.__eq__), t("all")),
        (t("escalated"), of(lambda a: a.escalated, lambda a: a.triaged), ""),
        (
            t("mediated"),
            of(lambda a: a.mediated, lambda a: a.total, lambda part, _: part == 0),
            t("none_expected"),
        ),
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
    ctx: SiteContext,
    a: stats.Analysis,
    history: History | None,
    year: int | None = None,
    before: stats.Analysis | None = None,
) -> Figures:
    """The key figures; a year report has a column for the year before, when there was one."""
    lang = ctx.lang
    headers = [MSG(lang, "figure"), str(year) if year else MSG(lang, "value")]
    if year is not None and before is not None:
        headers.append(str(year - 1))
    headers.append(MSG(lang, "target"))
    rows = [
        FigureRow(label, [value(a)] + ([value(before)] if before is not None else []), target)
        for label, value, target in _figure_rows(ctx, a.registration_days is not None)
    ]
    if a.registration_days is None:
        note = MSG(lang, "no_history" if history is None else "shallow")
        empty = [Value("")] * (len(headers) - 3)
        rows.append(FigureRow(MSG(lang, "registration"), [Value(note), *empty], ""))
        return Figures(headers, rows, "")
    counting = MSG(lang, "working_time") if ctx.settings.clock == "working" else ""
    note = MSG(
        lang, "registration_note", counting=counting, span=_span(ctx, stats.REGISTRATION_DAYS)
    )
    return Figures(headers, rows, note)


# --- Everything below the key figures ------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A bar chart and its numbers as a table; a `totals` table ends each row in a total."""

    title: str
    src: str
    alt: str
    headers: list[str]
    rows: list[list[str]]
    totals: bool


@dataclass(frozen=True)
class RepeatCustomer:
    name: str
    count: int
    complaints: list[tuple[str, str]]  # (href, id), the latest first
    more: str  # how many more complaints were left out, or ""


@dataclass(frozen=True)
class Report:
    """Everything below the key figures, on the overview and in a year report alike."""

    charts: list[Chart]
    customers: list[RepeatCustomer]
    more_customers: str  # how many more customers were left out, or ""
    categories_when: str  # the end of the last twelve months
    categories: list[tuple[str, int, int]]  # category, last twelve months, the twelve before
    measures: tuple[int, int, int]  # open, of which overdue, done
    people: list[stats.Contributor] | None  # None without a full history


def _category(lang: str, key: str) -> str:
    return (
        MSG(lang, "no_category") if key == stats.NO_CATEGORY else value_label(lang, "category", key)
    )


def _customers(ctx: SiteContext, p: _Period, *, anonymous: bool) -> list[RepeatCustomer]:
    """The repeat customers; in an `anonymous` report by number (`klant 1`), not by name."""
    return [
        RepeatCustomer(
            MSG(ctx.lang, "customer_n", n=n) if anonymous else r.name,
            len(r.ids),
            [(complaint_href(p.src, i), i) for i in reversed(r.ids[-MAX_IDS:])],
            MSG(ctx.lang, "more_ids", n=len(r.ids) - MAX_IDS) if len(r.ids) > MAX_IDS else "",
        )
        for n, r in enumerate(p.analysis.repeat_customers[:MAX_CUSTOMERS], 1)
    ]


def _month_label(lang: str, month: str) -> str:
    """`2026-11` -> `nov 2026` (Dutch) or `Nov 2026`."""
    year, number = month.split("-")
    return f"{month_names(lang)[int(number) - 1]} {year}"


def _month_rows(months: list[str], counts: dict[str, int]) -> list[list[str]]:
    """The counts per month as a grid: a row per year, a column per month, and the total of
    the months shown; months outside the range stay empty."""
    shown = set(months)
    rows = []
    for year in sorted({m[:4] for m in months}):
        keys = [f"{year}-{i:02d}" for i in range(1, 13)]
        cells = [str(counts.get(k, 0)) if k in shown else "" for k in keys]
        total = sum(counts.get(k, 0) for k in keys if k in shown)
        rows.append([year, *cells, str(total)])
    return rows


def _charts(ctx: SiteContext, p: _Period) -> tuple[list[Chart], dict[str, bytes]]:
    """Two bar charts (per month, per category), each followed by its numbers in a table."""
    lang, a = ctx.lang, p.analysis
    t = partial(MSG, lang)
    cache = ctx.settings.root / ctx.settings.cache_dir / "charts"
    categories = [_category(lang, k) for k in a.per_category]
    counts = list(a.per_category.values())
    month_headers = [t("year"), *month_names(lang), t("total_row")]
    charted = [
        (
            "per_month",
            "per-maand",
            [_month_label(lang, m) for m in p.months],
            [a.per_month.get(m, 0) for m in p.months],
            False,
            month_headers,
            _month_rows(p.months, a.per_month),
        ),
        (
            "per_category",
            "per-categorie",
            categories,
            counts,
            True,
            [t("category"), t("count")],
            [[c, str(n)] for c, n in zip(categories, counts, strict=True)],
        ),
    ]
    shown, files = [], {}
    for key, name, labels, values, horizontal, headers, rows in charted:
        uri = f"{p.prefix}-{name}.svg"
        files[uri] = charts.bar_svg(labels, values, t(key), horizontal=horizontal, cache=cache)
        alt = t("chart_alt", title=t(key))
        shown.append(Chart(t(key), href(p.src, uri), alt, headers, rows, key == "per_month"))
    return shown, files


def _report(
    ctx: SiteContext, p: _Period, redact: Callable[[str], str] | None = None
) -> tuple[Report, dict[str, bytes]]:
    """Everything below the key figures; with `redact`, anonymous (see `redactor`)."""
    a = p.analysis
    chart_list, files = _charts(ctx, p)
    left_out = len(a.repeat_customers) - MAX_CUSTOMERS
    report = Report(
        charts=chart_list,
        customers=_customers(ctx, p, anonymous=redact is not None),
        more_customers=MSG(ctx.lang, "more_customers", n=left_out) if left_out > 0 else "",
        categories_when=ctx.day(p.end.astimezone(ctx.settings.tz).date()),
        categories=[
            (_category(ctx.lang, r.category), r.count, r.before) for r in a.repeat_categories
        ],
        measures=(a.measures_open, a.measures_overdue, a.measures_done),
        people=(
            [replace(p, name=redact(p.name)) for p in a.contributors]
            if redact and a.contributors
            else a.contributors
        ),
    )
    return report, files


# --- The yearly report: every complaint and measure of the year, anonymous -------------------

_EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+")
_PHONE = re.compile(r"\+?\(?\d(?:[\s().-]*\d){8,}")  # 9 digits or more: no date


def redactor(complaints: Iterable[Complaint], lang: str) -> Callable[[str], str]:
    """A function that takes customer details out of free text: every customer's name (as a
    whole word, case ignored) and anything written as an e-mail address or a phone number."""
    names = sorted(
        {name for c in complaints if len(name := " ".join(c.customer.name.split())) > 1},
        key=len,
        reverse=True,
    )
    pattern = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    by_name = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE) if names else None
    mark = MSG(lang, "redacted")

    def redact(text: str) -> str:
        text = _PHONE.sub(mark, _EMAIL.sub(mark, text))
        return by_name.sub(mark, text) if by_name else text

    return redact


@dataclass(frozen=True)
class ComplaintLine:
    """A complaint in the yearly report: no customer details, no free text."""

    id: str
    href: str
    category: str
    channel: str
    decision: str
    outcome: str
    agrees: str
    days: str


@dataclass(frozen=True)
class MeasureLine:
    """A preventive measure in the yearly report; `state` is its CSS class."""

    id: str
    href: str
    action: str
    owner: str
    due: str
    state: str
    state_text: str


def _outcome(lang: str, c: Complaint) -> str:
    current = status(c)
    text = label(lang, current)
    if current == Status.CLOSED and c.mediation is not None:
        return MSG(lang, "after_mediation", status=text)
    return text


def _complaint_lines(
    ctx: SiteContext, src: str, found: Sequence[Complaint], closed_days: dict[str, float]
) -> list[ComplaintLine]:
    lang = ctx.lang
    yes_no = {True: MSG(lang, "yes"), False: MSG(lang, "no"), None: "–"}
    return [
        ComplaintLine(
            id=c.id,
            href=complaint_href(src, c.id),
            category=_category(lang, c.category or stats.NO_CATEGORY),
            channel=value_label(lang, "channel", c.channel) if c.channel else "–",
            decision=value_label(lang, "triage.decision", c.triage.decision) if c.triage else "–",
            outcome=_outcome(lang, c),
            agrees=yes_no[c.handling.customer_agrees if c.handling else None],
            days=_num(lang, closed_days.get(c.id)),
        )
        for c in found
    ]


def _measure_lines(
    ctx: SiteContext, src: str, found: Sequence[Complaint], redact: Callable[[str], str]
) -> list[MeasureLine]:
    today = ctx.now.astimezone(ctx.settings.tz).date()
    lines = []
    for c in found:
        for m in c.prevention.measures if c.prevention else ():
            state = stats.measure_state(m, today)
            text = {
                "done": MSG(ctx.lang, "state_done", day=ctx.day(m.done)),
                "overdue": MSG(ctx.lang, "state_overdue"),
                "open": MSG(ctx.lang, "state_open"),
            }[state]
            owner = redact(m.owner) if m.owner else "–"
            lines.append(
                MeasureLine(
                    c.id,
                    complaint_href(src, c.id),
                    redact(m.action),
                    owner,
                    ctx.day(m.due) or "–",
                    state,
                    text,
                )
            )
    return lines


def _summary(
    ctx: SiteContext, year: int, a: stats.Analysis, before: stats.Analysis | None, f: Figures
) -> list[str]:
    """The management summary: the count against the year before, what is still open, the
    targets met (from the key figures), the preventive measures."""
    t = partial(MSG, ctx.lang)
    if before is None:
        lines = [t("summary_total", year=year, n=a.total)]
    else:
        lines = [t("summary_before", year=year, n=a.total, last=year - 1, before=before.total)]
    if a.still_open:
        lines.append(t("summary_open", n=a.still_open))
    judged = [(row.label, row.values[0].met) for row in f.rows if row.values[0].met is not None]
    if judged:
        lines.append(t("summary_targets", met=sum(met for _, met in judged), n=len(judged)))
        missed = [name for name, met in judged if not met]
        if missed:
            lines.append(t("summary_missed", labels="; ".join(missed)))
    measures = a.measures_open + a.measures_done
    if measures:
        lines.append(
            t("summary_measures", n=measures, done=a.measures_done, overdue=a.measures_overdue)
        )
    return lines


# --- The pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalysisPage:
    as_of: str
    figures: Figures
    report: Report
    reports: list[tuple[str, str]]  # the yearly reports: (href, title), the latest first


@dataclass(frozen=True)
class YearReportPage:
    """The yearly report for the management review and the auditor: anonymous."""

    year: int
    intro: str
    summary: list[str]
    figures: Figures
    complaints: list[ComplaintLine]
    measures: list[MeasureLine]
    days_header: str
    report: Report


def _report_item(lang: str, year: int, n: int) -> str:
    title = MSG(lang, "year_title", year=year)
    return MSG(lang, "report_item", title=title, n=n)


def _render(ctx: SiteContext, template: str, page: object) -> str:
    return render(template, page, t=partial(MSG, ctx.lang))


def pages(
    ctx: SiteContext, complaints: Sequence[Complaint], history: History | None
) -> dict[str, str | bytes]:
    """The analysis overview and one report per year: src_uri -> Markdown text or SVG bytes."""
    lang, settings, now = ctx.lang, ctx.settings, ctx.now
    t = partial(MSG, lang)
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
    overall = _Period(
        src, "analyse/alles", months, now, stats.analyse(found, settings, now, history, cal=ctx.cal)
    )
    report, files = _report(ctx, overall)
    out.update(files)
    reports = [
        (href(src, f"analyse/{y}.md"), _report_item(lang, y, analysed[y].total))
        for y in sorted(analysed, reverse=True)
    ]
    figures = _figures(ctx, overall.analysis, history)
    out[src] = _render(ctx, "analysis/overview.md.j2", AnalysisPage(when, figures, report, reports))
    redact = redactor(complaints, lang)
    days_header = t("days_to_close", unit=_units(ctx)[1])
    for year, a in analysed.items():
        src = f"analyse/{year}.md"
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
        months = [m for m in months if m <= f"{today:%Y-%m}"] or months  # months so far
        period = _Period(src, f"analyse/{year}", months, ends[year], a)
        report, files = _report(ctx, period, redact)
        out.update(files)
        before = analysed.get(year - 1)
        intro = t("year_intro", year=year, when=when)
        if before is not None:
            intro += " " + t("year_compare", last=year - 1)
        figures = _figures(ctx, a, history, year, before)
        page = YearReportPage(
            year,
            intro,
            _summary(ctx, year, a, before, figures),
            figures,
            _complaint_lines(ctx, src, by_year[year], a.closed_days),
            _measure_lines(ctx, src, by_year[year], redact),
            days_header,
            report,
        )
        out[src] = _render(ctx, "analysis/year.md.j2", page)
    return out
