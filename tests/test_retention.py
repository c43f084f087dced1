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
