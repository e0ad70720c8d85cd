"""Publishing a correction from the browser: an inspector drafts, the head approves.

Kept beside the portal tests: transactional tests flush the database, so they run after
test_article.py's serialized-rollback test (pytest runs files in name order).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ducha.bulletins.models import Bulletin, BulletinState
from ducha.core.models import AuditEvent
from ducha.demo.loader import load_demo


@pytest.fixture
def demo_site(transactional_db: None, live_server: Any) -> str:
    load_demo()
    return str(live_server.url)


def log_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(site + "/accounts/login/?next=/office/bulletins/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出").click()


@pytest.mark.browser
def test_inspector_words_a_correction_and_the_head_publishes_it(page: Page, demo_site: str) -> None:
    log_in(page, demo_site, "inspector", "inspector-2017")
    expect(page.get_by_role("heading", name="督查通报", exact=True)).to_be_visible()
    page.get_by_label("更正说明").fill("更正第十五项亮点中“市市商务局”的笔误。")
    page.get_by_role("button", name="发起更正").click()
    expect(page.locator(".state")).to_have_text("草稿")

    # The counts are shown, computed, with their shares; they have no input field.
    expect(page.locator("table.overview")).to_contain_text("79")
    expect(page.locator("table.overview")).to_contain_text("60.3%")
    opening = page.get_by_label("开头")
    opening.fill("经督查，【期间】市长议事会确定的131项工作进展顺利。现通报如下：")
    page.get_by_role("button", name="保存措辞").click()
    expect(page.get_by_role("alert")).to_contain_text("不能手工填写数字")
    opening.fill(
        "市政府督查室对【期间】市长议事会确定的【总数】项工作落实情况进行了专项督查，总体进展顺利。现通报如下："
    )
    page.get_by_label("（一）关于大气环境治理工作").fill("认清严峻形势。\n狠抓工作落实。")
    page.get_by_role("button", name="保存措辞").click()
    expect(page.locator(".preview")).to_contain_text("总体进展顺利")
    expect(page.locator(".preview")).to_contain_text("一是认清严峻形势。二是狠抓工作落实。")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".state")).to_have_text("待审核")
    # The one who submitted it cannot approve it.
    expect(page.get_by_role("button", name="审核通过并发布")).to_have_count(0)
    log_out(page)

    log_in(page, demo_site, "head", "head-2017")
    page.get_by_role("link", name="第2版").click()
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator(".state")).to_have_text("已发布")

    page.get_by_role("link", name="在门户网站查看").click()
    expect(page.locator(".correction")).to_contain_text("市市商务局")
    expect(page.locator(".body")).to_contain_text("总体进展顺利")
    expect(page.locator(".body")).to_contain_text("131项工作")
    assert Bulletin.objects.get(version=1).state == BulletinState.SUPERSEDED
    steps = AuditEvent.objects.filter(target_type="bulletins.bulletin").values_list(
        "action", "actor__username"
    )
    assert ("bulletin.approve", "head") in steps and ("bulletin.worded", "inspector") in steps
