"""The analysis pages: figures against the procedure's targets, charts with their numbers in a
table, and a printable report per year for the management review."""

from __future__ import annotations

from collections.abc import Sequence

from klacht import stats
from klacht.history import History
from klacht.i18n import Catalog, value_label
from klacht.model import Complaint
from klacht.site import charts
from klacht.site.pages import Context, block, esc, href, table

T = Catalog(
    {
        "title": ("Analyse", "Analysis"),
        "intro": (
            "Cijfers over alle klachten behalve ingetrokken registraties. Doelen: tevreden klanten, "
            "minder herhaling, betere dienstverlening.",
            "Figures over all complaints except withdrawn registrations. Goals: satisfied "
            "customers, fewer repeats, better service.",
        ),
        "year_title": ("Jaarverslag klachten {year}", "Complaints report {year}"),
        "year_intro": (
            "Overzicht voor de directiebeoordeling van {year}: klachten ontvangen in dat jaar.",
            "Summary for the management review of {year}: complaints received in that year.",
        ),
        "reports": ("Jaarverslagen", "Yearly reports"),
        "figure": ("kengetal", "figure"),
        "value": ("waarde", "value"),
        "target": ("doel", "target"),
        "total": ("klachten", "complaints"),
        "triage_median": ("beoordeling: mediaan (werkuren)", "triage: median (working hours)"),
        "triage_p90": (
            "beoordeling: 90e percentiel (werkuren)",
            "triage: 90th percentile (working hours)",
        ),
        "triage_within": ("binnen 48 uur beoordeeld", "triaged within 48 hours"),
        "resolution_median": (
            "afhandeling: mediaan (werkdagen)",
            "resolution: median (working days)",
        ),
        "resolution_p90": (
            "afhandeling: 90e percentiel (werkdagen)",
            "resolution: 90th percentile (working days)",
        ),
        "resolution_within": ("binnen de termijn afgehandeld", "resolved within the target"),
        "agreed": ("klant akkoord met de oplossing", "customer agreed with the solution"),
        "escalated": ("doorgegeven aan de directeur", "passed to the director"),
        "mediated": ("voorgelegd aan de bemiddelaar", "referred to the mediator"),
        "registration_median": (
            "registratie: mediaan (uren na ontvangst)",
            "registration: median (hours after receipt)",
        ),
        "registration_p90": (
            "registratie: 90e percentiel (uren)",
            "registration: 90th percentile (hours)",
        ),
        "registration_none": ("geen Git-geschiedenis beschikbaar", "no Git history available"),
        "measures": ("Preventieve maatregelen", "Preventive measures"),
        "measures_open": ("open", "open"),
        "measures_overdue": ("waarvan over de datum", "of which past due"),
        "measures_done": ("uitgevoerd", "done"),
        "per_month": ("Klachten per maand", "Complaints per month"),
        "per_category": ("Klachten per categorie", "Complaints per category"),
        "month": ("maand", "month"),
        "category": ("categorie", "category"),
        "count": ("aantal", "count"),
        "repeats": ("Herhaling", "Repeats"),
        "repeat_customers": (
            "Klanten met meer dan één klacht binnen twaalf maanden",
            "Customers with more than one complaint within twelve months",
        ),
        "repeat_categories": (
            "Categorieën met drie of meer klachten in de laatste twaalf maanden",
            "Categories with three or more complaints in the last twelve months",
        ),
        "customer": ("klant", "customer"),
        "none": ("geen", "none"),
        "figures": ("Kengetallen", "Key figures"),
        "at_once": ("direct", "at once"),
        "of": ("{part} van {whole} ({pct})", "{part} of {whole} ({pct})"),
    }
)


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _figures(ctx: Context, a: stats.Analysis) -> str:
    t = lambda key, **kw: T(ctx.lang, key, **kw)  # noqa: E731
    rows = [
        (t("total"), str(a.total), ""),
        (t("triage_median"), _num(a.triage_hours.median), f"≤ {_num(a.triage_hours.target, 0)}"),
        (t("triage_p90"), _num(a.triage_hours.p90), f"≤ {_num(a.triage_hours.target, 0)}"),
        (t("triage_within"), _pct(a.triage_hours.within), "100%"),
        (t("resolution_median"), _num(a.resolution_days.median), f"≤ {_num(a.resolution_days.target, 0)}"),
        (t("resolution_p90"), _num(a.resolution_days.p90), f"≤ {_num(a.resolution_days.target, 0)}"),
        (t("resolution_within"), _pct(a.resolution_days.within), "100%"),
        (t("agreed"), t("of", part=a.agreed, whole=a.handled, pct=_pct(stats.share(a.agreed, a.handled))), ""),
        (t("escalated"), t("of", part=a.escalated, whole=a.total, pct=_pct(stats.share(a.escalated, a.total))), ""),
        (t("mediated"), t("of", part=a.mediated, whole=a.total, pct=_pct(stats.share(a.mediated, a.total))), ""),
    ]  # fmt: skip
    if a.registration_hours is None:
        rows.append((t("registration_median"), t("registration_none"), ""))
    else:
        rows.append((t("registration_median"), _num(a.registration_hours.median), t("at_once")))
        rows.append((t("registration_p90"), _num(a.registration_hours.p90), t("at_once")))
    return table([t("figure"), t("value"), t("target")], ([esc(x) for x in row] for row in rows))


