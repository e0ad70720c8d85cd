"""Each published round is open data: stable CSV and JSON, without internal notes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from ducha.bulletins.services import publish_bulletin
from ducha.review.models import Round
from ducha.review.services import set_rating
from tests.factories import make_item, make_round, make_unit, status


def rated_round(code: str = "2017-H1") -> Round:
    round = make_round(code)
    unit = make_unit("市住建局")
    item = make_item('=HYPERLINK("http://evil.example") 修路', code="2017-001", lead_unit=unit)
    set_rating(round, item, status=status("on_track"), actor=None, note="内部意见，不公开")
    return round


@pytest.mark.django_db
def test_a_published_round_has_documented_csv_and_json(client: Client) -> None:
    round = rated_round()
    publish_bulletin(round, actor=None)
    response = client.get("/bulletins/2017-H1/data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [
        "事项编号", "事项名称", "目标任务", "事项来源", "类别", "牵头领导",
        "牵头单位", "配合单位", "完成时限", "上级编号", "状态",
    ]  # fmt: skip
    assert rows[1][0] == "2017-001" and rows[1][-1] == "有序推进"
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example") 修路'  # no formula in Excel
    assert "内部意见" not in text

    document = json.loads(client.get("/bulletins/2017-H1/data.json").content)
    assert document["round"] == "2017-H1"
    assert document["period_end"] == "2017-06-30"
    assert document["fields"]["status"] == "状态"
    assert document["rows"][0]["status"] == "有序推进"
    assert "note" not in document["rows"][0]


@pytest.mark.django_db
def test_an_unpublished_round_has_no_open_data(client: Client) -> None:
    rated_round("draft-round")
    assert client.get("/bulletins/draft-round/data.csv").status_code == 404
    assert client.get("/bulletins/draft-round/data.json").status_code == 404
    assert client.get("/bulletins/nothing/data.json").status_code == 404


@pytest.mark.django_db
def test_the_article_links_its_open_data(client: Client) -> None:
    round = rated_round()
    publish_bulletin(round, actor=None)
    page = client.get("/bulletins/2017-H1/").content.decode()
    assert 'href="/bulletins/2017-H1/data.csv"' in page
    assert 'href="/bulletins/2017-H1/data.json"' in page


@pytest.mark.django_db
def test_open_data_is_frozen_with_its_version_and_versioned_with_corrections(
    client: Client,
) -> None:
    from ducha.bulletins.models import Bulletin
    from ducha.ledger.models import WorkItem

    round = rated_round()
    publish_bulletin(round, actor=None)
    item = WorkItem.objects.get(code="2017-001")
    # A re-rating after publication is not approved: the public data must not move.
    set_rating(round, item, status=status("serious"), actor=None)
    document = json.loads(client.get("/bulletins/2017-H1/data.json").content)
    assert document["rows"][0]["status"] == "有序推进"
    assert document["version"] == 1
    text = b"".join(client.get("/bulletins/2017-H1/data.csv").streaming_content).decode()  # type: ignore[attr-defined]
    assert "有序推进" in text and "存在突出问题" not in text

    # The correction, once approved, is the new version; version 1 stays as published.
    publish_bulletin(round, actor=None)
    current = json.loads(client.get("/bulletins/2017-H1/data.json").content)
    assert (current["version"], current["rows"][0]["status"]) == (2, "存在突出问题")
    assert [v["version"] for v in current["versions"]] == [1, 2]
    first = json.loads(client.get(current["versions"][0]["url"]).content)
    assert (first["version"], first["current"], first["rows"][0]["status"]) == (
        1, False, "有序推进",
    )  # fmt: skip
    assert client.get("/bulletins/2017-H1/v9/data.json").status_code == 404
    assert Bulletin.objects.get(round=round, version=1).state == "superseded"


@pytest.mark.django_db
def test_a_draft_correction_is_not_public(client: Client) -> None:
    from ducha.bulletins.services import start_bulletin

    round = rated_round()
    publish_bulletin(round, actor=None)
    start_bulletin(round, actor=None, change_note="更正")
    assert client.get("/bulletins/2017-H1/v2/data.json").status_code == 404
