"""`klacht audit --base REF` on real repositories: exact verdicts."""

from __future__ import annotations

import json

TRIAGE = {"decision": "self", "at": "2026-11-18T11:00:00+01:00", "by": "Anouk Verbeek"}
HANDLING = {
    "handler": "R. de Wit",
    "cause": "Oorzaak",
    "solution": "Oplossing",
    "customer_agrees": False,
    "date": "2026-11-20",
}
CLOSED = {"triage": TRIAGE, "handling": HANDLING, "closed": "2026-11-20"}


def base(project):
    project.record("K-2026-001")
    project.record("K-2026-002", **CLOSED)
    project.commit("basis")
    project.git("checkout", "-q", "-b", "wijziging")
    return project


def test_allowed_changes_pass(project, cli):
    base(project)
    project.record("K-2026-001", triage=TRIAGE)
    project.record("K-2026-002", **CLOSED, mediation={"referred": "2026-11-25", "mediator": "M"})
    project.record("K-2026-003")
    code, out, err = cli(project.root, "audit", "--base", "main")
    assert (code, out, err) == (0, "", "Controlespoor in orde ten opzichte van main.\n")


def test_deleted_record(project, cli):
    base(project)
    project.path_of("K-2026-001").unlink()
    code, out, _ = cli(project.root, "audit", "--base", "main")
    assert code == 1
    assert out == (
        "complaints/2026/K-2026-001.yaml:1:1: klacht K-2026-001 is verwijderd; een klacht wordt "
        "nooit verwijderd: zet bij een vergissing 'withdrawn' met 'date' en 'reason'\n"
    )


def test_received_changed_and_closed_record_changed_without_correction(project, cli):
    base(project)
    project.record("K-2026-001", received="2026-11-17T10:42:00+01:00")
    project.record("K-2026-002", **CLOSED | {"handling": HANDLING | {"customer_agrees": True}})
    code, out, _ = cli(project.root, "audit", "--base", "main")
    assert code == 1
    assert out.splitlines() == [
        "complaints/2026/K-2026-001.yaml:2:1: ontvangen (received): de ontvangstdatum is gewijzigd "
        "van 2026-11-18T10:42:00+01:00 in 2026-11-17T10:42:00+01:00; die verandert nooit: zet de "
        "oude datum terug, en was die verkeerd, trek de klacht dan in ('withdrawn' met 'date' en "
        "'reason') en registreer hem opnieuw met de juiste datum ('klacht new --received')",
        "complaints/2026/K-2026-002.yaml:18:3: klant akkoord (handling.customer_agrees): deze "
        "klacht is gesloten; klant akkoord mag alleen wijzigen met een correctie (voeg onder "
        "'corrections' een regel toe met 'date', 'by' en 'reason')",
    ]


def test_closed_record_changed_with_a_correction_passes(project, cli):
    base(project)
    correction = [{"date": "2026-11-26", "by": "R. de Wit", "reason": "Klant belde: toch akkoord."}]
    project.record(
        "K-2026-002",
        **CLOSED | {"handling": HANDLING | {"customer_agrees": True}},
        corrections=correction,
    )
    assert cli(project.root, "audit", "--base", "main")[0] == 0


def test_personal_data_removed_outside_the_retention_command(project, cli):
    base(project)
    project.record("K-2026-001", customer={"name": "[geanonimiseerd]", "phone": "073-1234567"})
    code, out, _ = cli(project.root, "audit", "--base", "main", "--format", "json")
    assert code == 1
    assert [(p["path"], p["field"], p["code"]) for p in json.loads(out)] == [
        ("complaints/2026/K-2026-001.yaml", "customer.name", "audit.personal_removed")
    ]


