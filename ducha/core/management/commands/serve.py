"""`ducha serve`: the production server, gunicorn, configured from the environment."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


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
        else:
            # Pages name the hashed static files of the manifest; without it they cannot render.
            call_command("collectstatic", interactive=False, verbosity=0)
        argv.append("ducha.wsgi:application")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # gunicorn takes over this process (for systemd)
