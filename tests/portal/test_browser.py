"""The demo bulletin in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ducha.demo.loader import load_demo

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def demo_site(transactional_db: None, live_server: Any) -> str:
    load_demo()
    return str(live_server.url)


@pytest.mark.browser
def test_reader_finds_the_bulletin_from_the_column_and_switches_language(
    page: Page, demo_site: str
) -> None:
    page.goto(demo_site + "/")
    page.get_by_role("link", name="市政府1-6月份重大工作事项落实情况").click()
    expect(page).to_have_url(demo_site + "/bulletins/2017-H1/")
    expect(page.locator("h1")).to_have_text("市政府1-6月份重大工作事项落实情况")
    expect(page.locator("nav.breadcrumb")).to_contain_text("首页 > 专题 > 督查在线 > 专项督查工作")
    expect(page.locator(".body h2")).to_have_text(["一、整体情况", "二、工作亮点", "三、督查建议"])
    expect(page.locator(".meta")).to_contain_text("2017-07-03 17:50")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "bulletin-2017-H1.png"), full_page=False)

    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="切换").click()
    expect(page.locator("nav.breadcrumb")).to_contain_text("Supervision online")
    # The bulletin itself is an official Chinese text and stays as published.
    expect(page.locator("h1")).to_have_text("市政府1-6月份重大工作事项落实情况")
