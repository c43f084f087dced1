"""The privacy mode (SPEC §10): real age keys, the `age` command-line tool, real Git registers.

Keys, registering with only the public key, reading with and without the secret identity, the
checks that need the plaintext, and no plaintext or secret in the repository or the caches."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import Project
from klacht import config, privacy, records

NOW = "2026-11-24T12:00+01:00"
PRIVACY = "\n[tool.klacht.privacy]\nencrypt = true\n"
NAME, PHONE, EMAIL = "Jan Jansen", "073-6895412", "jan.jansen@example.nl"


def age_tool() -> str:
    """The `age` command (Debian package `age`, .ci/install-age); in CI a missing one fails."""
    found = shutil.which("age")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("age is missing: CI must install Debian's age (.ci/install-age)")
        pytest.skip("age is not installed (make test installs it)")
    return found


class Keys:
    """A register in privacy mode with a cohort key; `identities` is the secret's file, kept
    outside the register."""

    def __init__(self, project: Project, cli, tmp_path: Path, year: int = 2026) -> None:
        self.project, self.cli = project, cli
        self.identities = tmp_path / "secret" / "identities.txt"
        self.identities.parent.mkdir(exist_ok=True)
        self.secrets: dict[int, str] = {}
        self.new(year)

    def new(self, year: int) -> str:
        code, out, err = self.cli(self.project.root, "keys", "new", str(year))
        assert code == 0, err
        secret = out.strip()
        self.secrets[year] = secret
        self.identities.write_text("\n".join(self.secrets.values()) + "\n", encoding="utf-8")
        return secret


@pytest.fixture
def sealed(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Keys:
    monkeypatch.delenv(privacy.ENVIRONMENT, raising=False)
    project = Project(tmp_path / "register", PRIVACY)
    return Keys(project, cli, tmp_path)


def register(keys: Keys, **given: str) -> str:
    args = {"received-by": "Anouk Verbeek", "name": NAME, "phone": PHONE, "email": EMAIL}
    args |= {"summary": "Rapportage te laat ontvangen.", **given}
    argv = [part for key, value in args.items() for part in (f"--{key}", value)]
    code, out, err = keys.cli(keys.project.root, "new", *argv, "--now", NOW)
    assert code == 0, err
    return out.split()[1]


def customer(keys: Keys, record_id: str) -> dict[str, str]:
    return yaml.safe_load(keys.project.path_of(record_id).read_text(encoding="utf-8"))["customer"]


def with_key(monkeypatch: pytest.MonkeyPatch, keys: Keys) -> None:
    monkeypatch.setenv(privacy.ENVIRONMENT, str(keys.identities))


# --- The library -----------------------------------------------------------------------------


def test_values_and_bytes_round_trip_with_a_new_key_pair():
    secret, public = privacy.new_identity()
    assert secret.startswith("AGE-SECRET-KEY-1") and public.startswith("age1")
    value = privacy.encrypt("Jan Jansen", public)
    assert value.startswith("age:") and "Jansen" not in value
    assert privacy.encrypt("Jan Jansen", public) != value  # every encryption is new
    import pyrage

    identity = pyrage.x25519.Identity.from_str(secret)
    assert privacy.decrypt(value, [identity]) == "Jan Jansen"
    blob = privacy.encrypt_bytes(b"%PDF-1.7 \x00\xff", public)
    assert blob.startswith(privacy.MAGIC)
    assert privacy.decrypt_bytes(blob, [identity]) == b"%PDF-1.7 \x00\xff"
    other = pyrage.x25519.Identity.generate()
    with pytest.raises(pyrage.DecryptError):
        privacy.decrypt_bytes(blob, [other])
    assert privacy.fingerprint(public) == privacy.fingerprint(public + "\n")
    assert privacy.fingerprint(public).startswith("sha256:") and public not in privacy.fingerprint(
        public
    )


def test_a_value_encrypted_by_the_age_tool_decrypts_here_and_back(tmp_path):
    age = age_tool()
    keygen = shutil.which("age-keygen")
    assert keygen, "age-keygen comes with age"
    identities = tmp_path / "key.txt"
    subprocess.run([keygen, "-o", str(identities)], check=True, capture_output=True)
    public = next(
        line.split(": ", 1)[1]
        for line in identities.read_text().splitlines()
        if line.startswith("# public key: ")
    )
    done = subprocess.run(
        [age, "-r", public], input=b"Fictief Bedrijf B.V.", capture_output=True, check=True
    )
    value = "age:" + base64.b64encode(done.stdout).decode()
    keys = privacy.read_identities(str(identities), "nl")  # age-keygen's file, comments and all
    assert privacy.decrypt(value, keys) == "Fictief Bedrijf B.V."
    ours = privacy.encrypt("+31 73 123 4567", public)
    raw = base64.b64decode(ours.removeprefix("age:"))
    back = subprocess.run(
        [age, "-d", "-i", str(identities)], input=raw, capture_output=True, check=True
    )
    assert back.stdout.decode() == "+31 73 123 4567"


# --- Keys ------------------------------------------------------------------------------------


def test_keys_new_writes_the_public_key_and_prints_the_secret_once(sealed, cli):
    root = sealed.project.root
    public = (root / "keys" / "2026.pub").read_text(encoding="utf-8")
    assert public.startswith("# Publieke sleutel (age) van de klachten ontvangen in 2026")
    recipient = public.splitlines()[-1]
    assert recipient.startswith("age1")
    secret = sealed.secrets[2026]
    assert secret.startswith("AGE-SECRET-KEY-1") and "\n" not in secret
    import pyrage

    assert str(pyrage.x25519.Identity.from_str(secret).to_public()) == recipient
    code, out, err = cli(root, "keys", "new", "2026")  # never replaced
    assert (code, out) == (1, "") and "bestaat al" in err and "AGE-SECRET" not in err
    assert (root / "keys" / "2026.pub").read_text(encoding="utf-8") == public
    sealed.project.commit("Sleutel 2026")
    grep = subprocess.run(
        ["git", "grep", "-l", "AGE-SECRET-KEY", "HEAD"], cwd=root, capture_output=True, text=True
    )
    assert grep.returncode == 1 and grep.stdout == ""


def test_a_bad_identities_file_is_named_without_its_contents(sealed, cli, monkeypatch, tmp_path):
    register(sealed)
    bad = tmp_path / "bad.txt"
    bad.write_text(f"# mine\n{sealed.secrets[2026]}\nAGE-SECRET-KEY-1NOTAKEY\n", encoding="utf-8")
    monkeypatch.setenv(privacy.ENVIRONMENT, str(bad))
    code, out, err = cli(sealed.project.root, "check")
    assert code == 2 and "regel 3 van" in err and "NOTAKEY" not in err + out
    assert sealed.secrets[2026] not in err + out
    monkeypatch.setenv(privacy.ENVIRONMENT, str(tmp_path / "missing.txt"))
    code, _, err = cli(sealed.project.root, "register")
    assert code == 2 and "missing.txt" in err and "Traceback" not in err


# --- Registering and reading -----------------------------------------------------------------


def test_klacht_new_needs_only_the_public_key_and_readers_decrypt_with_the_secret(
    sealed, cli, monkeypatch
):
    record_id = register(sealed)
    stored = customer(sealed, record_id)
    assert all(privacy.is_encrypted(stored[k]) for k in ("name", "phone", "email"))
    text = sealed.project.path_of(record_id).read_text(encoding="utf-8")
    assert NAME not in text and "6895412" not in text and "jansen" not in text.lower()
    code, out, _ = cli(sealed.project.root, "check")
    assert code == 0
    code, out, _ = cli(sealed.project.root, "register", "--format", "csv")
    assert code == 0 and "[versleuteld]" in out and NAME not in out
    code, out, _ = cli(sealed.project.root, "--lang", "en", "register", "--format", "csv")
    assert "[encrypted]" in out
    with_key(monkeypatch, sealed)
    code, out, _ = cli(sealed.project.root, "register", "--format", "csv")
    assert code == 0 and NAME in out and "[versleuteld]" not in out
    code, out, _ = cli(sealed.project.root, "check")
    assert code == 0


def test_registering_refuses_without_a_public_key_for_the_year(sealed, cli):
    (sealed.project.root / "keys" / "2026.pub").unlink()
    argv = ["--received-by", "A", "--name", NAME, "--phone", PHONE, "--summary", "Te laat"]
    code, out, err = cli(sealed.project.root, "new", *argv, "--now", NOW)
    assert code == 1 and "keys/2026.pub ontbreekt" in err and "klacht keys new 2026" in err
    assert not list((sealed.project.root / "complaints").rglob("*.yaml"))


def test_registering_refuses_free_text_that_names_the_customer(sealed, cli):
    argv = ["--received-by", "A", "--name", NAME, "--phone", PHONE, "--now", NOW]
    code, _, err = cli(sealed.project.root, "new", *argv, "--summary", "Jan Jansen belde boos")
    assert code == 1 and "noemt de naam van de klant" in err and NAME not in err
    code, _, err = cli(sealed.project.root, "new", *argv, "--summary", "Bel terug: 06-12345678")
    assert code == 1 and "bevat een telefoonnummer" in err
    assert not list((sealed.project.root / "complaints").rglob("*.yaml"))


def test_checks_that_need_the_plaintext_run_with_the_key(sealed, cli, monkeypatch):
    record_id = register(sealed)
    path = sealed.project.path_of(record_id)
    public = privacy.cohort_recipient(config.load(sealed.project.root), 2026)
    text = path.read_text(encoding="utf-8")
    stored = customer(sealed, record_id)
    bad_phone = privacy.encrypt("12345", public)
    path.write_text(
        text.replace(stored["phone"], bad_phone).replace(
            '"Rapportage te laat ontvangen."', '"Mail naar jan@example.org gestuurd, JAN JANSEN."'
        ),
        encoding="utf-8",
    )
    code, out, _ = cli(sealed.project.root, "check")  # without the key: only the e-mail address
    assert code == 1 and "bevat een e-mailadres" in out and "noemt de naam" not in out
    with_key(monkeypatch, sealed)
    code, out, _ = cli(sealed.project.root, "check")
    assert code == 1
    assert f"{path.relative_to(sealed.project.root)}:7:" in out  # the phone's line
    assert "het (ontsleutelde) nummer is geen geldig telefoonnummer" in out
    assert "12345" not in out and "noemt de naam van de klant" in out


def test_a_damaged_or_plaintext_value_is_a_problem_at_its_line_never_a_crash(
    sealed, cli, monkeypatch
):
    record_id = register(sealed)
    path = sealed.project.path_of(record_id)
    text = path.read_text(encoding="utf-8")
    stored = customer(sealed, record_id)
    raw = base64.b64decode(stored["name"][4:])
    damaged = "age:" + base64.b64encode(raw[:-3] + b"xyz").decode()
    path.write_text(text.replace(stored["name"], damaged), encoding="utf-8")
    with_key(monkeypatch, sealed)
    code, out, err = cli(sealed.project.root, "check")
    assert code == 1 and "Traceback" not in err
    shown = path.relative_to(sealed.project.root).as_posix()
    assert f"{shown}:6:" in out and "is beschadigd" in out  # customer.name
    assert "[versleuteld]" in cli(sealed.project.root, "register")[1] or code == 1
    path.write_text(text.replace(stored["phone"], "age:!!!"), encoding="utf-8")
    code, out, err = cli(sealed.project.root, "check")
    assert code == 1 and f"{shown}:7:" in out and "is beschadigd" in out
    monkeypatch.delenv(privacy.ENVIRONMENT)  # without the key: still seen as damaged
    code, out, err = cli(sealed.project.root, "check")
    assert code == 1 and f"{shown}:7:" in out and "is beschadigd" in out
    path.write_text(text.replace(stored["phone"], PHONE), encoding="utf-8")
    code, out, _ = cli(sealed.project.root, "check")
    assert code == 1 and f"{shown}:7:" in out and "klacht encrypt" in out


def test_no_plaintext_or_secret_in_the_caches_or_the_repository(sealed, cli, monkeypatch):
    record_id = register(sealed)
    with_key(monkeypatch, sealed)
    assert cli(sealed.project.root, "check")[0] == 0
    assert NAME in cli(sealed.project.root, "register")[1]
    assert cli(sealed.project.root, "deadlines")[0] in (0, 1)
    sealed.project.commit(f"Klacht {record_id}")
    cache = sealed.project.root / ".cache"
    assert cache.is_dir()
    secret = sealed.secrets[2026]
    for needle in (NAME, "Jansen", "6895412", EMAIL, secret, "AGE-SECRET"):
        grep = subprocess.run(
            ["grep", "-r", "-a", "-l", needle, str(sealed.project.root)],
            capture_output=True,
            text=True,
        )
        assert grep.stdout == "", (needle, grep.stdout)


def test_settings_of_the_privacy_table_are_checked(tmp_path):
    project = Project(tmp_path / "r", "\n[tool.klacht.privacy]\nencrypt = 'ja'\n")
    with pytest.raises(config.SettingsError, match="privacy.encrypt moet true of false zijn"):
        config.load(project.root)
    (project.root / "pyproject.toml").write_text(
        "[tool.klacht]\n[tool.klacht.privacy]\nkeys_dir = '../elders'\n", encoding="utf-8"
    )
    with pytest.raises(
        config.SettingsError, match="privacy: keys_dir moet een pad binnen het register"
    ):
        config.load(project.root)
    (project.root / "pyproject.toml").write_text(
        "[tool.klacht]\n[tool.klacht.privacy]\nencrypted = true\n", encoding="utf-8"
    )
    with pytest.raises(config.SettingsError, match="encrypted"):
        config.load(project.root)


def test_without_privacy_mode_nothing_changes(project, cli):
    project.record("K-2026-001")
    keys = privacy.Keyring.of(config.load(project.root))
    assert not keys.active
    loaded = records.load_records(config.load(project.root))
    assert loaded.complaints[0].customer.name == "Fictief Bedrijf B.V."


def test_repeat_customers_are_found_in_memory_with_the_key(sealed, monkeypatch):
    from klacht import stats

    register(sealed)
    register(sealed)  # the same customer: other ciphertexts, one plaintext
    register(sealed, name="Ander B.V.", phone="0475-555666", email="ander@example.nl")
    settings = config.load(sealed.project.root)
    complaints = records.load_records(settings).complaints
    assert stats.repeat_customers(complaints, "NL") == []  # [versleuteld] is nobody
    with_key(monkeypatch, sealed)
    complaints = records.load_records(settings).complaints
    found = stats.repeat_customers(complaints, "NL")
    assert [(r.name, r.ids) for r in found] == [(NAME, ("K-2026-001", "K-2026-002"))]
