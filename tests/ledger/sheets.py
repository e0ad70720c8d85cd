"""Spreadsheets as offices write them, built for tests with openpyxl and LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from ducha.ledger.models import Source
from ducha.org.models import Leader, Unit

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


@dataclass
class Registered:
    source: Source
    leader: Leader
    housing: Unit
    finance: Unit
    land: Unit


def office_ledger() -> bytes:
    """Typed the way an office would: title row, merged leader cells, text dates, 、."""
    rows = [
        OFFICE_HEADER,
        [
            1,
            "建设许昌大道",
            "石迎军",
            "市住建局",
            "市财政局、市国土局",
            "2017年6月底",
            "政府工作报告",
        ],
        [None, "1.完成征地", None, "市国土局", None, "6月30日前", None],
        [None, "(1)拆迁安置", None, "市国土局", None, "年底前", None],
        [2, "城区环境整治", "石迎军", "市住建局", "市财政局\n市国土局", "长期坚持", "政府工作报告"],
    ]
    return xlsx(rows, title_row="2017年重大工作事项台账", merges=["C3:C6"])
