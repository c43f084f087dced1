"""The forms of the site (SPEC §7): the page `nieuw/` for a new complaint, and on an open
complaint's page the forms for its next steps. Data is prepared here (labels, help texts from the
schema, choices with their record codes, the messages of `klacht check`, the next free number),
the HTML lives in `templates/forms/`, the behaviour in `assets/forms.js`."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from klacht import forge, ids, loader, privacy, registering, schema, writing
from klacht.config import Settings
from klacht.i18n import VALUE_LABELS, Catalog, field_label, value_label
from klacht.model import Complaint, TimeError, parse_datetime
from klacht.problems import Problem
from klacht.rules import TIME_FIELDS
from klacht.status import Status, is_open, status
from klacht.templating import make_environment

MSG = Catalog(
    {
        "new_title": ("Nieuwe klacht registreren", "Register a new complaint"),
        "new_intro": (
            "Registreer een klacht direct als u hem aanneemt. Vul de gegevens in; elk veld wordt "
            "meteen gecontroleerd. Het formulier maakt het klachtbestand, dat u daarna vastlegt.",
            "Register a complaint as soon as you take it. Fill in the details; each field is "
            "checked as you type. The form makes the complaint file, which you then commit.",
        ),
        "provisional": ("Voorlopig nummer", "Provisional number"),
        "provisional_help": (
            "Het nummer is pas definitief als het bestand is vastgelegd. Registreert een collega "
            "tegelijk een klacht met hetzelfde nummer, dan meldt de controle dat; 'klacht "
            "renumber' geeft uw klacht dan het volgende vrije nummer.",
            "The number is final once the file is committed. If a colleague registers a "
            "complaint with the same number at the same time, the check reports it; 'klacht "
            "renumber' then gives your complaint the next free number.",
        ),
        "required": ("verplicht", "required"),
        "choose": ("(kies)", "(choose)"),
        "none": ("(geen)", "(none)"),
        "yes": ("ja", "yes"),
        "no": ("nee", "no"),
        "make": ("Klachtbestand maken", "Make the complaint file"),
        "make_step": ("Bijgewerkt bestand maken", "Make the updated file"),
        "errors": (
            "Het bestand is niet gemaakt; verbeter eerst:",
            "The file was not made; first correct:",
        ),
        "result": ("Het klachtbestand", "The complaint file"),
        "file": ("Bestand", "File"),
        "open_new": ("Nieuw bestand openen in {forge}", "Open the new file in {forge}"),
        "open_edit": ("Bestand bewerken in {forge}", "Edit the file in {forge}"),
        "new_steps": (
            "Controleer de tekst op de pagina die opent en kies 'Commit changes'. De controle "
            "draait daarna vanzelf.",
            "Check the text on the page that opens and choose 'Commit changes'. The check then "
            "runs by itself.",
        ),
        "edit_steps": (
            "Kopieer de bijgewerkte tekst, open het bestand, vervang alle tekst erin door deze "
            "tekst en kies 'Commit changes'.",
            "Copy the updated text, open the file, replace all its text with this text and "
            "choose 'Commit changes'.",
        ),
        "local_steps": (
            "Kopieer de tekst of download het bestand, zet het als {path} in het register en "
            "leg het vast met Git.",
            "Copy the text or download the file, put it in the register as {path} and commit "
            "it with Git.",
        ),
        "copy": ("Kopiëren", "Copy"),
        "copied": ("Gekopieerd", "Copied"),
        "download": ("Downloaden", "Download"),
        "draft": (
            "Uw eerder ingevulde gegevens zijn teruggezet (concept in deze browser).",
            "Your earlier input was restored (a draft in this browser).",
        ),
        "discard": ("Concept wissen", "Discard draft"),
        "steps_title": ("Volgende stap", "Next step"),
        "steps_intro": (
            "Elk formulier maakt het hele bijgewerkte klachtbestand; wat er al staat blijft "
            "ongewijzigd.",
            "Each form makes the whole updated complaint file; what is already there stays "
            "unchanged.",
        ),
        "step.triage": ("Beoordeling (binnen 48 uur)", "Triage (within 48 hours)"),
        "step.handling": ("Afhandeling", "Handling"),
        "step.prevention": ("Preventieve maatregel toevoegen", "Add a preventive measure"),
        "step.measure": ("Maatregel uitgevoerd", "Measure done"),
        "step.close": ("Klacht sluiten", "Close the complaint"),
        "step.pause": ("Termijn pauzeren", "Pause the clock"),
        "step.resume": ("Pauze beëindigen", "End the pause"),
        "step.mediation": ("Doorverwijzen naar de bemiddelaar", "Refer to the mediator"),
        "step.ruling": ("Uitspraak van de bemiddelaar", "The mediator's ruling"),
        "step.withdraw": ("Registratie intrekken", "Withdraw the registration"),
        "close_needs": (
            "Sluiten kan als de afhandeling volledig is; vul nog in: {fields}.",
            "Closing is possible once the handling is complete; still fill in: {fields}.",
        ),
        "withdraw_help": (
            "Alleen voor een klacht die per vergissing is geregistreerd; hij blijft in het "
            "archief, gemarkeerd als ingetrokken.",
            "Only for a complaint registered in error; it stays in the archive, marked as "
            "withdrawn.",
        ),
        "moment_hint": ("bijv. 24-11-2026 10:42", "e.g. 24-11-2026 10:42"),
        "date_hint": ("bijv. 24-11-2026", "e.g. 24-11-2026"),
    }
)

FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea"}
# Fields of the intake, in the order `klacht new` asks them and writes them.
INTAKE = tuple(q.field for q in registering.QUESTIONS)
_PHONE_TYPES = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)
# What a field holds, for the browser: its input and its checks.
_KINDS = {
    "received": "moment",
    "acknowledged": "moment",
    "triage.at": "moment",
    "pauses.from": "moment",
    "pauses.to": "moment",
    "handling.date": "date",
    "closed": "date",
    "mediation.referred": "date",
    "mediation.ruling_date": "date",
    "withdrawn.date": "date",
    "prevention.measures.due": "date",
    "prevention.measures.done": "date",
    "customer.phone": "phone",
    "customer.email": "email",
    "summary": "textarea",
    "handling.cause": "textarea",
    "handling.solution": "textarea",
    "mediation.ruling": "textarea",
    "withdrawn.reason": "textarea",
    "pauses.reason": "textarea",
    "prevention.measures.action": "textarea",
    "channel": "choice",
    "acknowledged_by": "choice",
    "category": "choice",
    "severity": "choice",
    "triage.decision": "choice",
    "handling.customer_agrees": "yesno",
}
# The messages of `klacht check` a field of each kind can get, by the form's name for them.
_CHECKS = {
    "moment": {
        "pattern": "schema.datetime_pattern",
        "bare": "schema.datetime_bare_date",
        "invalid": "rule.date.invalid",
        "nonexistent": "rule.time.nonexistent",
        "ambiguous": "rule.time.ambiguous",
        "order": "rule.order",
    },
    "date": {
        "pattern": "schema.date_pattern",
        "invalid": "rule.date.invalid",
        "order": "rule.order",
    },
    "phone": {"invalid": "rule.phone"},
    "email": {"invalid": "schema.email_pattern"},
    "choice": {"invalid": "rule.category"},
}
# Dates that must not lie before others (`klacht check`'s order rule), as the forms meet them.
_AFTER = {
    "acknowledged": ("received",),
    "triage.at": ("received",),
    "handling.date": ("triage.at", "received"),
    "closed": ("handling.date", "received"),
    "pauses.from": ("received",),
    "pauses.to": ("pauses.from",),
    "mediation.referred": ("received",),
    "mediation.ruling_date": ("mediation.referred",),
    "prevention.measures.done": ("received",),
    "withdrawn.date": ("received",),
}
_HANDLING = ("handler", "cause", "solution", "customer_agrees", "date")


@cache
def _env() -> jinja2.Environment:
    """The forms' templates, in an environment of their own: a form shows a record's values
    exactly as written (the pages' environment writes control characters out)."""
    return make_environment(jinja2.FileSystemLoader(Path(__file__).parent / "templates"))


def render(template: str, **values: Any) -> str:
    """A template of `templates/` with autoescaping, as one raw HTML block for Markdown (no
    blank lines, which would end the block)."""
    html = _env().get_template(template).render(**values)
    return "\n".join(line for line in html.splitlines() if line.strip())


@dataclass(frozen=True)
class Field:
    """One input of a form: its record path (the input's name), label, help text, kind, whether
    required, its choices as (code, label), its value to start with, and its messages."""

    path: str
    label: str
    help: str
    kind: str
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    value: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    hint: str = ""
    now: bool = False  # filled in by the browser with the current moment or day

    def id(self, step: str) -> str:
        return f"klacht-{step}-" + self.path.replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class Form:
    """One form: its step (`data-stap`), title, fields, an explanation, and what the browser needs
    to make the file (JSON)."""

    step: str
    title: str
    fields: tuple[Field, ...]
    note: str = ""
    spec: dict[str, Any] = field(default_factory=dict)
    ready: bool = True


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def form_spec(form: Form) -> str:
    """What the script needs of a form, as JSON: each field's kind and messages, and the form's
    own data (the next numbers, the earlier dates its dates must not precede)."""
    kinds = {f.path: f.kind for f in form.fields}
    messages = {f.path: f.messages for f in form.fields}
    values = {f.path: f.value for f in form.fields if f.value}  # set by the script: any text
    return _json({"kinds": kinds, "messages": messages, "values": values, **form.spec})


@cache
def _schema(path: Path) -> dict[str, Any]:
    return schema.load_schema(path)


def help_text(settings: Settings, lang: str, path: str) -> str:
    """The field's description in the schema (Dutch; none in English)."""
    if lang == "en":
        return ""
    node: Any = _schema(settings.schema_file)
    for part in path.split("."):
        node = node.get("items", node) if node.get("type") == "array" else node
        node = node.get("properties", {}).get(part, {})
    return node.get("description", "")


def _message(lang: str, code: str, path: str, **args: Any) -> str:
    """A message of `klacht check` naming the field, with `{value}` left for the browser."""
    return Problem("", 1, 1, code, {"value": "{value}", **args}, path).text(lang)


def _choices(lang: str, path: str, settings: Settings) -> tuple[tuple[str, str], ...]:
    codes = settings.categories if path == "category" else tuple(VALUE_LABELS.get(path, ()))
    return tuple((code, value_label(lang, path, code)) for code in codes)


def make_field(
    settings: Settings,
    lang: str,
    path: str,
    required: bool = False,
    value: str = "",
    now: bool = False,
    after: Iterable[str] = (),
    choices_of: Iterable[tuple[str, str]] = (),
) -> Field:
    """A field with its label, help and messages; `after` names the earlier dates it must not
    precede; `choices_of` gives the choices of a field that has no fixed ones."""
    kind = _KINDS.get(path, "text")
    messages = {"required": _message(lang, "schema.required", path)}
    for name, code in _CHECKS.get(kind, {}).items():
        if name == "order":
            for earlier in after:
                messages[f"order.{earlier}"] = _message(lang, code, path, earlier_field=earlier)
        elif kind == "choice" and path != "category":
            continue
        else:
            options = list(settings.categories) if path == "category" else []
            messages[name] = _message(lang, code, path, example="{value} 09:30", options=options)
    if path == "received":
        future = registering.MSG(lang, "future", value="{value}")  # as `klacht new` says
        messages["future"] = registering.named(lang, path, future)
    choices = _choices(lang, path, settings) if kind == "choice" else ()
    if kind == "yesno":
        choices = (("true", MSG(lang, "yes")), ("false", MSG(lang, "no")))
    if path == "prevention.measures":  # which measure: a choice by its position in the list
        choices, kind = tuple(choices_of or ()), "choice"
    hint = {"moment": "moment_hint", "date": "date_hint"}.get(kind)
    return Field(
        path,
        field_label(lang, path),
        help_text(settings, lang, path),
        kind,
        required,
        choices,
        value,
        messages,
        MSG(lang, hint) if hint else "",
        now,
    )


def phone_rule(settings: Settings) -> dict[str, Any]:
    """What the browser needs to check a phone number as `klacht check` does (library
    `phonenumbers`): the region's country code, national prefix and number patterns."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region(settings.phone_region.upper())
    if meta is None:
        return {}
    patterns = []
    for kind in _PHONE_TYPES:
        desc = getattr(meta, kind, None)
        if desc is not None and desc.national_number_pattern:
            patterns.append([desc.national_number_pattern, list(desc.possible_length or ())])
    return {
        "cc": str(meta.country_code),
        "prefix": meta.national_prefix_for_parsing or "",
        "patterns": patterns,
    }


def config(settings: Settings, lang: str) -> dict[str, Any]:
    """Everything the forms' script needs besides the fields: time zone, the file header, the
    folder of records, the phone rule and the forge links."""
    found = forge.of(settings)
    links = None
    if found:
        links = {
            "new": found.new,
            "edit": found.edit,
            "name": found.name_param,
            "text": found.text_param,
            "title": FORGE_NAMES[found.kind],
        }
    texts = ("errors", "copied", "open_new", "open_edit", "new_steps", "edit_steps", "local_steps")
    return {
        "lang": lang,
        "tz": settings.timezone,
        "header": writing.HEADER,
        "dir": settings.complaints_dir.strip("/"),
        "phone": phone_rule(settings),
        "forge": links,
        "texts": {key: MSG(lang, key, forge="{forge}", path="{path}") for key in texts},
        "privacy": privacy.form_keys(settings, lang),
    }


def next_numbers(complaints: Iterable[Complaint], broken: Iterable[str] = ()) -> dict[str, int]:
    """Per year, the next free number after those of the records the site was built from
    (complaint ids and the names of files left out for their problems)."""
    names = [c.id for c in complaints] + [Path(p).name for p in broken]
    found: dict[str, int] = {}
    for name in names:
        match = ids.ID.match(Path(name).stem)
        if match:
            year, number = match.group(1), int(match.group(2))
            found[year] = max(found.get(year, 0), number)
    return {year: n + 1 for year, n in found.items()}


def new_page(
    settings: Settings,
    lang: str,
    now: datetime,
    complaints: Sequence[Complaint],
    broken: Sequence[str] = (),
) -> str:
    """The page `nieuw/`: the form for a new complaint (Markdown with one raw HTML block)."""
    required = {q.field for q in registering.QUESTIONS if q.required} | {"received"}
    start = {
        "received": now.astimezone(settings.tz).strftime("%d-%m-%Y %H:%M"),
        "severity": "normal",
    }
    fields = tuple(
        make_field(
            settings, lang, path, path in required, start.get(path, ""), after=_AFTER.get(path, ())
        )
        for path in INTAKE
    )
    numbers = next_numbers(complaints, broken)
    year = str(now.astimezone(settings.tz).year)
    after = {"acknowledged": [["received", None, None]]}  # the moment received in the form
    form = Form("nieuw", MSG(lang, "new_title"), fields, spec={"next": numbers, "after": after})
    html = render(
        "forms/nieuw.html",
        t=lambda key, **a: MSG(lang, key, **a),
        form=form,
        spec=form_spec,
        config=_json(config(settings, lang)),
        provisional=ids.make_id(int(year), numbers.get(year, 1)),
    )
    return f"---\nsearch:\n  exclude: true\n---\n\n# {MSG(lang, 'new_title')}\n\n{html}\n"


# ---- The next steps of an open complaint ---------------------------------------------------


def source(settings: Settings, complaint: Complaint) -> str:
    """The record file's text, for the step forms of an open complaint; "" for any other (no
    forms) or when it cannot be read."""
    if not is_open(complaint):
        return ""
    try:
        return (settings.root / complaint.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def chunks(text: str) -> list[tuple[str | None, str]]:
    """The file cut before each top-level field: (key, its lines); the lines before the first
    field (the header) have key None. Joined again they are the file, byte for byte."""
    lines = text.splitlines(keepends=True)
    starts = sorted(
        (place.key_line, path)
        for path, place in loader.places(text).items()
        if path and "." not in path
    )
    cuts = [(None, 1), *((key, line) for line, key in starts)]
    out = []
    for i, (key, line) in enumerate(cuts):
        end = cuts[i + 1][1] if i + 1 < len(cuts) else len(lines) + 1
        out.append((key, "".join(lines[line - 1 : end - 1])))
    return out


def _value_at(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _earlier(settings: Settings, data: dict[str, Any], path: str, in_form: set[str]) -> list:
    """The dates `path` must not precede: [their path, their day, their moment in ms or None]."""
    out: list[list[Any]] = []
    for earlier in _AFTER.get(path, ()):
        if earlier in in_form:
            out.append([earlier, None, None])
            continue
        text = _value_at(data, earlier)
        if not isinstance(text, str):
            continue
        moment = None
        if TIME_FIELDS.get(earlier):
            with contextlib.suppress(TimeError):
                moment = round(parse_datetime(text, settings.tz).timestamp() * 1000)
        out.append([earlier, text[:10], moment])
    return out


def _form(
    settings: Settings,
    lang: str,
    data: dict[str, Any],
    step: str,
    fields: Sequence[tuple[str, bool, str, bool]],
    note: str = "",
    choices_of: Iterable[tuple[str, str]] = (),
) -> Form:
    """A step's form from (path, required, value, filled with now) of each field."""
    in_form = [path for path, *_ in fields]  # in order: the page is the same every build
    after = {path: _earlier(settings, data, path, set(in_form)) for path in in_form}
    made = tuple(
        make_field(
            settings,
            lang,
            path,
            required,
            value,
            now,
            after=[e[0] for e in after[path]],
            choices_of=choices_of,
        )
        for path, required, value, now in fields
    )
    return Form(
        step,
        MSG(lang, f"step.{step}"),
        made,
        note,
        {"after": {k: v for k, v in after.items() if v}},
    )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def step_forms(settings: Settings, lang: str, c: Complaint, data: dict[str, Any]) -> list[Form]:
    """The forms that fit the complaint's status, the most likely next step first."""
    current = status(c)
    handling = data.get("handling") or {}
    measures = (data.get("prevention") or {}).get("measures") or []
    open_measures = [
        (str(i), m.get("action", ""))
        for i, m in enumerate(measures)
        if isinstance(m, dict) and m.get("done") is None
    ]
    pauses = data.get("pauses") or []
    paused = any(isinstance(p, dict) and p.get("to") is None for p in pauses)
    found: list[Form] = []

    def add(step: str, *fields: tuple[str, bool, str, bool], **kw: Any) -> None:
        found.append(_form(settings, lang, data, step, fields, **kw))

    if current == Status.NEW:
        add(
            "triage",
            ("triage.decision", True, "", False),
            ("triage.at", True, "", True),
            ("triage.by", True, "", False),
        )
    if current == Status.IN_PROGRESS:
        lacking = [f"handling.{k}" for k in _HANDLING if handling.get(k) is None]
        if lacking:
            handler = handling.get("handler") or (data.get("triage") or {}).get("by", "")
            add(
                "handling",
                ("handling.handler", True, _text(handler), False),
                *(
                    (f"handling.{k}", True, _text(handling.get(k)), k == "date")
                    for k in _HANDLING[1:]
                ),
            )
        else:
            add("close", ("closed", True, "", True))
        if paused:
            add("resume", ("pauses.to", True, "", True))
        else:
            add(
                "pause",
                ("pauses.from", True, "", True),
                ("pauses.to", False, "", False),
                ("pauses.reason", True, "", False),
            )
        if data.get("mediation") is None:
            add(
                "mediation",
                ("mediation.referred", True, "", True),
                ("mediation.mediator", False, "", False),
            )
    if current == Status.MEDIATION:
        add(
            "ruling",
            ("mediation.ruling", True, "", False),
            ("mediation.ruling_date", True, "", True),
        )
    if current in (Status.IN_PROGRESS, Status.MEDIATION):
        add(
            "prevention",
            ("prevention.measures.action", True, "", False),
            ("prevention.measures.owner", False, "", False),
            ("prevention.measures.due", False, "", False),
        )
        if open_measures:
            add(
                "measure",
                ("prevention.measures", True, "", False),
                ("prevention.measures.done", True, "", True),
                choices_of=open_measures,
            )
    if current in (Status.NEW, Status.IN_PROGRESS):
        add(
            "withdraw",
            ("withdrawn.date", True, "", True),
            ("withdrawn.reason", True, "", False),
            note=MSG(lang, "withdraw_help"),
        )
    if current == Status.IN_PROGRESS and any(handling.get(k) is None for k in _HANDLING):
        names = ", ".join(
            field_label(lang, f"handling.{k}") for k in _HANDLING if handling.get(k) is None
        )
        found.append(
            Form(
                "close",
                MSG(lang, "step.close"),
                (),
                MSG(lang, "close_needs", fields=names),
                ready=False,
            )
        )
    return found


def steps_section(settings: Settings, lang: str, c: Complaint, text: str) -> str:
    """The section `Volgende stap` of a complaint's page (Markdown), or "" when no form fits.
    Each form makes the whole updated record file from `text`, the file as it is."""
    if not text:
        return ""
    try:
        data = loader.parse(text)
        cut = chunks(text)
    except loader.LoadError:
        return ""
    found = step_forms(settings, lang, c, data)
    if not found:
        return ""
    order = list(_schema(settings.schema_file).get("properties", {}))
    record = {"path": c.path, "chunks": cut, "order": order, "data": data}
    html = render(
        "forms/steps.html",
        t=lambda key, **a: MSG(lang, key, **a),
        forms=found,
        spec=form_spec,
        config=_json(config(settings, lang)),
        record=_json(record),
    )
    return f"## {MSG(lang, 'steps_title')}\n\n{html}\n"
