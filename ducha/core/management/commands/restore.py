"""`ducha restore FILE`: restore a backup archive into an empty database and media folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.core.backup import BackupError, restore_backup


def local_key_file() -> Path | None:
    """The key file this installation reads, unless the key is given in the environment."""
    if os.environ.get("DUCHA_SECRET_KEY_FILE"):
        return Path(os.environ["DUCHA_SECRET_KEY_FILE"])
    if os.environ.get("DUCHA_SECRET_KEY"):
        return None
    return Path(settings.BASE_DIR) / "var" / "secret_key"


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (checks checksums and row counts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="a file written by `ducha backup`")
        parser.add_argument(
            "--keep-secret-key",
            action="store_true",
            help="keep this installation's secret key (sessions in the backup then end)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key_file = None if options["keep_secret_key"] else local_key_file()
        try:
            restored = restore_backup(Path(options["archive"]), key_file=key_file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = restored.manifest["counts"]
        self.stdout.write(
            f"restored {sum(counts.values())} rows in {len(counts)} tables and "
            f"{sum(1 for n in restored.manifest['files'] if n.startswith('media/'))} files; "
            "checksums and row counts match the manifest"
        )
        if restored.secret_key_written:
            self.stdout.write(f"secret key written to {restored.secret_key_written}")
        else:
            self.stdout.write("secret key not restored: this installation's key is kept")
        self.stdout.write(
            "next: `ducha migrate` (if this version is newer), then start the service"
        )
