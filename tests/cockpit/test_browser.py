"""The cockpit, the assessment and the search in the real browser, with the demo."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from ducha.demo.loader import load_demo
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress.services import save_report
from ducha.review.models import Rating, Round, Status
from ducha.review.services import create_round, set_rating
from tests.factories import PASSWORD, make_reporter
from tests.progress.test_browser import log_in, shot

HEATING = "市区集中供热"


def add_first_quarter() -> None:
    """An earlier round of the demo year, every item a grade better than at the half-year
    where it can be, so the trend has two points and some items got worse."""
    q1 = create_round(
        Round(
            code="2017-Q1",
            name="2017年1-3月",
            title="市政府1-3月份重大工作事项落实情况",
            period_start=datetime.date(2017, 1, 1),
            period_end=datetime.date(2017, 3, 31),
            cutoff=datetime.date(2017, 3, 31),
        ),
        actor=None,
    )
    statuses = {s.code: s for s in Status.objects.all()}
    better = {"serious": "needs_effort", "needs_effort": "on_track"}
    ratings = Rating.objects.filter(round__code="2017-H1").select_related("status", "item")
    for n, rating in enumerate(ratings.order_by("item__code")):
        code = better.get(rating.status.code, rating.status.code) if n % 3 else rating.status.code
        set_rating(q1, rating.item, status=statuses[code], actor=None)


@pytest.fixture
def site(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    add_first_quarter()
    heating = WorkItem.objects.get(title=HEATING)
    zjj = Unit.objects.get(short_name="市住建局")
    reporter = make_reporter(zjj, "zjj")
    h1 = Round.objects.get(code="2017-H1")
    save_report(
        heating,
        h1,
        unit=zjj,
        actor=reporter,
        values={},
        submit=True,
        narrative="市区集中供热管网改造已完成80%，热源厂主体完工。",
    )
    fgw = Unit.objects.get(short_name="市发改委")
    from django.contrib.auth import get_user_model

    save_report(
        heating,
        h1,
        unit=fgw,
        actor=get_user_model().objects.get(username="fgw"),
        values={},
        narrative="供热价格调整方案草稿，尚未报送",
    )
    return str(live_server.url)


def click_first_bar(page: Page, chart_id: str) -> None:
    """Click the middle of the first non-empty bar of a stacked horizontal bar chart."""
    box = page.locator(f"#{chart_id}")
    expect(box).to_have_attribute("data-drawn", "true")
    x, y = page.evaluate(
        """(id) => {
            const chart = echarts.getInstanceByDom(document.getElementById(id));
            const series = chart.getOption().series;
            let before = 0;
            for (let i = 0; i < series.length; i++) {
                const value = series[i].data[0].value;
                if (value > 0) {
                    return chart.convertToPixel({seriesIndex: i}, [before + value / 2, 0]);
                }
                before += value;
            }
            return null;
        }""",
        chart_id,
    )
    bounds = box.bounding_box()
    assert bounds is not None
    page.mouse.click(bounds["x"] + x, bounds["y"] + y)


@pytest.mark.browser
def test_leader_cockpit_bar_to_items(browser: Browser, site: str) -> None:
    leader = log_in(browser, site, "leader")
    leader.goto(site + "/office/")  # the office home: a leader's workbench
    leader.get_by_role("link", name="驾驶舱").click()
    expect(leader.locator("h1")).to_contain_text("驾驶舱")
    rows = leader.locator("#table-leader tbody th")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_text("石迎军常务副市长")
    expect(leader.locator('select[name="for_leader"]')).to_have_count(0)
    mine = WorkItem.objects.filter(leaders__name="石迎军").count()
    expect(leader.locator(".headline")).to_contain_text(f"本视图共{mine}项事项")
    # The first bar of the chart by leader: one status of his items; its list matches it.
    first_count = int(leader.locator("#table-leader tbody td a").first.inner_text())
    click_first_bar(leader, "chart-leader")
    expect(leader.locator("h1")).to_contain_text("事项清单")
    expect(leader.locator("#cockpit-items tbody tr")).to_have_count(first_count)
    for title in leader.locator("#cockpit-items tbody td a").all_inner_texts():
        assert WorkItem.objects.filter(title=title, leaders__name="石迎军").exists()


@pytest.mark.browser
def test_cockpit_screenshots_desktop_phone_and_print(browser: Browser, site: str) -> None:
    """Writes var/screenshots/cockpit-desktop.png and cockpit-phone.png (copied by hand to
    docs/ when the page changes) and cockpit-print.pdf."""
    head = log_in(browser, site, "head")
    errors: list[str] = []  # console errors, among them any Content-Security-Policy report
    head.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    head.goto(site + "/cockpit/")
    for chart in ("status", "leader", "lead_unit", "source", "trend", "discipline", "warnings"):
        expect(head.locator(f"#chart-{chart}")).to_have_attribute("data-drawn", "true")
    expect(head.locator("#worse")).to_contain_text("较2017年1-3月变差的事项")
    shot(head, "cockpit-desktop")
    phone = log_in(browser, site, "leader", phone=True)
    phone.goto(site + "/cockpit/")
    expect(phone.locator("#chart-leader")).to_have_attribute("data-drawn", "true")
    # On a phone the figures stack in one column no wider than the screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone, "cockpit-phone")
    pdf = head.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    (Path("var/screenshots") / "cockpit-print.pdf").write_bytes(pdf)
    for path in (
        "/cockpit/items/?round=2017-H1&worse=1",
        "/office/assessment/2017/",
        "/office/assessment/2017/rules/",
        "/office/search/?q=供热",
        "/search/?q=供热",
    ):
        head.goto(site + path)
        head.wait_for_load_state("networkidle")
    assert errors == []


@pytest.mark.browser
def test_head_opens_ranking_and_a_units_explanation(browser: Browser, site: str) -> None:
    head = log_in(browser, site, "head")
    head.goto(site + "/office/")
    head.get_by_role("link", name="考核").click()
    expect(head.locator("h1")).to_contain_text("2017年度单位考核")
    row = head.locator("#ranking tbody tr", has_text="市住建局")
    row.locator("summary").click()
    expect(row.locator(".lines")).to_be_visible()
    row.get_by_role("link", name="市住建局").click()
    expect(head.locator("h1")).to_contain_text("市住建局")
    expect(head.locator("#explanation")).to_contain_text("基础分")
    expect(head.locator("#explanation")).to_contain_text("「市区集中供热」评定为需要加大力度")


@pytest.mark.browser
def test_search_finds_item_report_and_bulletin(browser: Browser, site: str) -> None:
    inspector = log_in(browser, site, "inspector")
    inspector.goto(site + "/office/")
    inspector.get_by_label("搜索", exact=True).fill("供热")
    inspector.get_by_label("搜索", exact=True).press("Enter")
    expect(inspector.locator("#results-item")).to_contain_text(HEATING)
    expect(inspector.locator("#results-report")).to_contain_text("热源厂主体完工")
    expect(inspector.locator("#results-bulletin")).to_contain_text(
        "市政府1-6月份重大工作事项落实情况"
    )
    expect(inspector.locator("#results-report mark").first).to_have_text("供热")
    expect(inspector.locator("body")).not_to_contain_text("供热价格调整方案草稿")

    gxw = log_in(browser, site, "gxw")
    gxw.goto(site + "/office/")
    gxw.get_by_label("搜索", exact=True).fill("供热")
    gxw.get_by_label("搜索", exact=True).press("Enter")
    expect(gxw.locator("#results-item")).to_contain_text("0条")
    expect(gxw.locator("#results-report")).to_contain_text("0条")
    expect(gxw.locator("body")).not_to_contain_text("供热价格调整方案草稿")
    gxw.goto(site + "/office/search/?q=价格调整")
    expect(gxw.locator(".summary")).to_contain_text("共0条结果")

    public = browser.new_page()
    public.goto(site + "/")
    public.get_by_label("搜索通报").fill("集中供热")
    public.get_by_label("搜索通报").press("Enter")
    expect(public.locator(".search-hits")).to_contain_text("市政府1-6月份重大工作事项落实情况")
    expect(public.locator(".search-hits mark").first).to_have_text("集中供热")


__all__ = ["PASSWORD"]
