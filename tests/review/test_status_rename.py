"""An office renames a status in the admin: every page, suggestion and document says the new word.

Code asks what a status means (`StatusMeaning`), never what it is called; the words shown
come from the installation's vocabulary.
"""

from __future__ import annotations

import decimal

import pytest
from django.test import Client
from django.urls import reverse

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.renderers import DocxRenderer, TxtRenderer
from ducha.progress import services
from ducha.review.enums import StatusMeaning
from ducha.review.models import Status
from ducha.review.services import set_rating
from tests.factories import status
from tests.progress.personas import build_world

pytestmark = pytest.mark.django_db

OLD, NEW = "有序推进", "按序时推进"


def rename_in_admin(admin: object) -> None:
    on_track = Status.objects.get(code=StatusMeaning.ON_TRACK)
    client = Client()
    client.force_login(admin)  # type: ignore[arg-type]
    data = {
        "code": on_track.code,
        "label": NEW,
        "order": on_track.order,
        "colour": on_track.colour,
        "is_done": "" if not on_track.is_done else "on",
        "is_on_track": "on",
    }
    response = client.post(reverse("admin:review_status_change", args=[on_track.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Status.objects.get(pk=on_track.pk).label == NEW


def docx_text(data: bytes) -> str:
    import io

    import docx

    return "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_renaming_on_track_changes_every_page_suggestion_and_document() -> None:
    world = build_world()
    rename_in_admin(world.admin)
    # The item's unit reports 293 of 560 at the half-year: ahead of 序时进度, on track.
    services.save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative="进展",
        values={world.target.pk: decimal.Decimal(293)},
        submit=True,
    )
    set_rating(world.round, world.item_b, status=status("on_track"), actor=None)
    office = Client()
    office.force_login(world.inspector)
    pages = {
        "item": reverse("progress:item", args=[world.item.pk]),
        "ratings": reverse("progress:ratings", args=[world.round.code]),
        "workbench": reverse("progress:workbench"),
    }
    for name, url in pages.items():
        page = office.get(url).content.decode()
        assert NEW in page, name
        assert OLD not in page, name
    for name in ("item", "ratings"):
        assert f"建议评定为{NEW}" in office.get(pages[name]).content.decode(), name
    export = office.get(
        reverse("ledger:export_ratings", kwargs={"code": world.round.code, "fmt": "csv"})
    )
    csv_text = b"".join(export.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert NEW in csv_text and OLD not in csv_text
    document = compose_bulletin(world.round)
    text = TxtRenderer().render(document).decode()
    assert NEW in text and OLD not in text
    docx = docx_text(DocxRenderer().render(document))
    assert NEW in docx and OLD not in docx