def test_anonymize_after_the_term_passes_and_before_fails(project, cli):
    base(project)
    code, _, _ = cli(project.root, "anonymize", "--today", "2028-11-19")
    assert code == 0 and "anonymized" not in project.path_of("K-2026-002").read_text()
    code, out, _ = cli(project.root, "anonymize", "--today", "2028-11-20")
    assert (code, out) == (
        0,
        "K-2026-002: persoonsgegevens verwijderd (complaints/2026/K-2026-002.yaml)\n",
    )
    assert cli(project.root, "audit", "--base", "main", "--today", "2028-11-20")[0] == 0
    assert cli(project.root, "check")[0] == 0
    code, out, _ = cli(project.root, "audit", "--base", "main", "--today", "2028-11-19")
    assert code == 1  # dated after the term, but done before it ended
    text = project.path_of("K-2026-002").read_text().replace("2028-11-20", "2027-01-01")
    project.path_of("K-2026-002").write_text(text)
    code, out, _ = cli(project.root, "audit", "--base", "main", "--today", "2028-11-20")
    assert code == 1
    assert "geanonimiseerd vóór het einde van de bewaartermijn" in out
    assert "persoonsgegevens verwijderd zonder 'klacht anonymize'" in out


def test_github_format_and_unknown_base(project, cli):
    base(project)
    project.path_of("K-2026-001").unlink()
    code, out, _ = cli(project.root, "audit", "--base", "main", "--format", "github")
    assert code == 1
    assert out.startswith(
        "::error file=complaints/2026/K-2026-001.yaml,line=1,col=1,title=Controlespoor::"
    )
    code, _, err = cli(project.root, "audit", "--base", "bestaat-niet")
    assert code == 2
    assert err.startswith("kan bestaat-niet niet lezen: ")


def test_audit_uses_a_fixed_number_of_git_processes(project, git_calls):
    from klacht import audit

    for n in range(1, 21):
        project.record(f"K-2026-{n:03d}")
    project.commit("twintig")
    git_calls.clear()
    assert audit.audit(project.settings(), "HEAD") == []
    assert git_calls == ["merge-base", "show", "ls-tree", "cat-file"]


def test_broken_file_now_is_not_called_deleted_and_a_broken_base_file_may_not_go(project, cli):
    base(project)
    project.path_of("K-2026-001").write_text("id: [kapot\n")
    assert cli(project.root, "audit", "--base", "main") == (
        0,
        "",
        "Controlespoor in orde ten opzichte van main.\n",
    )
    project.commit("kapot")
    project.path_of("K-2026-001").unlink()
    code, out, _ = cli(project.root, "audit", "--base", "wijziging")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-001.yaml:1:1: klacht K-2026-001 is verwijderd; een klacht wordt "
        "nooit verwijderd: zet bij een vergissing 'withdrawn' met 'date' en 'reason'\n",
    )


MEDIATION = {
    "referred": "2026-11-25",
    "mediator": "M. Bemiddelaar",
    "ruling": None,
    "ruling_date": None,
}


def test_mediation_on_a_closed_record_may_only_be_filled_in(project, cli):
    project.record("K-2026-002", **CLOSED, mediation=MEDIATION)
    project.commit("basis")
    ruling = MEDIATION | {"ruling": "Klant krijgt gelijk.", "ruling_date": "2026-12-10"}
    project.record("K-2026-002", **CLOSED, mediation=ruling)
    assert cli(project.root, "audit", "--base", "HEAD")[0] == 0
    project.record("K-2026-002", **CLOSED, mediation=ruling | {"referred": "2026-11-24"})
    code, out, _ = cli(project.root, "audit", "--base", "HEAD")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-002.yaml:22:3: doorverwezen op (mediation.referred): "
        "deze klacht is gesloten; doorverwezen op mag alleen wijzigen met een correctie "
        "(voeg onder 'corrections' een regel toe met 'date', 'by' en 'reason')\n",
    )


