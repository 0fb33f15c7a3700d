"""The README's configuration table and set-up commands match what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from infra.settings import Settings

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
MAKEFILE = (Path(__file__).parents[1] / "Makefile").read_text(encoding="utf-8")


def test_the_configuration_table_lists_exactly_the_settings_the_code_reads() -> None:
    documented = set(re.findall(r"^\| `(SAMSPIL_[A-Z_]+)` \|", README, flags=re.MULTILINE))
    read = {f"SAMSPIL_{name.upper()}" for name in Settings.model_fields}
    assert documented == read


def test_the_two_set_up_commands_are_make_targets_that_install_what_they_need() -> None:
    commands = re.findall(r"^make (\w+)\s+#", README, flags=re.MULTILINE)
    assert commands == ["up", "test"]
    for target in commands:
        assert re.search(rf"^{target}: .*\$\(INSTALLED\)|^{target}: check", MAKEFILE, re.M)
    assert "samspil up" in MAKEFILE
