"""An inspector imports a published bulletin in the real browser: upload, preview, confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ducha.review.models import Rating, Recommendation, Round
from tests.factories import PASSWORD, make_inspector

DATA = Path(__file__).resolve().parents[1] / "data"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def site(transactional_db: None, django_db_serialized_rollback: None, live_server: Any) -> str:
    # Serialized rollback restores the migrations' data (the statuses) for later tests.
    make_inspector("inspector")
    return str(live_server.url)


@pytest.mark.browser
def test_inspector_reads_a_bulletin_previews_it_and_imports_it(page: Page, site: str) -> None:
    page.goto(site + "/office/bulletins/import/")
    page.fill("#id_username", "inspector")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("导入已发布的通报")
    page.set_input_files("#id_file", str(DATA / "seed-xuchang-2017-h1.txt"))
    page.fill("#id_code", "2017-H1B")
    page.get_by_role("button", name="读取并预览").click()
    # The text gives 1-6月份 but no year: the page asks, with the portal date's suggestion.
    expect(page.get_by_role("alert")).to_contain_text("没有写明年份")
    expect(page.locator("#id_period_start")).to_have_value("2017-01-01")
    expect(page.locator("#id_period_end")).to_have_value("2017-06-30")
    page.get_by_role("button", name="读取并预览").click()

    preview = page.locator("section[aria-labelledby=preview]")
    expect(preview).to_contain_text("市政府1-6月份重大工作事项落实情况")
    expect(preview.locator("table.findings")).to_contain_text("58日")
    expect(preview.locator("table.findings")).to_contain_text("市市商务局")
    expect(preview.locator("table.planned-items")).to_contain_text("大气环境治理")
    expect(preview.locator("table.planned-links")).to_contain_text("进展缓慢的部分中小学项目")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "bulletin-import-preview.png"), full_page=True)
    assert not Round.objects.filter(code="2017-H1B").exists()

    page.get_by_role("button", name="导入为新的督查轮次").click()
    expect(page.get_by_role("status")).to_contain_text("已导入为督查轮次 2017-H1B")
    round = Round.objects.get(code="2017-H1B")
    assert Rating.objects.filter(round=round).count() == 12
    assert Recommendation.objects.get(round=round, position=1).items.get().title == "大气环境治理"