def test_closing_backdated_and_anonymized_in_one_change_fails(project, cli):
    base(project)
    project.record(
        "K-2026-001",
        **CLOSED | {"closed": "2020-01-01"},
        anonymized="2026-11-25",
        customer={"name": "[geanonimiseerd]", "phone": "[geanonimiseerd]"},
    )
    code, out, _ = cli(project.root, "audit", "--base", "main", "--today", "2026-11-25")
    assert code == 1
    assert [line.split(": ", 1)[1] for line in out.splitlines()] == [
        "naam klant (customer.name): persoonsgegevens verwijderd zonder 'klacht anonymize'; dat "
        "mag alleen na de bewaartermijn, met die opdracht",
        "telefoonnummer klant (customer.phone): persoonsgegevens verwijderd zonder 'klacht "
        "anonymize'; dat mag alleen na de bewaartermijn, met die opdracht",
        "geanonimiseerd (anonymized): geanonimiseerd vóór het einde van de bewaartermijn",
    ]


def test_anonymizing_may_not_put_other_values_in(project, cli):
    base(project)
    project.record(
        "K-2026-002",
        **CLOSED,
        anonymized="2028-11-20",
        customer={"name": "Iemand Anders", "phone": "[geanonimiseerd]"},
    )
    code, out, _ = cli(project.root, "audit", "--base", "main", "--today", "2028-11-21")
    assert code == 1
    assert out.splitlines() == [
        "complaints/2026/K-2026-002.yaml:6:3: naam klant (customer.name): deze klacht is gesloten; "
        "naam klant mag alleen wijzigen met een correctie (voeg onder 'corrections' een regel toe "
        "met 'date', 'by' en 'reason')"
    ]


def test_id_changed(project, cli):
    base(project)
    project.record("K-2026-001", id="K-2026-009")
    code, out, _ = cli(project.root, "audit", "--base", "main")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-001.yaml:1:1: nummer (id): het klachtnummer is gewijzigd van "
        "K-2026-001 in K-2026-009; een nummer verandert nooit: zet het oude nummer terug\n",
    )


CORRECTION = [{"date": "2026-11-26", "by": "R. de Wit", "reason": "Oorzaak was een andere."}]


def test_a_correction_corrects_the_handling_but_never_reopens(project, cli):
    base(project)
    corrected = HANDLING | {"cause": "Andere oorzaak"}
    project.record(
        "K-2026-002",
        **CLOSED | {"handling": corrected, "closed": "2026-11-21"},
        category="quality",
        corrections=CORRECTION,
    )
    assert cli(project.root, "audit", "--base", "main")[0] == 0
    project.record(
        "K-2026-002",
        **CLOSED | {"closed": None},
        summary="Iets anders.",
        customer={"name": "[geanonimiseerd]", "phone": "+31 73 123 4567"},
        corrections=CORRECTION,
    )
    code, out, _ = cli(project.root, "audit", "--base", "main")
    assert code == 1
    assert out.splitlines() == [
        "complaints/2026/K-2026-002.yaml:6:3: naam klant (customer.name): persoonsgegevens "
        "verwijderd zonder 'klacht anonymize'; dat mag alleen na de bewaartermijn, met die "
        "opdracht",
        "complaints/2026/K-2026-002.yaml:1:1: gesloten (closed): een gesloten klacht blijft "
        "gesloten, ook met een correctie; is er opnieuw iets mis, registreer dan een nieuwe klacht",
        "complaints/2026/K-2026-002.yaml:8:1: omschrijving (summary): deze klacht is gesloten; "
        "omschrijving mag ook met een correctie niet wijzigen",
    ]


def test_closing_date_changes_only_with_a_correction(project, cli):
    base(project)
    project.record("K-2026-002", **CLOSED | {"closed": "2026-11-21"})
    code, out, _ = cli(project.root, "--lang", "en", "audit", "--base", "main")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-002.yaml:20:1: closed: this complaint is closed; closed may only "
        "change with a correction (add an entry with 'date', 'by' and 'reason' under 'corrections')\n",
    )


WITHDRAWN = {"date": "2026-11-19", "reason": "Dubbel geregistreerd."}


