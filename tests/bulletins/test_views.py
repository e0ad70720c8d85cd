"""The office's bulletin pages: who may see and do what, and what lists cost."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document

from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.services import start_bulletin, submit_bulletin
from ducha.review.models import Rating
from ducha.review.services import set_rating
from tests.factories import (
    make_inspector,
    make_item,
    make_reporter,
    make_round,
    make_unit,
    status,
)


def rated_round(code: str, n: int = 3) -> object:
    round = make_round(code)
    for k in range(n):
        set_rating(round, make_item(f"{code}事项{k}"), status=status("completed"), actor=None)
    return round


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in() -> None:
    response = Client().get("/office/bulletins/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_unit_reporters_see_no_draft_in_any_format() -> None:
    draft = start_bulletin(rated_round("r1"), actor=None)
    reporter = client_for(make_reporter(make_unit()))
    assert reporter.get("/office/bulletins/").status_code == 403
    for url in (f"/office/bulletins/{draft.pk}/", f"/office/bulletins/{draft.pk}/document.pdf"):
        assert reporter.get(url).status_code == 404
    assert reporter.post(f"/office/bulletins/{draft.pk}/submit/").status_code == 404
    assert Bulletin.objects.get(pk=draft.pk).state == BulletinState.DRAFT
    # Nor does the public portal serve a draft.
    assert Client().get("/bulletins/r1/document.docx").status_code == 404


@pytest.mark.django_db
def test_an_inspector_drafts_from_the_list_and_sees_computed_counts() -> None:
    rated_round("r2", 3)
    inspector = client_for(make_inspector())
    response = inspector.post("/office/bulletins/rounds/r2/start/", follow=True)
    html = response.content.decode()
    assert "草稿" in html and "100.0%" in html
    assert 'name="opening"' in html and 'name="copy_to"' in html
    assert 'name="count' not in html  # counts have no field


@pytest.mark.django_db
def test_a_draft_preview_follows_the_ratings_until_publication() -> None:
    round = rated_round("r3", 2)
    draft = start_bulletin(round, actor=None)
    inspector = client_for(make_inspector())
    rating = Rating.objects.filter(round=round).first()
    set_rating(round, rating.item, status=status("serious"), actor=None)
    docx = inspector.get(f"/office/bulletins/{draft.pk}/document.docx")
    text = "".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "1项已完成" in text and "1项存在突出问题" in text


@pytest.mark.django_db
def test_the_submitter_is_not_offered_approval_but_a_colleague_is() -> None:
    author, colleague = make_inspector(), make_inspector()
    bulletin = submit_bulletin(start_bulletin(rated_round("r4"), actor=author), actor=author)
    url = f"/office/bulletins/{bulletin.pk}/"
    assert "审核通过并发布" not in client_for(author).get(url).content.decode()
    assert client_for(author).post(url + "approve/").status_code == 403
    assert "审核通过并发布" in client_for(colleague).get(url).content.decode()
    response = client_for(colleague).post(url + "approve/")
    assert response.status_code == 302
    assert Bulletin.objects.get(pk=bulletin.pk).state == BulletinState.PUBLISHED


@pytest.mark.django_db
def test_bulletin_list_queries_do_not_grow_with_rounds() -> None:
    inspector = client_for(make_inspector())

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert inspector.get("/office/bulletins/").status_code == 200
        return len(ctx.captured_queries)

    start_bulletin(rated_round("q1"), actor=None)
    one = queries()
    for code in ("q2", "q3"):
        start_bulletin(rated_round(code), actor=None)
    assert queries() == one
