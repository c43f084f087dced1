"""privacy.Keyring with the identities of several cohorts: every value opens with its own key,
a damaged one is told apart from one of a key we lack, and values of one cohort in a row cost
one decryption each, not one per identity held."""

from __future__ import annotations

from pathlib import Path

import pytest

from klacht import privacy


@pytest.fixture
def keyring(tmp_path: Path) -> tuple[privacy.Keyring, list[str]]:
    pairs = [privacy.new_identity() for _ in range(4)]
    identities = tmp_path / "identities.txt"
    identities.write_text("\n".join(secret for secret, _ in pairs) + "\n", encoding="utf-8")
    ring = privacy.Keyring("nl", True, privacy.read_identities(str(identities), "nl"))
    return ring, [public for _, public in pairs]


def test_each_cohort_opens_with_its_own_key(keyring) -> None:
    ring, publics = keyring
    values = {f"Klant {i}": privacy.encrypt(f"Klant {i}", publics[i % 4]) for i in range(12)}
    assert {ring.plaintext(v): k for k, v in values.items()} == {k: k for k in values}
    stranger = privacy.encrypt("Klant X", privacy.new_identity()[1])
    assert ring.opened(stranger) == (None, False)  # not ours: not damaged
    assert ring.opened("age:bm9uc2Vuc2U=") == (None, True)  # damaged


def test_a_cohort_in_a_row_costs_one_decryption_a_value(keyring, monkeypatch) -> None:
    ring, publics = keyring
    calls = []
    real = privacy.decrypt_bytes
    monkeypatch.setattr(
        privacy, "decrypt_bytes", lambda data, ids: calls.append(len(ids)) or real(data, ids)
    )
    last_cohort = [privacy.encrypt(f"Klant {i}", publics[3]) for i in range(20)]
    assert [ring.plaintext(v) for v in last_cohort] == [f"Klant {i}" for i in range(20)]
    assert set(calls) == {1}  # one identity at a time
    assert len(calls) == 20 + 3  # the first value tries the other three keys first