def test_a_withdrawn_record_stays_withdrawn_and_changes_only_with_a_correction(project, cli):
    project.record("K-2026-003", withdrawn=WITHDRAWN)
    project.commit("basis")
    project.record("K-2026-003", withdrawn=WITHDRAWN, summary="Iets anders.")
    code, out, _ = cli(project.root, "audit", "--base", "HEAD")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-003.yaml:8:1: omschrijving (summary): deze klacht is ingetrokken; "
        "omschrijving mag alleen wijzigen met een correctie (voeg onder 'corrections' een regel "
        "toe met 'date', 'by' en 'reason')\n",
    )
    reason = WITHDRAWN | {"reason": "Was een vraag, geen klacht."}
    project.record("K-2026-003", withdrawn=reason, category="other", corrections=CORRECTION)
    assert cli(project.root, "audit", "--base", "HEAD")[0] == 0
    project.record("K-2026-003", summary="Iets anders.", corrections=CORRECTION)
    code, out, _ = cli(project.root, "audit", "--base", "HEAD")
    assert code == 1
    assert out.splitlines() == [
        "complaints/2026/K-2026-003.yaml:1:1: ingetrokken (withdrawn): een ingetrokken klacht "
        "blijft ingetrokken, ook met een correctie; gaat het toch om een klacht, registreer die "
        "dan als nieuwe klacht",
        "complaints/2026/K-2026-003.yaml:8:1: omschrijving (summary): deze klacht is "
        "ingetrokken; omschrijving mag ook met een correctie niet wijzigen",
    ]


def renumber_by_hand(project, old: str, new: str) -> None:
    """`git mv` the record of `old` to the file of `new` and change its `id` line."""
    project.git("mv", str(project.path_of(old)), str(project.path_of(new)))
    text = project.path_of(new).read_text().replace(f"id: {old}", f"id: {new}")
    project.path_of(new).write_text(text)


def test_a_renumbered_record_is_an_id_change_not_a_deletion(project, cli):
    project.record("K-2026-011", customer={"name": "Ander B.V.", "phone": "073-1234567"})
    project.record("K-2026-012")
    project.commit("basis")
    renumber_by_hand(project, "K-2026-012", "K-2026-013")
    code, out, err = cli(project.root, "audit", "--base", "HEAD")
    assert (code, out, err) == (
        1,
        "complaints/2026/K-2026-013.yaml:1:1: nummer (id): het klachtnummer is gewijzigd van "
        "K-2026-012 in K-2026-013; een nummer verandert nooit: zet het oude nummer terug en "
        "verplaats het bestand terug naar complaints/2026/K-2026-012.yaml\n",
        "1 schending van het controlespoor ten opzichte van HEAD.\n",
    )
    code, out, _ = cli(project.root, "--lang", "en", "audit", "--base", "HEAD")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-013.yaml:1:1: number (id): the complaint number changed from "
        "K-2026-012 to K-2026-013; a number never changes: put the old number back and move the "
        "file back to complaints/2026/K-2026-012.yaml\n",
    )


def test_renumbered_without_git_mv_and_with_other_changes(project, git_calls):
    from klacht import audit

    project.record("K-2026-012", **CLOSED)
    project.commit("basis")
    project.path_of("K-2026-012").unlink()  # an untracked new file: Git would not see a rename
    project.record(
        "K-2026-013",
        **CLOSED | {"closed": "2026-11-21"},
        customer={"name": "Fictief Bedrijf B.V.", "phone": "06-12345678"},
    )
    git_calls.clear()
    found = audit.audit(project.settings(), "HEAD")
    assert git_calls == ["merge-base", "show", "ls-tree", "cat-file"]
    assert [(p.path, p.field, p.code) for p in found] == [
        ("complaints/2026/K-2026-013.yaml", "id", "audit.renumbered"),
        ("complaints/2026/K-2026-013.yaml", "customer.phone", "audit.closed_changed"),
    ]


