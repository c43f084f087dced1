"""The README's sample of the director's digest is what `klacht digest` prints for the demo
register (`klacht demo`) at the moment the README names: it cannot fall behind the command."""

from __future__ import annotations

import re

from conftest import REPO


def test_the_readme_sample_is_the_digest_of_the_demo(tmp_path, cli):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    moment = re.search(r"`klacht digest --now (\S+)`", readme).group(1)
    sample = re.search(r"\n```\n(Klachtenregister: overzicht van .*?)```\n", readme, re.S).group(1)
    demo = tmp_path / "demo"
    assert cli(demo, "demo", str(demo))[0] == 0
    code, out, err = cli(demo, "digest", "--now", moment)
    assert code == 0, err
    assert out == sample
    assert "Verder gewijzigd sinds" in out and "Geregistreerd sinds" in out  # read from Git
