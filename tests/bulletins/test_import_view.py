"""The import page for inspectors: upload, preview with findings, confirm; others are kept out."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ducha.core.models import AuditEvent
from ducha.review.models import DeclaredCount, Rating, Round
from tests.factories import make_inspector, make_item, make_reporter, make_unit

DATA = Path(__file__).resolve().parents[1] / "data"
URL = "/office/bulletins/import/"

pytestmark = pytest.mark.django_db


def upload(name: str = "seed-xuchang-2017-h1.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def inspector_client() -> Client:
    client = Client()
    client.force_login(make_inspector())
    return client


H1 = {"period_start": "2017-01-01", "period_end": "2017-06-30"}


def test_a_text_without_its_year_is_asked_for_the_period_with_a_suggestion() -> None:
    """The seed names 1-6月份 but no year; the portal's date (2017-07-03) suggests 2017, which
    the form offers filled in, keeping the text so that nothing is uploaded again."""
    client = inspector_client()
    response = client.post(URL, {"file": upload(), "code": "2017-H1B", "preview": ""})
    form = response.context["form"]
    assert "没有写明年份" in response.content.decode()
    assert (form["period_start"].value(), form["period_end"].value()) == (
        "2017-01-01",
        "2017-06-30",
    )
    assert "市政府督查室对1-6月份" in form["text"].value()
    assert "plan" not in response.context
    again = client.post(URL, {"text": form["text"].value(), "code": "2017-H1B", **H1})
    assert again.context["plan"].period_end.isoformat() == "2017-06-30"
    assert not Round.objects.exists()


def test_preview_shows_findings_and_plan_and_creates_nothing() -> None:
    client = inspector_client()
    response = client.post(URL, {"file": upload(), "code": "2017-H1B", "preview": "", **H1})
    page = response.content.decode()
    assert response.status_code == 200
    assert "date-missing-month" in page and "58日" in page
    assert "市政府1-6月份重大工作事项落实情况" in page
    assert "已完成" in page and "47" in page
    assert not Round.objects.filter(code="2017-H1B").exists()


def test_confirm_imports_the_round_as_the_inspector() -> None:
    client = inspector_client()
    preview = client.post(URL, {"file": upload(), "code": "2017-H1B", "preview": "", **H1})
    text = preview.context["text"]
    response = client.post(
        URL,
        {"text": text, "code": "2017-H1B", "period_start": "2017-01-01",
         "period_end": "2017-06-30", "confirm": ""},
        follow=True,
    )  # fmt: skip
    assert "2017-H1B" in response.content.decode()
    round = Round.objects.get(code="2017-H1B")
    assert Rating.objects.filter(round=round).count() == 12
    assert DeclaredCount.objects.filter(round=round, count=47).exists()
    event = AuditEvent.objects.get(action="round.imported")
    assert event.actor is not None and event.actor.username.startswith("inspector")


def test_a_similar_ledger_title_must_be_answered_before_the_import() -> None:
    item = make_item("推进城区集中供热管网改造工程")
    client = inspector_client()
    text = (
        "2021年县重点工作三季度推进情况通报\n"
        "全县重点工作共6项,已完成2项,进展滞后1项,分别是:城区集中供热管网改造。其余3项正常推进。\n"
    )
    fields = {"text": text, "code": "Q3"}
    preview = client.post(URL, fields)
    page = preview.content.decode()
    assert "推进城区集中供热管网改造工程" in page and 'name="similar-0"' in page
    unanswered = client.post(URL, {**fields, "confirm": ""})
    assert "相近" in unanswered.content.decode() and "plan" in unanswered.context
    assert not Round.objects.exists()
    answer = {"similar-title-0": "城区集中供热管网改造", "similar-0": "use"}
    client.post(URL, {**fields, **answer, "confirm": ""})
    round = Round.objects.get(code="Q3")
    assert item.ratings.get(round=round).status.code == "needs_effort"
    assert item.aliases.get().name == "城区集中供热管网改造"


def test_a_bad_file_is_refused_in_chinese_and_nothing_is_written() -> None:
    client = inspector_client()
    bad = SimpleUploadedFile("x.docx", b"PK\x03\x04 not really a word file")
    response = client.post(URL, {"file": bad, "code": "X1", "preview": ""})
    assert "不是有效的 Word" in response.content.decode()
    assert not Round.objects.exists()


def test_a_bulletin_without_period_asks_for_one() -> None:
    client = inspector_client()
    response = client.post(
        URL, {"file": upload("bulletins/19-yangdong-2024-shijian-minsheng.txt"), "code": "Y1"}
    )
    assert "督查期间" in response.content.decode()
    response = client.post(
        URL,
        {"file": upload("bulletins/19-yangdong-2024-shijian-minsheng.txt"), "code": "Y1",
         "period_start": "2024-01-01", "period_end": "2024-12-31"},
    )  # fmt: skip
    assert response.context["plan"].period_end.isoformat() == "2024-12-31"


def test_a_unit_reporter_may_not_import() -> None:
    client = Client()
    client.force_login(make_reporter(make_unit()))
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": upload(), "code": "2017-H1B", "confirm": "", **H1})
    assert response.status_code == 403
    assert not Round.objects.exists()


def test_anonymous_users_are_sent_to_the_login_page() -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