def test_a_deletion_beside_a_new_complaint_of_another_customer_stays_a_deletion(project, cli):
    project.record("K-2026-012")
    project.commit("basis")
    project.path_of("K-2026-012").unlink()
    project.record("K-2026-013", customer={"name": "Ander B.V.", "phone": "073-1234567"})
    code, out, _ = cli(project.root, "audit", "--base", "HEAD")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-012.yaml:1:1: klacht K-2026-012 is verwijderd; een klacht wordt "
        "nooit verwijderd: zet bij een vergissing 'withdrawn' met 'date' en 'reason'\n",
    )


def test_an_ambiguous_match_is_not_guessed(project, cli):
    project.record("K-2026-012")
    project.commit("basis")
    project.path_of("K-2026-012").unlink()
    project.record("K-2026-013")
    project.record("K-2026-014")
    code, out, _ = cli(project.root, "audit", "--base", "HEAD")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-012.yaml:1:1: klacht K-2026-012 is verwijderd; een klacht wordt "
        "nooit verwijderd: zet bij een vergissing 'withdrawn' met 'date' en 'reason'\n",
    )


def test_a_file_renamed_with_its_id_unchanged_is_left_to_check(project, cli):
    project.record("K-2026-012")
    project.commit("basis")
    project.git("mv", str(project.path_of("K-2026-012")), str(project.path_of("K-2026-013")))
    assert cli(project.root, "audit", "--base", "HEAD") == (
        0,
        "",
        "Controlespoor in orde ten opzichte van HEAD.\n",
    )
    code, out, _ = cli(project.root, "check")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-013.yaml:1:5: nummer (id): klachtnummer K-2026-012 past niet bij "
        "de bestandsnaam K-2026-013.yaml; die moet K-2026-012.yaml zijn\n",
    )


def test_a_mistyped_received_is_undone_by_withdrawing_and_registering_again(project, cli):
    base(project)
    project.record("K-2026-001", received="2026-11-17T10:42:00+01:00")
    code, out, _ = cli(project.root, "--lang", "en", "audit", "--base", "main")
    assert (code, out) == (
        1,
        "complaints/2026/K-2026-001.yaml:2:1: received: the date received changed from "
        "2026-11-18T10:42:00+01:00 to 2026-11-17T10:42:00+01:00; it never changes: put the old "
        "date back, and if it was wrong, withdraw the complaint ('withdrawn' with 'date' and "
        "'reason') and register it again with the right date ('klacht new --received')\n",
    )
    project.record("K-2026-001", withdrawn={"date": "2026-11-24", "reason": "Datum verkeerd."})
    code, out, _ = cli(
        project.root,
        "new",
        "--received",
        "2026-11-17 10:42",
        "--received-by",
        "Anouk Verbeek",
        "--name",
        "Fictief Bedrijf B.V.",
        "--phone",
        "+31 73 123 4567",
        "--summary",
        "Rapportage te laat ontvangen.",
        "--now",
        "2026-11-24T12:00+01:00",
    )
    assert (code, out) == (0, "Klacht K-2026-003 geregistreerd: complaints/2026/K-2026-003.yaml\n")
    assert cli(project.root, "check")[0] == 0
    assert cli(project.root, "audit", "--base", "main")[0] == 0


def test_the_summary_counts_in_singular_and_plural(project, cli):
    base(project)
    project.path_of("K-2026-001").unlink()
    assert cli(project.root, "--lang", "en", "audit", "--base", "main")[2] == (
        "1 violation of the audit trail against main.\n"
    )
    project.path_of("K-2026-002").unlink()
    assert cli(project.root, "audit", "--base", "main")[2] == (
        "2 schendingen van het controlespoor ten opzichte van main.\n"
    )
    assert cli(project.root, "--lang", "en", "audit", "--base", "main")[2] == (
        "2 violations of the audit trail against main.\n"
    )


def test_a_closed_record_with_a_wrong_received_is_withdrawn_with_a_correction(project, cli):
    base(project)
    withdrawn = {"date": "2026-11-24", "reason": "Ontvangstdatum verkeerd."}
    project.record("K-2026-002", **CLOSED, withdrawn=withdrawn)
    code, out, _ = cli(project.root, "audit", "--base", "main")
    assert code == 1 and out.count("\n") == 1 and "mag alleen wijzigen met een correctie" in out
    project.record("K-2026-002", **CLOSED, withdrawn=withdrawn, corrections=CORRECTION)
    assert cli(project.root, "audit", "--base", "main")[0] == 0


