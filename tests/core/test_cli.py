"""Every command the README lists runs as written there, through the `ducha` console command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
# The commands as the README's table spells them.
README_COMMANDS = sorted(
    set(re.findall(r"^\| `ducha ([a-z][a-z-]*)", (ROOT / "README.md").read_text(), re.M))
)


def ducha(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DUCHA_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "ducha", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_readme_lists_the_hyphenated_commands() -> None:
    assert {"read-bulletin", "lint-bulletin", "import-ledger", "send-reminders"} <= set(
        README_COMMANDS
    )


@pytest.mark.parametrize("command", README_COMMANDS)
def test_each_readme_command_is_found(command: str, tmp_path: Path) -> None:
    result = ducha(command, "--help", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_read_bulletin_runs_from_the_command_line(tmp_path: Path) -> None:
    ducha("migrate", "-v", "0", tmp_path=tmp_path)
    result = ducha("lint-bulletin", str(DATA / "seed-xuchang-2017-h1.txt"), tmp_path=tmp_path)
    assert result.returncode == 1  # the seed has errors: 58日 and 48日
    assert "date-missing-month" in result.stdout and "58日" in result.stdout
