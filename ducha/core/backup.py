"""One-file backups of an installation: the database, the uploaded files and the secret key.

An archive (tar, gzip-compressed when its name ends in .gz) holds:

- `database.sqlite3`, a copy made with SQLite's online backup API, or `database.pgdump`,
  `pg_dump`'s custom format, both consistent while the site keeps running;
- `media/…`, the uploaded evidence files;
- `secret_key`, the key sessions are signed with;
- `manifest.json`, last: the row count of every table as the dump holds it, and the size
  and SHA-256 of every other member.

Restoring checks every checksum before writing anything, writes only into an empty
database and an empty media folder, then counts the rows again against the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SECRET_KEY = "secret_key"
SQLITE_DUMP = "database.sqlite3"
PG_DUMP = "database.pgdump"
MEDIA = "media"
CHUNK = 1 << 20


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and nothing was changed."""


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    secret_key_written: Path | None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


# Counting -------------------------------------------------------------------------------


def _count_tables(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return [name for (name,) in cursor.fetchall() if not name.startswith("sqlite_")]


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [name for (name,) in cursor.fetchall()]


def current_counts() -> dict[str, int]:
    """Rows per table of the database this installation uses."""
    tables = _sqlite_tables if _vendor() == "sqlite" else _pg_tables
    with connection.cursor() as cursor:
        return _count_tables(cursor, tables(cursor), connection.ops.quote_name)


# Dumping --------------------------------------------------------------------------------


def _dump_sqlite(folder: Path) -> tuple[str, dict[str, int]]:
    target = folder / SQLITE_DUMP
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # a consistent copy, while others keep writing
        cursor = copy.cursor()
        counts = _count_tables(cursor, _sqlite_tables(cursor), connection.ops.quote_name)
    finally:
        copy.close()
    return SQLITE_DUMP, counts


def _pg_environment() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_postgresql(folder: Path) -> tuple[str, dict[str, int]]:
    """pg_dump inside the snapshot the counts were made in, so both describe one moment."""
    from django.db import transaction

    target = folder / PG_DUMP
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_tables(cursor, _pg_tables(cursor), connection.ops.quote_name)
        command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
        _run(command, env=_pg_environment())
    return PG_DUMP, counts


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, f"{MEDIA}/{path.relative_to(root).as_posix()}"


def _file_entry(path: Path) -> dict[str, Any]:
    return {"size": path.stat().st_size, "sha256": sha256_of(path)}


def _tar_mode(path: Path, action: str) -> Any:
    compressed = path.name.endswith((".gz", ".tgz"))
    return f"{action}:gz" if compressed else action


def create_backup(path: Path) -> dict[str, Any]:
    """Write the archive at `path` (owner-only) and return its manifest."""
    vendor = _vendor()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ducha-backup-") as tmp:
        folder = Path(tmp)
        dump = _dump_sqlite if vendor == "sqlite" else _dump_postgresql
        dump_name, counts = dump(folder)
        (folder / SECRET_KEY).write_text(settings.SECRET_KEY, encoding="utf-8")
        members = [(folder / dump_name, dump_name), (folder / SECRET_KEY, SECRET_KEY)]
        members += list(_media_files(Path(settings.MEDIA_ROOT)))
        files = {name: _file_entry(source) for source, name in members}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "file": dump_name},
            "counts": counts,
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = path.with_name(path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(fd, "wb") as raw,
            tarfile.open(fileobj=raw, mode=_tar_mode(path, "w")) as tar,
        ):
            for source, name in members:
                tar.add(source, arcname=name, recursive=False)
            tar.add(folder / MANIFEST, arcname=MANIFEST)
        partial.replace(path)  # a crash never leaves a half archive under the real name
    return manifest


# Restoring ------------------------------------------------------------------------------


@contextmanager
def unpacked(path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The archive's members in a temporary folder, every checksum verified."""
    with tempfile.TemporaryDirectory(prefix="ducha-restore-") as tmp:
        folder = Path(tmp)
        try:
            with tarfile.open(path, mode=_tar_mode(path, "r")) as tar:
                for member in tar.getmembers():
                    if not member.isfile():
                        raise BackupError(f"unexpected member {member.name!r} (not a file)")
                tar.extractall(folder, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{path} is not a readable backup archive: {error}") from error
        yield folder, verified_manifest(folder)


def verified_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"the archive has no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {
        MANIFEST
    }
    listed = set(manifest["files"])
    if present != listed:
        difference = sorted(present ^ listed)[:5]
        raise BackupError(f"the archive's files differ from its manifest: {difference}")
    for name, entry in manifest["files"].items():
        if _file_entry(folder / name) != entry:
            raise BackupError(f"{name} does not match its checksum in the manifest")
    return manifest


def _require_empty_target(manifest: dict[str, Any], media_root: Path) -> None:
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the archive holds a {manifest['database']['vendor']} database; "
            f"this installation uses {vendor}"
        )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables): restore only into a new database"
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"the media folder {media_root} is not empty")


def _restore_sqlite(dump: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    source, copy = sqlite3.connect(dump), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--single-transaction", f"--dbname={settings.DATABASES['default']['NAME']}"]
    _run([*command, str(dump)], env=_pg_environment())


def _restore_media(folder: Path, media_root: Path) -> None:
    source = folder / MEDIA
    if source.is_dir():
        media_root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, media_root, dirs_exist_ok=True)


def _restore_secret_key(folder: Path, key_file: Path | None) -> Path | None:
    """Write the archive's key where this installation keeps its own key file, if it does."""
    if key_file is None:
        return None
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write((folder / SECRET_KEY).read_text(encoding="utf-8"))
    return key_file


def restore_backup(path: Path, *, key_file: Path | None) -> Restored:
    """Restore the archive into this installation's empty database and media folder."""
    media_root = Path(settings.MEDIA_ROOT)
    with unpacked(path) as (folder, manifest):
        _require_empty_target(manifest, media_root)
        dump = folder / manifest["database"]["file"]
        (_restore_sqlite if _vendor() == "sqlite" else _restore_postgresql)(dump)
        _restore_media(folder, media_root)
        counts = current_counts()
        if counts != manifest["counts"]:
            wrong = sorted(
                t
                for t in counts.keys() | manifest["counts"].keys()
                if counts.get(t) != manifest["counts"].get(t)
            )
            raise BackupError(f"restored row counts differ from the manifest in: {wrong}")
        written = _restore_secret_key(folder, key_file)
    return Restored(manifest=manifest, secret_key_written=written)


def backup_name(now: datetime.datetime) -> str:
    return f"ducha-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar.gz"


def archives_to_prune(
    names: list[str], *, now: datetime.datetime, keep_days: int, keep_months: int
) -> list[str]:
    """Archives (named by backup_name) past retention: every archive of the last `keep_days`
    days is kept, and the first archive of each of the last `keep_months` months."""
    dated = []
    for name in names:
        try:
            stamp = datetime.datetime.strptime(name, "ducha-%Y%m%d-%H%M%S.tar.gz")
        except ValueError:
            continue  # not one of ours
        dated.append((stamp, name))
    today = timezone.localtime(now).replace(tzinfo=None)
    first_of_month: dict[tuple[int, int], str] = {}
    for stamp, name in sorted(dated):
        first_of_month.setdefault((stamp.year, stamp.month), name)
    months = sorted(first_of_month, reverse=True)[:keep_months]
    keep = {first_of_month[m] for m in months}
    keep |= {name for stamp, name in dated if today - stamp < datetime.timedelta(days=keep_days)}
    return sorted(name for _, name in dated if name not in keep)
