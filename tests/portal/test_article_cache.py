"""A published version's page is rendered once and served from the cache; reads stay exact."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ducha.bulletins.models import Bulletin
from ducha.bulletins.services import start_bulletin
from tests.portal.test_article import make_round

pytestmark = pytest.mark.django_db
ARTICLE = "/bulletins/cached/"


def reads_shown(html: str) -> int:
    return int(re.search(r"阅读次数：(\d+)", html).group(1))  # type: ignore[union-attr]


def without_reads_and_token(html: str) -> str:
    html = re.sub(r"阅读次数：\d+", "", html)
    return re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_body_is_rendered_once_and_every_read_is_counted(client: Client) -> None:
    make_round("cached", 6)
    first = client.get(ARTICLE)
    assert "bulletins/body.html" in [t.name for t in first.templates]
    shown = [reads_shown(first.content.decode())]
    for _ in range(4):
        again = client.get(ARTICLE)
        assert again.templates == []  # nothing rendered: the cached page
        shown.append(reads_shown(again.content.decode()))
        assert without_reads_and_token(again.content.decode()) == without_reads_and_token(
            first.content.decode()
        )
    assert shown == [1, 2, 3, 4, 5]
    assert Bulletin.objects.get(round__code="cached").read_count == 5
    client.head(ARTICLE)  # a HEAD is not a read
    assert Bulletin.objects.get(round__code="cached").read_count == 5


def test_the_cached_page_carries_each_readers_own_csrf_token() -> None:
    make_round("cached", 3)
    reader = Client(enforce_csrf_checks=True)
    Client().get(ARTICLE)  # someone else fills the cache
    html = reader.get(ARTICLE).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    response = reader.post(
        "/i18n/setlang/", {"language": "en", "next": ARTICLE, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    english = reader.get(ARTICLE).content.decode()
    assert "Reads:" in english and '<html lang="en"' in english


def test_each_text_size_and_a_correction_get_their_own_page(client: Client) -> None:
    round = make_round("cached", 3)
    assert 'class="article size-large"' in client.get(ARTICLE + "?size=large").content.decode()
    assert 'class="article size-medium"' in client.get(ARTICLE).content.decode()
    assert 'class="article size-medium"' in client.get(ARTICLE + "?size=huge").content.decode()
    from ducha.bulletins.services import approve_bulletin, submit_bulletin

    correction = start_bulletin(round, actor=None, change_note="更正了一处数字。")
    approve_bulletin(submit_bulletin(correction, actor=None), actor=None)
    html = client.get(ARTICLE).content.decode()
    # The correction is a new page; its count goes on from the version it corrects.
    assert "更正了一处数字。" in html and reads_shown(html) == 4
