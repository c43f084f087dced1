"""AVG retention: who is due, and anonymizing that keeps the rest of the file as it was."""

from __future__ import annotations

from datetime import date

from conftest import REPO
from klacht import records, retention

TEXT = """\
# yaml-language-server: $schema=../../schema/complaint.schema.json
id: K-2025-014
received: 2025-03-11T14:05:00+01:00   # telefonisch
received_by: Sanne de Groot
customer:
  name: Bakkerij Van Loon (fictief)
  phone: "040-2123456"
  email: inkoop@example.nl
summary: >-
  Factuur klopte niet.
handling:
  handler: Sanne de Groot
  cause: Dubbel ingevoerd.
  solution: Creditnota.
  customer_agrees: true
  date: 2025-03-14
closed: 2025-03-14
"""


def test_anonymize_text_keeps_every_other_line():
    assert (
        retention.anonymize_text(TEXT, date(2027, 3, 14))
        == TEXT.replace("  name: Bakkerij Van Loon (fictief)\n", '  name: "[geanonimiseerd]"\n')
        .replace('  phone: "040-2123456"\n', '  phone: "[geanonimiseerd]"\n')
        .replace("  email: inkoop@example.nl\n", "")
        + "anonymized: 2027-03-14\n"
    )


def test_due_for_anonymizing_on_the_examples():
    from klacht import config

    settings = config.load(REPO)
    complaints = records.load_records(settings).complaints
    assert [
        c.id for c in retention.due_for_anonymizing(complaints, settings, date(2027, 3, 13))
    ] == []
    assert [
        c.id for c in retention.due_for_anonymizing(complaints, settings, date(2027, 3, 14))
    ] == ["K-2025-014"]
    assert retention.term_end(date(2024, 2, 29), settings) == date(2026, 2, 28)


def test_deadlines_report_records_due_for_anonymizing(cli):
    code, out, _ = cli(REPO, "deadlines", "--now", "2027-03-15T09:00+01:00")
    assert (
        "K-2025-014: bewaartermijn verstreken op 2027-03-14; verwijder de persoonsgegevens met "
        "'klacht anonymize'"
    ) in out.splitlines()


def test_anonymize_refuses_a_multi_line_name(project, cli):
    path = project.write(
        "complaints/2025/K-2025-001.yaml",
        TEXT.replace("K-2025-014", "K-2025-001").replace(
            "  name: Bakkerij Van Loon (fictief)\n", "  name: >-\n    Bakkerij\n"
        ),
    )
    before = path.read_text()
    code, _, err = cli(project.root, "anonymize", "--today", "2028-01-01")
    assert code == 1
    assert err == (
        "complaints/2025/K-2025-001.yaml: niet geanonimiseerd: customer.name staat niet op één "
        "regel; pas het bestand met de hand aan\n"
    )
    assert path.read_text() == before


def test_anonymize_names_a_broken_record_it_cannot_judge(project, cli):
    """A record with a problem may be past its term too: it is named, and the run fails, rather
    than its personal data being kept without a word. The sound record is anonymized all the
    same."""
    project.write("complaints/2025/K-2025-014.yaml", TEXT)
    broken = project.write(
        "complaints/2025/K-2025-001.yaml",
        TEXT.replace("K-2025-014", "K-2025-001").replace("agrees: true", "agrees: misschien"),
    )
    before = broken.read_bytes()
    code, out, err = cli(project.root, "anonymize", "--today", "2028-01-01")
    assert code == 1
    assert err == (
        "complaints/2025/K-2025-001.yaml: niet beoordeeld: het bestand heeft problemen (zie klacht "
        "check); verbeter het eerst, want de bewaartermijn kan verstreken zijn\n"
    )
    assert "K-2025-014: persoonsgegevens verwijderd" in out
    assert broken.read_bytes() == before


