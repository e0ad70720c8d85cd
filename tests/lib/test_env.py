"""Settings read from the environment fail loudly on values we cannot use."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ducha.lib.env import ConfigError, env_bool, local_secret_key, parse_database_url

BASE = Path("/srv/ducha")


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), (" On ", True), ("0", False)])
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("DUCHA_FLAG", raw)
    assert env_bool("DUCHA_FLAG", not expected) is expected


def test_env_bool_rejects_maybe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUCHA_FLAG", "maybe")
    with pytest.raises(ConfigError, match="DUCHA_FLAG"):
        env_bool("DUCHA_FLAG", False)


def test_env_bool_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUCHA_FLAG", raising=False)
    assert env_bool("DUCHA_FLAG", True) is True


def test_it_puts_a_relative_sqlite_path_under_the_base_dir() -> None:
    db = parse_database_url("sqlite:///var/ducha.sqlite3", base_dir=BASE)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == BASE / "var" / "ducha.sqlite3"


def test_it_keeps_an_absolute_sqlite_path() -> None:
    db = parse_database_url("sqlite:////data/ducha.sqlite3", base_dir=BASE)
    assert db["NAME"] == Path("/data/ducha.sqlite3")


def test_it_reads_every_part_of_a_postgres_url() -> None:
    db = parse_database_url("postgres://ducha:s%40cret@db.internal:5433/ducha_prod", base_dir=BASE)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "ducha",
        "s@cret",
        "db.internal",
        "5433",
        "ducha_prod",
    )


def test_it_rejects_an_unknown_database() -> None:
    with pytest.raises(ConfigError, match="mysql"):
        parse_database_url("mysql://x/y", base_dir=BASE)


def test_it_rejects_a_postgres_url_without_database_name() -> None:
    with pytest.raises(ConfigError, match="no database"):
        parse_database_url("postgres://host/", base_dir=BASE)


def test_local_secret_key_is_made_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"

    first = local_secret_key(path)
    second = local_secret_key(path)

    assert first == second
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
