"""Command-line failures are one line in Chinese and English, exit code 1, no traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.core.test_cli import ducha
from tests.hostile import expanding_docx, far_cell_xlsx


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli")
    ducha("migrate", "-v", "0", tmp_path=path)
    result = ducha("demo", tmp_path=path)
    assert result.returncode == 0, result.stderr
    return path


def test_a_device_is_refused_before_reading(migrated: Path) -> None:
    # /dev/zero used to be read for ever.
    result = ducha("read-bulletin", "/dev/zero", tmp_path=migrated)
    assert_one_line_failure(result, "不是普通文件", "not a regular file")


def test_a_fifo_is_refused_without_blocking(migrated: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = ducha("import-ledger", str(fifo), tmp_path=migrated)
    assert_one_line_failure(result, "不是普通文件", "FIFO")


def test_a_missing_file_and_a_directory_are_named(migrated: Path, tmp_path: Path) -> None:
    result = ducha("lint-bulletin", str(tmp_path / "none.txt"), tmp_path=migrated)
    assert_one_line_failure(result, "无法打开文件", "cannot open")
    result = ducha("import-progress", str(tmp_path), "--user", "fgw", tmp_path=migrated)
    assert_one_line_failure(result, "是目录", "is a directory")


def test_a_file_over_the_limit_is_refused_before_reading(migrated: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)  # sparse: nothing is written, stat says 6 MB
    result = ducha("read-bulletin", str(big), tmp_path=migrated)
    assert_one_line_failure(result, "超过 5 MB", "larger than 5 MB")


def test_an_expanding_docx_is_refused_by_its_xml(migrated: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(expanding_docx(300))  # under 0.5 MB, 300 MB of XML
    result = ducha("read-bulletin", str(path), tmp_path=migrated)
    assert_one_line_failure(result, "解压后的内容超过32 MB")


def test_a_hostile_sheet_is_a_clear_error_not_an_abort(migrated: Path, tmp_path: Path) -> None:
    # import-progress exited 134 (SIGABRT inside python-calamine).
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(far_cell_xlsx("XFD100000"))
    result = ducha("import-progress", str(path), "--user", "fgw", tmp_path=migrated)
    assert_one_line_failure(result, "超过列数上限")
    result = ducha("import-ledger", str(path), tmp_path=migrated)
    assert_one_line_failure(result, "超过列数上限")


def test_output_to_a_directory_or_a_missing_folder(migrated: Path, tmp_path: Path) -> None:
    result = ducha("bulletin", "2017-H1", "-o", str(tmp_path), tmp_path=migrated)
    assert_one_line_failure(result, "是目录", "is a directory")
    missing = tmp_path / "no" / "such" / "ledger.xlsx"
    result = ducha("export-ledger", str(missing), tmp_path=migrated)
    assert_one_line_failure(result, "不存在", "does not exist")


def test_a_bad_environment_value_is_one_line(tmp_path: Path) -> None:
    result = ducha("check", tmp_path=tmp_path, env={"DUCHA_DEBUG": "maybe"})
    assert_one_line_failure(result, "配置错误", "configuration error", "DUCHA_DEBUG")
    result = ducha("check", tmp_path=tmp_path, env={"DUCHA_DATABASE_URL": "mysql://x/y"})
    assert_one_line_failure(result, "配置错误", "DUCHA_DATABASE_URL")


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    # Port 9 (discard) on this machine: nothing listens, the connection is refused.
    url = "postgres://postgres@127.0.0.1:9/ducha"
    result = ducha("send-reminders", tmp_path=tmp_path, env={"DUCHA_DATABASE_URL": url})
    assert_one_line_failure(result, "数据库错误", "database error")
