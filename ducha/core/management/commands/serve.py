"""`ducha serve`: the production server, gunicorn, configured from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def static_files_stale() -> bool:
    """No manifest of collected static files yet, or a source file newer than it.

    Collecting takes seconds (every file is hashed and compressed), so it is done only
    when an install or an upgrade brought files the manifest does not have.
    """
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected_at = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if os.path.getmtime(storage.path(path)) > collected_at:
                return True
    return False


class Command(BaseCommand):
    help = (
        "Collect the static files, then serve the site with gunicorn: DUCHA_BIND "
        "(127.0.0.1:8000), DUCHA_WORKERS (2 × cores + 1). `make run` is for development."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check-config", action="store_true", help="check and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [sys.executable, "-m", "gunicorn", "--config", "python:ducha.gunicorn_config"]
        if options["check_config"]:
            argv.append("--check-config")
        elif static_files_stale():
            # Pages name the hashed static files of the manifest; without it they cannot render.
            self.stdout.write("collecting static files (after an install or an upgrade)")
            call_command("collectstatic", interactive=False, verbosity=0)
        argv.append("ducha.wsgi:application")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # gunicorn takes over this process (for systemd)
