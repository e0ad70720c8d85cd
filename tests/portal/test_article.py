"""The public column and its article pages."""

from __future__ import annotations

import datetime
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ducha.bulletins.models import Bulletin
from ducha.bulletins.services import publish_bulletin
from ducha.ledger.models import Source, WorkItem
from ducha.ledger.services import create_work_item
from ducha.org.models import Leader, Unit
from ducha.review.models import Highlight, Rating, Recommendation, Round, Status
from ducha.review.services import (
    add_highlight,
    add_recommendation,
    create_round,
    ensure_default_statuses,
)

PUBLISHED = datetime.datetime(
    2017, 7, 3, 17, 50, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


def make_round(code: str, n_items: int, *, publish: bool = True) -> Round:
    """A round of n rated items, with examples, a highlight and a recommendation."""
    unit = Unit.objects.create(name=f"{code}单位全称", short_name=f"{code}单位")
    leader = Leader.objects.get_or_create(name="石迎军", title="常务副市长", precedence=1)[0]
    source = Source.objects.create(kind="work_report", name=f"{code}政府工作报告")
    round = create_round(
        Round(
            code=code,
            name=code,
            title=f"{code}落实情况",
            scope="",
            period_start=datetime.date(2017, 1, 1),
            period_end=datetime.date(2017, 6, 30),
            cutoff=datetime.date(2017, 6, 30),
        ),
        actor=None,
    )
    first = create_work_item(
        WorkItem(code=f"{code}-0", title="第一项", source=source, lead_unit=unit), actor=None
    )
    items = [
        first,
        *WorkItem.objects.bulk_create(
            WorkItem(code=f"{code}-{n}", title=f"事项{n}", source=source, lead_unit=unit)
            for n in range(1, n_items)
        ),
    ]
    # A transactional test run earlier may have flushed the migration's statuses.
    ensure_default_statuses(actor=None)
    statuses = list(Status.objects.order_by("order"))
    Rating.objects.bulk_create(
        Rating(
            round=round,
            item=item,
            status=statuses[n % 4],
            is_example=n < 8,
            example_order=n if n < 8 else None,
        )
        for n, item in enumerate(items)
    )
    add_highlight(
        Highlight(round=round, position=1, title="亮点"), actor=None, leaders=[leader], units=[unit]
    )
    add_recommendation(
        Recommendation(round=round, position=1, subject="某项工作"),
        actor=None,
        points=["第一点。", "第二点。"],
    )
    if publish:
        publish_bulletin(round, actor=None, at=PUBLISHED)
    return round


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_article_queries_do_not_grow_with_the_round(client: Client) -> None:
    make_round("small", 10)
    make_round("large", 1000)
    assert queries_for(client, "/bulletins/small/") == queries_for(client, "/bulletins/large/")


@pytest.mark.django_db
def test_column_queries_do_not_grow_with_the_bulletins(client: Client) -> None:
    make_round("one", 3)
    single = queries_for(client, "/")
    make_round("two", 3)
    make_round("three", 3)
    assert queries_for(client, "/") == single


@pytest.mark.django_db
def test_article_page_shows_the_bulletin_with_portal_chrome(client: Client) -> None:
    make_round("2017-H1", 12)
    html = client.get("/bulletins/2017-H1/").content.decode()
    crumb = re.sub(
        r"<[^>]+>|\s+", "", re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group()
    )
    assert crumb == "当前位置：首页&gt;专题&gt;督查在线&gt;专项督查工作"
    assert "<h1>2017-H1落实情况</h1>" in html
    assert "2017-07-03 17:50" in html  # Beijing time, as the portal shows it
    assert (
        "从督查情况看，12项工作中，3项已完成，3项有序推进，3项存在突出问题，3项需要加大力度。"
        in html
    )
    assert "（一）关于某项工作。一是第一点。二是第二点。" in html
    assert "2017年7月3日" in html


@pytest.mark.django_db
def test_drafts_are_not_public(client: Client) -> None:
    make_round("draft", 3, publish=False)
    assert client.get("/bulletins/draft/").status_code == 404
    assert "draft落实情况" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_column_lists_newest_first(client: Client) -> None:
    old = make_round("old", 2)
    new = make_round("new", 2)
    Bulletin.objects.filter(round=old).update(
        published_at=timezone.now() - datetime.timedelta(days=30)
    )
    Bulletin.objects.filter(round=new).update(published_at=timezone.now())
    html = client.get("/").content.decode()
    assert html.index("new落实情况") < html.index("old落实情况")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_read_count_is_exact_under_concurrent_readers() -> None:
    make_round("read", 2)

    def read(_: int) -> int:
        try:
            return Client().get("/bulletins/read/").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(read, range(40)))
    assert statuses == [200] * 40
    assert Bulletin.objects.get(round__code="read").read_count == 40


@pytest.mark.django_db
def test_article_and_downloads_keep_what_was_published(client: Client) -> None:
    import io

    from docx import Document

    from ducha.review.services import set_rating

    round = make_round("frozen", 4)
    rating = Rating.objects.filter(round=round).select_related("item").first()
    set_rating(round, rating.item, status=Status.objects.get(code="serious"), actor=None)
    html = client.get("/bulletins/frozen/").content.decode()
    assert "4项工作中，1项已完成，1项有序推进，1项存在突出问题，1项需要加大力度" in html
    response = client.get("/bulletins/frozen/document.docx")
    assert response["Content-Disposition"].startswith("attachment;")
    text = "".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "4项工作中，1项已完成，1项有序推进，1项存在突出问题，1项需要加大力度" in text
    assert client.get("/bulletins/frozen/document.exe").status_code == 404
