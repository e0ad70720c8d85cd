"""`ducha backup` and `ducha restore` round-trip an installation: a demo with evidence files,
on the database this suite runs on (SQLite, or PostgreSQL in CI's second leg)."""

from __future__ import annotations

import datetime
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ducha.core.backup import archives_to_prune

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SERVER_URL = os.environ.get("DUCHA_DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))

ADD_EVIDENCE = """
import django; django.setup()
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from ducha.ledger.models import WorkItem
from ducha.progress import services
from ducha.progress.files import check_upload
from ducha.review.models import Round
item = WorkItem.objects.get(title="加快重点项目建设")
files = [check_upload(SimpleUploadedFile(n, data)) for n, data in
         (("项目清单.pdf", {pdf!r}), ("现场照片.png", {png!r}))]
services.save_report(item, Round.objects.get(code="2017-H1"), unit=item.lead_unit,
    actor=get_user_model().objects.get(username="fgw"), narrative="备份前的报告",
    values={{}}, files=files, submit=True)
"""
STATE = """
import json, django; django.setup()
from django.contrib.auth import get_user_model
from ducha.core.backup import current_counts
from ducha.progress.models import ProgressReport
print(json.dumps({"counts": current_counts(),
    "fgw": get_user_model().objects.get(username="fgw").check_password("fgw-2017"),
    "reports": list(ProgressReport.objects.values_list("narrative", flat=True))}))
"""


class Site:
    """An installation: its database, media folder and key file, run as subprocesses."""

    def __init__(self, folder: Path, database_url: str) -> None:
        folder.mkdir()
        self.media = folder / "media"
        self.key = folder / "secret_key"
        self.key.write_text(secrets.token_urlsafe(50))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
        self.env |= {
            "DUCHA_DATABASE_URL": database_url,
            "DUCHA_MEDIA_ROOT": str(self.media),
            "DUCHA_SECRET_KEY_FILE": str(self.key),
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "ducha.settings",
        }

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, *args], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def ducha(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "ducha", *args, check=check)

    def state(self) -> dict[str, object]:
        return dict(json.loads(self.run("-c", STATE).stdout))

    def state_is_empty(self) -> bool:
        script = (
            "import django; django.setup(); from django.db import connection;"
            "print(len(connection.introspection.table_names()))"
        )
        tables = int(self.run("-c", script).stdout)
        return tables == 0 and not (self.media.exists() and any(self.media.iterdir()))

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.media).as_posix(): p.read_bytes()
            for p in sorted(self.media.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def database_urls(tmp_path: Path) -> Iterator[list[str]]:
    """Three new, empty databases of the kind the suite runs on."""
    if not ON_POSTGRES:
        yield [f"sqlite:///{tmp_path / f'{n}.sqlite3'}" for n in "abc"]
        return
    parts = urlsplit(SERVER_URL)
    server = f"{parts.scheme}://{parts.netloc}"
    names = [f"ducha_backup_{uuid.uuid4().hex[:8]}_{n}" for n in "abc"]

    def psql(sql: str) -> None:
        subprocess.run(["psql", "-q", f"{server}/postgres", "-c", sql], check=True)

    for name in names:
        psql(f'CREATE DATABASE "{name}"')
    try:
        yield [f"{server}/{name}" for name in names]
    finally:
        for name in names:
            psql(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_demo_with_evidence_files_round_trips(tmp_path: Path, database_urls: list[str]) -> None:
    source = Site(tmp_path / "source", database_urls[0])
    source.ducha("migrate", "--no-input", "-v", "0")
    source.ducha("demo")
    source.run("-c", ADD_EVIDENCE.format(pdf=PDF, png=PNG))
    archive = tmp_path / "backups" / "ducha.tar.gz"

    made = source.ducha("backup", str(archive))
    assert "files" in made.stdout and archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[-1] == "manifest.json" and "secret_key" in names
    assert any(n.startswith("database.") for n in names)
    assert sum(n.startswith("media/evidence/") for n in names) == 2

    target = Site(tmp_path / "target", database_urls[1])
    restored = target.ducha("restore", str(archive))
    assert "checksums and row counts match the manifest" in restored.stdout

    before, after = source.state(), target.state()
    assert after == before
    assert after["fgw"] is True and after["reports"] == ["备份前的报告"]
    assert target.files() == source.files()
    assert sorted(target.files().values()) == sorted([PDF, PNG])
    assert target.key.read_text() == source.key.read_text()
    bulletin = ("bulletin", "2017-H1", "--format", "txt", "-o", "-")
    text = source.ducha(*bulletin).stdout
    assert "督查" in text and target.ducha(*bulletin).stdout == text

    again = target.ducha("restore", str(archive), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_damaged_archive_is_refused_before_anything_is_written(
    tmp_path: Path, database_urls: list[str]
) -> None:
    source = Site(tmp_path / "source", database_urls[0])
    source.ducha("migrate", "--no-input", "-v", "0")
    (source.media / "evidence").mkdir(parents=True)
    (source.media / "evidence" / "a.pdf").write_bytes(PDF)
    archive = tmp_path / "ducha.tar"
    source.ducha("backup", str(archive))

    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/evidence/a.pdf":
                data = data.replace(b"1 0 obj", b"2 0 obj")
            out.addfile(member, io.BytesIO(data))

    target = Site(tmp_path / "target", database_urls[2])
    refused = target.ducha("restore", str(damaged), check=False)
    assert refused.returncode != 0
    assert "media/evidence/a.pdf does not match its checksum" in refused.stderr
    assert target.state_is_empty()


def test_retention_keeps_two_weeks_and_each_months_first() -> None:
    now = datetime.datetime(2017, 7, 20, 3, 0, tzinfo=datetime.UTC)
    days = [datetime.date(2017, 1, 1) + datetime.timedelta(days=n) for n in range(200)]
    names = [f"ducha-{d:%Y%m%d}-023000.tar.gz" for d in days] + ["notes.txt"]
    pruned = set(archives_to_prune(names, now=now, keep_days=14, keep_months=3))
    kept = set(names) - pruned
    assert "notes.txt" in kept
    assert {"ducha-20170501-023000.tar.gz", "ducha-20170601-023000.tar.gz"} <= kept
    assert "ducha-20170401-023000.tar.gz" in pruned  # the fourth month back
    recent = {f"ducha-201707{d:02d}-023000.tar.gz" for d in range(7, 20)}  # the last 14 days
    months = {f"ducha-2017{m:02d}01-023000.tar.gz" for m in (5, 6, 7)}
    assert kept == {"notes.txt"} | recent | months
