"""The article's reading tools in Debian's Chromium: 字号, print media, downloads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ducha.demo.loader import load_demo

ARTICLE = "/bulletins/2017-H1/"


@pytest.fixture
def demo_site(transactional_db: None, live_server: Any) -> str:
    load_demo()
    return str(live_server.url)


def body_font_size(page: Page) -> float:
    size = page.eval_on_selector(".body p", "p => getComputedStyle(p).fontSize")
    return float(size.removesuffix("px"))


@pytest.mark.browser
def test_font_size_switch_changes_the_text_size(page: Page, demo_site: str) -> None:
    page.goto(demo_site + ARTICLE)
    medium = body_font_size(page)
    page.get_by_role("link", name="大", exact=True).click()
    expect(page.locator("#article")).to_have_class("article size-large")
    assert body_font_size(page) > medium
    page.get_by_role("link", name="小", exact=True).click()
    assert body_font_size(page) < medium
    # The choice is remembered for the next article.
    page.reload()
    expect(page.locator("#article")).to_have_class("article size-small")


@pytest.mark.browser
def test_font_size_switch_works_without_javascript(browser: Any, demo_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + ARTICLE)
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    page.get_by_role("link", name="大", exact=True).click()
    expect(page).to_have_url(demo_site + ARTICLE + "?size=large#article")
    expect(page.locator("#article")).to_have_class("article size-large")
    context.close()


@pytest.mark.browser
def test_print_media_shows_only_the_document(page: Page, demo_site: str) -> None:
    page.goto(demo_site + ARTICLE)
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    page.emulate_media(media="print")
    for chrome in ("header.site", "nav.breadcrumb", ".tools", "footer.site"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    assert body_font_size(page) == pytest.approx(16 * 96 / 72, abs=0.01)  # 3号 = 16 pt


@pytest.mark.browser
def test_keyboard_reaches_the_tools_in_order(page: Page, demo_site: str) -> None:
    page.goto(demo_site + ARTICLE)
    page.locator(".font-size a").first.focus()
    reached = []
    for _ in range(6):
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        page.keyboard.press("Tab")
    assert reached[:6] == ["大", "中", "小", "打印", "关闭", "Word（.docx）"]


@pytest.mark.browser
def test_both_downloads_are_the_published_bulletin(
    page: Page, demo_site: str, tmp_path: Path
) -> None:
    page.goto(demo_site + ARTICLE)
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Word（.docx）").click()
    docx_path = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(docx_path)
    assert docx_path.name == "市政府1-6月份重大工作事项落实情况.docx"
    paragraphs = [p.text for p in Document(io.BytesIO(docx_path.read_bytes())).paragraphs]
    assert paragraphs[0] == "市政府1-6月份重大工作事项落实情况"
    assert "2017年7月3日" in paragraphs

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF（.pdf）").click()
    pdf_path = tmp_path / "bulletin.pdf"
    pdf_download.value.save_as(pdf_path)
    text = PdfReader(pdf_path).pages[0].extract_text()
    assert "市政府1-6月份重大工作事项落实情况" in text.replace(" ", "")
