"""Spreadsheets as offices write them, built for tests with openpyxl and LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
OFFICE_HEADER = ["序号", "工作事项", "牵头领导", "牵头单位", "配合单位", "完成时限", "事项来源"]


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    title: str = "台账",
    merges: Sequence[str] = (),
    title_row: str | None = None,
) -> bytes:
    """An .xlsx written by openpyxl; `title_row` goes above the header, merged across it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    if title_row:
        sheet.append([title_row])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def libreoffice_convert(
    source: Path, target_suffix: str, workdir: Path, *, infilter: str = ""
) -> Path:
    """Convert `source` with LibreOffice headless (its own profile dir) and return the result."""
    outdir = workdir / "converted"
    outdir.mkdir(exist_ok=True)
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{workdir / 'lo-profile'}",
        "--headless",
        "--convert-to",
        target_suffix,
        "--outdir",
        str(outdir),
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    subprocess.run([*command, str(source)], check=True, capture_output=True, timeout=120)
    result = outdir / (source.stem + "." + target_suffix.split(":")[0])
    assert result.is_file(), f"LibreOffice wrote nothing for {source.name}"
    return result


def read_back(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))
