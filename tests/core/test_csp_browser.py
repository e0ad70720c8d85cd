"""Every main page of every role passes the Content-Security-Policy in Chromium: no inline
script or style, nothing from elsewhere (a violation is a console error there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from ducha.bulletins.models import Bulletin
from ducha.demo.loader import load_demo
from ducha.ledger.models import WorkItem

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def demo_site(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    return str(live_server.url)


def visit(browser: Browser, site: str, username: str | None, paths: list[str]) -> list[str]:
    """The console errors and CSP reports of the pages, as `username` (None: anonymous)."""
    page: Page = browser.new_context().new_page()
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    if username:
        page.goto(site + "/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(f"{username}-2017")
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
    for path in paths:
        response = page.goto(site + path)
        assert response is not None and response.status == 200, (username, path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        page.wait_for_load_state("networkidle")
    if username == "inspector":
        page.goto(site + "/office/audit/")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "audit-trail.png"), full_page=False)
    page.context.close()
    return errors


@pytest.mark.browser
def test_no_page_of_any_role_breaks_the_policy(browser: Browser, demo_site: str) -> None:
    item = WorkItem.objects.get(title="加快重点项目建设")
    bulletin = Bulletin.objects.order_by("pk").first()
    assert bulletin is not None
    office = [
        "/workbench/",
        "/rounds/2017-H1/ratings/",
        "/rounds/2017-H1/changes/",
        "/office/bulletins/",
        f"/office/bulletins/{bulletin.pk}/",
        "/office/bulletins/import/",
        "/office/ledger/import/",
        "/office/audit/",
        f"/items/{item.pk}/",
        "/accounts/password/",
        "/api/docs/",
    ]
    visits = {
        None: ["/", "/bulletins/2017-H1/", "/bulletins/2017-H1/?size=large", "/accounts/login/"],
        "inspector": office,
        "head": ["/workbench/", "/office/bulletins/", f"/office/bulletins/{bulletin.pk}/"],
        "leader": ["/workbench/", "/rounds/2017-H1/changes/", f"/items/{item.pk}/"],
        "fgw": ["/inbox/", f"/items/{item.pk}/", "/accounts/password/"],
        "admin": [
            "/admin/",
            "/admin/ledger/workitem/",
            f"/admin/ledger/workitem/{item.pk}/change/",
            "/admin/core/auditevent/",
        ],
    }
    errors = [e for user, paths in visits.items() for e in visit(browser, demo_site, user, paths)]
    assert errors == []
