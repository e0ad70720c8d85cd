"""The demo round's bulletin as a document, composed once per module from the real database."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.document import BulletinDocument
from ducha.demo.loader import load_demo
from ducha.review.models import Round

PUBLISHED = datetime.datetime(
    2017, 7, 3, 17, 50, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)
COLOPHON = {
    "copy_to": ["市委办公室", "市人大常委会办公室", "市政协办公室"],
    "printed_by": "市政府督查室",
}


@pytest.fixture(scope="module")
def demo_document(django_db_setup: None, django_db_blocker: Any) -> BulletinDocument:
    """The 2017-H1 bulletin with a 版记, published 2017-07-03 17:50 Beijing time."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        document = compose_bulletin(
            Round.objects.get(code="2017-H1"), published_at=PUBLISHED, wording=COLOPHON
        )
        transaction.set_rollback(True)
    return document