def test_a_base_outside_the_history_is_a_violation(project, cli):
    """History replaced by an orphan commit with the same files: said plainly."""
    base(project)
    project.git("checkout", "-q", "--orphan", "vervangen")
    project.commit("Alles opnieuw")
    code, out, err = cli(project.root, "audit", "--base", "main")
    assert code == 1
    assert out == (
        ".:1:1: main hoort niet bij de geschiedenis van deze versie: de geschiedenis is "
        "vervangen of herschreven, en dan kan niets aan het controlespoor bewezen worden; "
        "vergelijk met een versie waar deze op voortbouwt, en herstel de geschiedenis\n"
    )
    assert err == "1 schending van het controlespoor ten opzichte van main.\n"


def test_settings_that_decide_what_is_audited_come_from_the_base(project, cli):
    """`complaints_dir` pointed at a subfolder, and a year folder deleted: both reported."""
    project.record("K-2025-001")
    project.record("K-2026-001")
    project.commit("basis")
    project.git("checkout", "-q", "-b", "wijziging")
    pyproject = project.root / "pyproject.toml"
    line = len(pyproject.read_text().splitlines()) + 1
    pyproject.write_text(
        pyproject.read_text() + 'complaints_dir = "complaints/2026"\nretention_years = 1\n'
    )
    project.git("rm", "-q", "-r", "complaints/2025")
    code, out, _ = cli(project.root, "audit", "--base", "main")
    assert code == 1
    assert out.splitlines() == [
        f"pyproject.toml:{line}:1: de instelling complaints_dir is gewijzigd ten opzichte van main "
        "(complaints → complaints/2026); die bepaalt wat gecontroleerd wordt of wanneer "
        "gegevens weg mogen, dus controleert deze controle nog met complaints: laat de "
        "wijziging apart goedkeuren",
        f"pyproject.toml:{line + 1}:1: de instelling retention_years is gewijzigd ten opzichte van main "
        "(2 → 1); die bepaalt wat gecontroleerd wordt of wanneer gegevens weg mogen, dus "
        "controleert deze controle nog met 2: laat de wijziging apart goedkeuren",
        "complaints/2025/K-2025-001.yaml:1:1: klacht K-2025-001 is verwijderd; een klacht "
        "wordt nooit verwijderd: zet bij een vergissing 'withdrawn' met 'date' en 'reason'",
    ]
    code, out, _ = cli(project.root, "--lang", "en", "audit", "--base", "main")
    assert "the setting complaints_dir changed against main" in out


def test_later_facts_on_a_closed_record_are_normal_additions(project, cli):
    measure = {"action": "Checklist", "owner": "R. de Wit", "due": "2026-12-31"}
    prevention = {"needed": True, "measures": [measure]}
    project.record("K-2026-002", **CLOSED, prevention=prevention)
    project.commit("basis")
    done = {"needed": True, "measures": [measure | {"done": "2026-12-20"}]}
    ruling = {
        "referred": "2026-11-25",
        "mediator": "M",
        "ruling": "Klant krijgt gelijk.",
        "ruling_date": "2026-12-10",
    }
    project.record("K-2026-002", **CLOSED, prevention=done, mediation=ruling)
    assert cli(project.root, "audit", "--base", "HEAD") == (
        0,
        "",
        "Controlespoor in orde ten opzichte van HEAD.\n",
    )
    project.commit("uitgevoerd")
    changed = {"needed": True, "measures": [measure | {"done": "2026-12-21"}]}
    project.record("K-2026-002", **CLOSED, prevention=changed, mediation=ruling)
    code, out, _ = cli(project.root, "audit", "--base", "HEAD")
    assert code == 1 and "prevention.measures.0.done" in out
