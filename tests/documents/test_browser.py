"""The documents story in a real browser, with the demo's logins: 交办 issues a numbered
通知单, lateness brings a 催办单 and then a yellow 督查单, the unit acknowledges, the
登记簿 lists all three."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from docx import Document as read_docx
from playwright.sync_api import Browser, expect

from ducha.documents.models import Document, EscalationRule
from ducha.ledger.models import WorkItem
from ducha.progress.models import Assignment, ReportingDeadline
from tests.progress.test_browser import TITLE, demo_site, log_in, shot  # noqa: F401


def late_by(days: int) -> None:
    """Time passes: the current round's reports were due `days` days and an hour ago."""
    deadline = ReportingDeadline.objects.get(round__code="2017-H1")
    deadline.due = timezone.now() - datetime.timedelta(days=days, hours=1)
    deadline.save()


@pytest.mark.browser
def test_notice_urge_yellow_order_acknowledged_and_registered(
    browser: Browser,
    demo_site: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    EscalationRule.objects.create(days_late=3, kind="urge")
    EscalationRule.objects.create(days_late=7, kind="order", level="yellow", addressee="head")
    item = WorkItem.objects.get(title=TITLE)
    Assignment.objects.filter(item=item).delete()  # the demo has assigned it already
    late_by(0)

    # The inspector assigns the item: a numbered 督查通知单 is issued and downloadable.
    inspector = log_in(browser, demo_site, "inspector")
    inspector.goto(demo_site + f"/items/{item.pk}/")
    inspector.get_by_label("交办给").select_option(label=str(item.lead_unit))
    inspector.get_by_role("button", name="交办", exact=True).click()
    year = timezone.localdate().year
    expect(inspector.locator(".messages")).to_contain_text(f"督通〔{year}〕1号")
    inspector.goto(demo_site + f"/office/documents/?item={item.pk}")
    with inspector.expect_download() as download:
        inspector.get_by_role("link", name="DOCX").first.click()
    docx = read_docx(io.BytesIO(Path(download.value.path()).read_bytes()))
    texts = [p.text for p in docx.paragraphs]
    assert f"督通〔{year}〕1号" in texts and "市政府督查室" in texts
    assert f"{item.lead_unit.name}：" in texts

    # Three days late: send-reminders issues a 催办单; eight days: a yellow 督查单.
    late_by(3)
    call_command("send_reminders")
    late_by(8)
    call_command("send_reminders")
    call_command("send_reminders")  # again: nothing twice
    mine = Document.objects.filter(item=item).order_by("issued_at", "pk")
    assert [(d.kind, d.level) for d in mine] == [("notice", ""), ("urge", ""), ("order", "yellow")]

    # The unit sees them in its inbox and acknowledges the yellow one.
    fgw = log_in(browser, demo_site, "fgw")
    fgw.goto(demo_site + "/inbox/")
    documents = fgw.locator("#documents")
    for document in mine:
        expect(documents).to_contain_text(document.number)
    shot(fgw, "inbox-documents")
    yellow = mine[2]
    documents.locator("li", has_text=yellow.number).get_by_role("button", name="签收").click()
    expect(fgw.locator(".messages")).to_contain_text(f"已签收公文 {yellow.number}")
    expect(fgw.locator("#documents")).not_to_contain_text(yellow.number)

    # The register lists all three with their numbers; only the yellow one is acknowledged.
    inspector.goto(demo_site + f"/office/documents/?item={item.pk}")
    rows = inspector.locator("table.register tbody tr")
    expect(rows).to_have_count(3)
    for document in mine:
        expect(inspector.locator("table.register")).to_contain_text(document.number)
    expect(rows.filter(has_text=yellow.number)).not_to_contain_text("未签收")
    expect(rows.filter(has_text=mine[0].number)).to_contain_text("未签收")
    shot(inspector, "document-register")
    assert Document.objects.get(pk=yellow.pk).acknowledged_by.username == "fgw"
