"""`ducha backup FILE|DIR`: one archive of the database, the uploaded files and the secret key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.core.backup import BackupError, archives_to_prune, backup_name, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup archive (.tar or .tar.gz). Given a folder, name it by the time and "
        "delete the folder's archives past --keep-days/--keep-months."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="the archive to write, or a folder of archives")
        parser.add_argument(
            "--keep-days", type=int, default=14, help="keep every archive this long"
        )
        parser.add_argument(
            "--keep-months",
            type=int,
            default=12,
            help="and each month's first one this many months",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["target"])
        folder = target if target.is_dir() or options["target"].endswith("/") else None
        path = folder / backup_name(timezone.now()) if folder else target
        try:
            manifest = create_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"{path}: {rows} rows in {len(manifest['counts'])} tables, {media} files")
        if folder is not None:
            self._prune(folder, options["keep_days"], options["keep_months"])

    def _prune(self, folder: Path, keep_days: int, keep_months: int) -> None:
        names = [p.name for p in folder.iterdir() if p.is_file()]
        for name in archives_to_prune(
            names, now=timezone.now(), keep_days=keep_days, keep_months=keep_months
        ):
            (folder / name).unlink()
            self.stdout.write(f"deleted {folder / name} (past retention)")
