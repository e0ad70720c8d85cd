"""The database a benchmark runs on: a throw-away SQLite file under var/bench/, or the
database DUCHA_DATABASE_URL names if it is set (to one you can spare)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(name: str) -> None:
    """Django set up on a new, migrated database var/bench/<name>.sqlite3."""
    db = ROOT / "var" / "bench" / f"{name}.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("DUCHA_DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # Pages are rendered without `collectstatic`: static files by their source names, as in
    # the tests (the hashed-name manifest exists only after deployment's collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