def complaint_of(text: str, path: str = "complaints/2025/K-2025-014.yaml"):
    from zoneinfo import ZoneInfo

    from klacht import loader, model

    return model.from_data(loader.parse(text), path, ZoneInfo("Europe/Amsterdam"))


def test_anonymized_record_keeps_everything_but_the_personal_data():
    from dataclasses import replace

    before = complaint_of(TEXT)
    after = complaint_of(retention.anonymize_text(TEXT, date(2027, 3, 14)))
    assert after.anonymized == date(2027, 3, 14)
    assert (after.customer.name, after.customer.phone, after.customer.email) == (
        "[geanonimiseerd]",
        "[geanonimiseerd]",
        None,
    )
    assert replace(after, customer=before.customer, anonymized=None) == before


def test_who_is_due():
    from klacht import config

    settings = config.load(REPO)
    closed = complaint_of(TEXT)
    withdrawn = complaint_of(
        TEXT.replace("closed: 2025-03-14\n", "withdrawn:\n  date: 2025-03-20\n  reason: Dubbel.\n")
    )
    mediating = complaint_of(TEXT + "mediation:\n  referred: 2025-03-20\n  mediator: M\n")
    done = complaint_of(TEXT + "anonymized: 2027-03-14\n")
    due = retention.due_for_anonymizing(
        [closed, withdrawn, mediating, done], settings, date(2027, 3, 20)
    )
    assert due == [closed, withdrawn]


def test_dry_run_changes_nothing(project, cli):
    path = project.write("complaints/2025/K-2025-014.yaml", TEXT)
    code, out, _ = cli(project.root, "anonymize", "--today", "2027-03-14", "--dry-run")
    assert (code, out) == (
        0,
        "K-2025-014: persoonsgegevens zouden worden verwijderd (termijn verstreken op 2027-03-14)\n",
    )
    assert path.read_text() == TEXT
    code, out, _ = cli(project.root, "anonymize", "--today", "2027-03-13")
    assert (code, out) == (0, "Geen klachten waarvan de bewaartermijn verstreken is.\n")


def test_anonymize_refuses_a_flow_style_customer(project, cli):
    text = TEXT.replace(
        'customer:\n  name: Bakkerij Van Loon (fictief)\n  phone: "040-2123456"\n'
        "  email: inkoop@example.nl\n",
        'customer: {name: Bakkerij Van Loon, phone: "040-2123456"}\n',
    )
    assert "customer: {" in text
    path = project.write("complaints/2025/K-2025-014.yaml", text)
    code, _, err = cli(project.root, "anonymize", "--today", "2028-01-01")
    assert (code, err) == (
        1,
        "complaints/2025/K-2025-014.yaml: niet geanonimiseerd: customer.name staat niet op één "
        "regel; pas het bestand met de hand aan\n",
    )
    assert path.read_text() == text


def test_the_term_of_a_withdrawn_record_runs_from_its_withdrawal_whatever_else_it_holds():
    """Withdrawn overrides every other status (status.status), a pending referral too."""
    from klacht.config import Settings

    withdrawn = complaint_of(
        TEXT.replace("closed: 2025-03-14\n", "withdrawn:\n  date: 2025-03-20\n  reason: Dubbel.\n")
        + "mediation:\n  referred: 2025-03-18\n"
    )
    assert retention.retention_end(withdrawn, Settings()) == date(2027, 3, 20)


def test_anonymize_on_a_crlf_file_changes_only_its_lines(project, cli):
    path = project.write("complaints/2025/K-2025-014.yaml", TEXT.replace("\n", "\r\n").encode())
    assert cli(project.root, "anonymize", "--today", "2027-03-14")[0] == 0
    expected = (
        TEXT.replace("  name: Bakkerij Van Loon (fictief)\n", '  name: "[geanonimiseerd]"\n')
        .replace('  phone: "040-2123456"\n', '  phone: "[geanonimiseerd]"\n')
        .replace("  email: inkoop@example.nl\n", "")
        + "anonymized: 2027-03-14\n"
    )
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode()
