"""The reporting story in a real browser, with the demo's logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ducha.demo.loader import load_demo
from ducha.ledger.models import WorkItem
from ducha.progress.models import Evidence, ProgressReport
from ducha.review.models import Rating

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "加快重点项目建设"


@pytest.fixture
def demo_site(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    return str(live_server.url)


def log_in(browser: Browser, site: str, username: str, *, phone: bool = False) -> Page:
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    page.goto(site + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(f"{username}-2017")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.mark.browser
def test_report_return_resubmit_accept_and_rate(
    browser: Browser, demo_site: str, tmp_path: Path
) -> None:
    item = WorkItem.objects.get(title=TITLE)
    evidence_file = tmp_path / "一季度重点项目进展.pdf"
    evidence_file.write_bytes(PDF)

    # The reporter of 市发改委 acknowledges the assignment and sends the report with a file.
    fgw = log_in(browser, demo_site, "fgw")
    fgw.goto(demo_site + "/inbox/")
    expect(fgw.locator("h1")).to_contain_text("市发改委")
    fgw.locator("#due").get_by_role("link", name=TITLE).click()
    fgw.get_by_role("button", name="签收").click()
    expect(fgw.locator(".assignments")).to_contain_text("签收")
    fgw.get_by_label("工作进展").fill("1-6月全市重点项目到位资金293亿元。")
    fgw.get_by_label("到位资金").fill("293")
    fgw.get_by_label("佐证材料").set_input_files(str(evidence_file))
    fgw.get_by_role("button", name="报送督查室").click()
    expect(fgw.locator(".messages")).to_contain_text("已报送")
    expect(fgw.locator(".part")).to_contain_text("已报送")
    shot(fgw, "item-reporter-sent")

    # The inspector returns it with a reason.
    inspector = log_in(browser, demo_site, "inspector")
    inspector.goto(demo_site + f"/workbench/?unit={item.lead_unit_id}")
    inspector.get_by_role("link", name=TITLE).click()
    expect(inspector.locator(".part")).to_contain_text("到位资金293亿元")
    expect(inspector.locator(".files")).to_contain_text("一季度重点项目进展.pdf")
    inspector.get_by_label("退回原因").fill("请补充项目清单")
    inspector.get_by_role("button", name="退回", exact=True).click()
    expect(inspector.locator(".part")).to_contain_text("已退回")

    # The reporter sees it among the returned reports and sends it again.
    fgw.goto(demo_site + "/inbox/")
    expect(fgw.locator("#returned")).to_contain_text(TITLE)
    expect(fgw.locator(".notes")).to_contain_text("请补充项目清单")
    shot(fgw, "inbox-returned")
    fgw.locator("#returned").get_by_role("link", name=TITLE).click()
    expect(fgw.get_by_label("到位资金")).to_have_value("293")
    fgw.get_by_label("工作进展").fill("1-6月全市重点项目到位资金293亿元，项目清单见附件。")
    fgw.get_by_role("button", name="报送督查室").click()
    expect(fgw.locator(".part")).to_contain_text("已报送")

    # The inspector accepts and rates, with the suggestion beside the form.
    inspector.reload()
    inspector.get_by_role("button", name="采纳").click()
    expect(inspector.locator(".part")).to_contain_text("已采纳")
    expect(inspector.locator(".suggestion")).to_contain_text("占年度目标560亿元的52%")
    inspector.locator("#rating").get_by_label("状态").select_option(label="有序推进")
    inspector.get_by_role("button", name="保存评定").click()
    expect(inspector.locator(".messages")).to_contain_text("已保存评定")
    expect(inspector.locator("#timeline")).to_contain_text("采纳建议评定")
    expect(inspector.locator("#timeline")).to_contain_text("退回报告：请补充项目清单")
    shot(inspector, "item-inspector-rated")
    report = ProgressReport.objects.get(item=item)
    assert report.state == "accepted"
    assert Rating.objects.get(item=item, round__code="2017-H1").status.code == "on_track"

    # The reporter of 市工信委 sees none of it.
    gxw = log_in(browser, demo_site, "gxw")
    gxw.goto(demo_site + "/inbox/")
    expect(gxw.locator("main")).not_to_contain_text(TITLE)
    for url in [f"/items/{item.pk}/", f"/evidence/{Evidence.objects.get().pk}/"]:
        response = gxw.goto(demo_site + url)
        assert response is not None and response.status == 404

    # The workbench on a phone's screen.
    phone = log_in(browser, demo_site, "inspector", phone=True)
    phone.goto(demo_site + "/workbench/")
    expect(phone.locator("h1")).to_contain_text("工作台")
    shot(phone, "workbench-phone", full_page=False)