def _measures(ctx: Context, a: stats.Analysis) -> str:
    t = lambda key: T(ctx.lang, key)  # noqa: E731
    rows = [[esc(t("measures_open")), str(a.measures_open)],
            [esc(t("measures_overdue")), str(a.measures_overdue)],
            [esc(t("measures_done")), str(a.measures_done)]]  # fmt: skip
    return table([t("measures"), t("count")], rows)


def _repeats(ctx: Context, a: stats.Analysis) -> list[str]:
    t = lambda key: T(ctx.lang, key)  # noqa: E731
    customers = (
        table(
            [t("customer"), t("count")], [[esc(n), str(k)] for n, k in a.repeat_customers.items()]
        )
        if a.repeat_customers
        else esc(t("none"))
    )
    categories = (
        table([t("category"), t("count")],
              [[esc(value_label(ctx.lang, "category", n)), str(k)] for n, k in a.repeat_categories.items()])
        if a.repeat_categories
        else esc(t("none"))
    )  # fmt: skip
    return [f"## {t('repeats')}", f"### {t('repeat_customers')}", customers,
            f"### {t('repeat_categories')}", categories]  # fmt: skip


def _charts(
    ctx: Context, a: stats.Analysis, src: str, prefix: str, months: list[str]
) -> tuple[list[str], dict[str, bytes]]:
    t = lambda key: T(ctx.lang, key)  # noqa: E731
    per_month = [a.per_month.get(m, 0) for m in months]
    categories = [value_label(ctx.lang, "category", k) for k in a.per_category]
    cache = ctx.settings.root / ctx.settings.cache_dir / "charts"
    files = {
        f"{prefix}-per-maand.svg": charts.bar_svg(months, per_month, t("per_month"), cache=cache),
        f"{prefix}-per-categorie.svg": charts.bar_svg(categories, list(a.per_category.values()),
                                                      t("per_category"), horizontal=True, cache=cache),
    }  # fmt: skip
    names = list(files)
    parts = [
        f"## {t('per_month')}",
        f'<img class="klacht-chart" src="{href(src, names[0])}" alt="{esc(t("per_month"))}">',
        table([t("month"), t("count")], [[esc(m), str(n)] for m, n in zip(months, per_month, strict=True)]),
        f"## {t('per_category')}",
        f'<img class="klacht-chart" src="{href(src, names[1])}" alt="{esc(t("per_category"))}">',
        table([t("category"), t("count")], [[esc(c), str(n)] for c, n in zip(categories, a.per_category.values(), strict=True)]),
    ]  # fmt: skip
    return parts, files


def pages(
    ctx: Context, complaints: Sequence[Complaint], history: History | None
) -> dict[str, str | bytes]:
    """The analysis overview and one report per year: src_uri -> Markdown text or SVG bytes."""
    t = lambda key, **kw: T(ctx.lang, key, **kw)  # noqa: E731
    out: dict[str, str | bytes] = {}
    overall = stats.analyse(complaints, ctx.settings, ctx.now, history)
    src = "analyse/index.md"
    months = stats.months_of(ctx.now.astimezone(ctx.settings.tz).date(), 24)
    chart_parts, files = _charts(ctx, overall, src, "analyse/alles", months)
    out.update(files)
    years = stats.years(stats.counted(complaints))
    reports = "".join(
        f'<li><a href="{href(src, f"analyse/{y}.md")}">{esc(t("year_title", year=y))}</a></li>'
        for y in years
    )
    out[src] = block(
        f"# {t('title')}", t("intro"), f"## {t('figures')}", _figures(ctx, overall),
        f"## {t('measures')}", _measures(ctx, overall), *chart_parts, *_repeats(ctx, overall),
        f"## {t('reports')}", f"<ul>{reports}</ul>",
    )  # fmt: skip
    for year in years:
        src = f"analyse/{year}.md"
        of_year = stats.of_year(complaints, year)
        a = stats.analyse(of_year, ctx.settings, ctx.now, history)
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
        chart_parts, files = _charts(ctx, a, src, f"analyse/{year}", months)
        out.update(files)
        out[src] = block(
            f"# {t('year_title', year=year)}", t("year_intro", year=year), f"## {t('figures')}",
            _figures(ctx, a), f"## {t('measures')}", _measures(ctx, a), *chart_parts, *_repeats(ctx, a),
        )  # fmt: skip
    return out
