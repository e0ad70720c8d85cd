"""A unit's progress sheet in a real browser: download, fill in, upload, see the report."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, expect

from ducha.progress.models import ProgressReport
from tests.progress.test_browser import TITLE, demo_site, log_in, shot

__all__ = ["demo_site"]  # the fixture, used by name


@pytest.mark.browser
def test_download_fill_upload_and_the_report_is_in_the_inbox(
    browser: Browser, demo_site: str, tmp_path: Path
) -> None:
    fgw = log_in(browser, demo_site, "fgw")
    fgw.goto(demo_site + "/inbox/")
    with fgw.expect_download() as info:
        fgw.get_by_role("link", name="下载本轮进展表（.xlsx）").click()
    sheet_path = tmp_path / "进展表.xlsx"
    info.value.save_as(sheet_path)

    workbook = openpyxl.load_workbook(sheet_path)
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("事项名称")].value == TITLE)
    assert row[header.index("目标名称")].value == "到位资金"
    row[header.index("本期完成值")].value = 293
    row[header.index("进展情况")].value = "1-6月全市重点项目到位资金293亿元。"
    workbook.save(sheet_path)

    fgw.get_by_role("link", name="上传填好的进展表").click()
    fgw.get_by_label("进展表").set_input_files(str(sheet_path))
    fgw.get_by_label("直接报送督查室").check()
    fgw.get_by_role("button", name="上传", exact=True).click()

    expect(fgw.locator(".messages")).to_contain_text("报送1份")
    expect(fgw.locator("#mine")).to_contain_text(TITLE)
    expect(fgw.locator("#mine tr", has_text=TITLE)).to_contain_text("已报送")
    shot(fgw, "inbox-after-sheet-upload")
    report = ProgressReport.objects.get(item__title=TITLE, unit__short_name="市发改委")
    assert report.state == "submitted" and report.updated_by is not None
    assert report.updated_by.username == "fgw"
    assert [str(v) for v in report.values.all()] == ["到位资金293亿元"]
