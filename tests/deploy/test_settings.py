"""Production settings come from the environment, and the shipped values pass check --deploy."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_FILE = ROOT / "deploy" / "ducha.env"


def shipped_env(tmp_path: Path) -> dict[str, str]:
    """deploy/ducha.env as an installation reads it, with this test's files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUCHA_", "DJANGO_"))}
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    (tmp_path / "key").write_text(secrets.token_urlsafe(50))
    env |= {
        "DUCHA_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DUCHA_SECRET_KEY_FILE": str(tmp_path / "key"),
        "PYTHONPATH": str(ROOT),
    }
    return env


def ducha(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ducha", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_the_shipped_production_values(tmp_path: Path) -> None:
    result = ducha(shipped_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_them(tmp_path: Path) -> None:
    env = shipped_env(tmp_path)
    for name in ("DUCHA_SECURE_COOKIES", "DUCHA_HSTS_SECONDS", "DUCHA_SSL_REDIRECT"):
        env.pop(name)
    result = ducha(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for code in ("W004", "W008", "W012", "W016"):
        assert code in result.stderr + result.stdout


SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_AGE",
    "AXES_FAILURE_LIMIT",
    "MEDIA_ROOT",
    "EVIDENCE_ACCEL_REDIRECT",
    "DEBUG",
]


def settings_in(env: dict[str, str]) -> dict[str, object]:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {SETTINGS!r}}}, default=str))"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "ducha.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def test_the_environment_file_sets_the_proxy_settings(tmp_path: Path) -> None:
    values = settings_in(shipped_env(tmp_path))
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://ducha.example.gov.cn"]
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SESSION_COOKIE_AGE"] == 120 * 60
    assert values["MEDIA_ROOT"] == "/var/lib/ducha/media"
    assert values["EVIDENCE_ACCEL_REDIRECT"] == "/protected-evidence/"
    assert values["DEBUG"] is False


def test_development_defaults_trust_no_proxy(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    env["DUCHA_DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["DUCHA_SESSION_IDLE_MINUTES"] = "30"
    values = settings_in(env)
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["AXES_FAILURE_LIMIT"] == 5


@pytest.mark.parametrize("value", ["two hours", "-5"])
def test_a_bad_idle_time_stops_the_program(tmp_path: Path, value: str) -> None:
    env = shipped_env(tmp_path) | {"DUCHA_SESSION_IDLE_MINUTES": value}
    result = ducha(env, "check")
    assert result.returncode != 0
    assert "DUCHA_SESSION_IDLE_MINUTES" in result.stderr


def test_serve_runs_gunicorn_with_the_workers_from_the_environment(tmp_path: Path) -> None:
    env = shipped_env(tmp_path) | {"DUCHA_WORKERS": "3", "DUCHA_BIND": "127.0.0.1:8129"}
    script = (
        "import sys; sys.argv = ['gunicorn', '--config', 'python:ducha.gunicorn_config',"
        " '--print-config', 'ducha.wsgi:application'];"
        "from gunicorn.app.wsgiapp import run; run()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert re.search(r"^workers\s+= 3$", done.stdout, re.M), done.stdout + done.stderr
    assert re.search(r"^bind\s+= \['127.0.0.1:8129'\]$", done.stdout, re.M)
    assert ducha(env, "serve", "--help").returncode == 0


def test_serve_collects_static_files_only_when_they_changed(tmp_path: Path) -> None:
    env = shipped_env(tmp_path) | {"DUCHA_STATIC_ROOT": str(tmp_path / "static")}
    env["DJANGO_SETTINGS_MODULE"] = "ducha.settings"
    script = (
        "import django; django.setup();"
        "from ducha.core.management.commands.serve import static_files_stale as s;"
        "from django.core.management import call_command as c; a = s();"
        "c('collectstatic', interactive=False, verbosity=0); print(a, s())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.split() == ["True", "False"], done.stderr
    source = ROOT / "ducha" / "static" / "office" / "office.css"
    os.utime(tmp_path / "static" / "staticfiles.json", (1, source.stat().st_mtime - 10))
    again = subprocess.run(
        [sys.executable, "-c", script.replace("c('collectstatic'", "0 and c('collectstatic'")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.stdout.split()[0] == "True"
