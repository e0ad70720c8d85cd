"""An inspector imports an office's ledger in the real browser: upload, preview, confirm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from ducha.ledger.models import WorkItem
from tests.factories import PASSWORD, make_inspector, make_leader, make_source, make_unit
from tests.ledger.sheets import office_ledger

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def site(transactional_db: None, django_db_serialized_rollback: None, live_server: Any) -> str:
    # Serialized rollback restores the migrations' data (the statuses) for later tests.
    make_source("政府工作报告")
    make_leader("石迎军", title="常务副市长")
    for name in ("市住建局", "市财政局"):
        make_unit(name)
    make_inspector("inspector")
    return str(live_server.url)


@pytest.mark.browser
def test_inspector_uploads_previews_confirms_and_sees_the_result(
    page: Page, site: str, tmp_path: Path
) -> None:
    path = tmp_path / "2017年台账.xlsx"
    path.write_bytes(office_ledger())
    page.goto(site + "/office/ledger/import/")
    page.fill("#id_username", "inspector")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("导入台账")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_year", "2017")
    page.get_by_role("button", name="上传并校验").click()
    # The check runs beside the request; the page refreshes itself until the preview.
    expect(page.locator("#summary")).to_contain_text("将新建4项", timeout=20_000)
    expect(page.locator("#preview")).to_contain_text("拆迁安置")
    expect(page.locator("#confirm")).to_contain_text("市国土局")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ledger-import-preview.png"), full_page=True)
    assert not WorkItem.objects.exists()

    page.get_by_label("新建以上列出的单位和领导").check()
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.locator(".done")).to_contain_text("已导入：新建4项", timeout=20_000)
    assert WorkItem.objects.count() == 4
    page.screenshot(path=str(SHOTS / "ledger-import-done.png"), full_page=True)
