"""No input makes a 500: numbers, NUL characters, page numbers, ids and lengths."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from ducha.lib.params import page_number, parse_id
from ducha.progress import services
from ducha.progress.models import ProgressReport, TargetValue
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def login(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_json(client: Client, url: str, data: Any, raw: str | None = None) -> Any:
    body = raw if raw is not None else json.dumps(data, ensure_ascii=False)
    return client.post(url, body, content_type="application/json")


def report_api(world: World) -> str:
    return f"/api/items/{world.item.pk}/units/{world.unit_a.pk}/report/?round={world.round.code}"


@pytest.mark.parametrize("number", ["1e400", "123456789012345678901234567890", "-1", "1.005"])
def test_out_of_range_values_are_refused_by_the_api(world: World, number: str) -> None:
    values = f'{{"{world.target.pk}": {number}}}'
    raw = f'{{"narrative": "进展", "version": 0, "values": {values}}}'
    response = post_json(login(world.reporter_a), report_api(world), None, raw=raw)
    assert response.status_code in (400, 422), response.content
    assert not TargetValue.objects.exists()


def test_the_api_caps_the_narrative_as_the_form_does(world: World) -> None:
    client = login(world.reporter_a)
    response = post_json(client, report_api(world), {"narrative": "字" * 5001, "version": 0})
    assert response.status_code == 422
    response = post_json(client, report_api(world), {"narrative": "字" * 5000, "version": 0})
    assert response.status_code == 200
    form = client.post(
        f"/items/{world.item.pk}/units/{world.unit_a.pk}/report/",
        {"round": world.round.code, "narrative": "字" * 5001, "version": 1},
    )
    assert form.status_code == 400
    assert ProgressReport.objects.get().narrative == "字" * 5000


def test_api_writes_need_the_version_they_were_read_at(world: World) -> None:
    client = login(world.reporter_a)
    assert post_json(client, report_api(world), {"narrative": "第一稿"}).status_code == 422
    first = post_json(client, report_api(world), {"narrative": "第一稿", "version": 0})
    assert first.status_code == 200
    # Another writer who also read "no report yet" does not overwrite the first.
    stale = post_json(client, report_api(world), {"narrative": "覆盖", "version": 0})
    assert stale.status_code == 400
    again = post_json(
        client, report_api(world), {"narrative": "第二稿", "version": first.json()["version"]}
    )
    assert again.status_code == 200
    assert ProgressReport.objects.get().narrative == "第二稿"


def test_api_ratings_need_the_time_they_were_read_at(world: World) -> None:
    client = login(world.inspector)
    url = f"/api/rounds/{world.round.code}/ratings/{world.item.pk}/"
    assert post_json(client, url, {"status": "on_track"}).status_code == 422
    first = post_json(client, url, {"status": "on_track", "note": "", "updated_at": None})
    assert first.status_code == 200, first.content
    stale = post_json(client, url, {"status": "completed", "note": "x", "updated_at": None})
    assert stale.status_code == 400
    fresh = {"status": "on_track", "note": "", "updated_at": first.json()["updated_at"]}
    assert post_json(client, url, fresh).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/workbench/?page=10000000000000000000000",
        "/inbox/?page=10000000000000000000000",
        "/?page=10000000000000000000000",
        "/api/items/?page=10000000000000000000000",
        "/office/outbox/?page=10000000000000000000000",
        "/workbench/?unit=abc&leader=1e9&status=99999999999999999999999",
    ],
)
def test_huge_page_numbers_and_bad_filters_are_not_errors(world: World, url: str) -> None:
    user = world.reporter_a if url.startswith("/inbox/") else world.inspector
    assert login(user).get(url).status_code in (200, 302)


@pytest.mark.parametrize(
    "url",
    [
        "/workbench/?round=2017%00H1",
        "/bulletins/2017-H1%00/",
        "/api/items/?round=%00",
    ],
)
def test_nul_characters_in_addresses_are_refused(world: World, url: str) -> None:
    response = login(world.inspector).get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_nul_characters_in_forms_and_json_are_refused(world: World) -> None:
    client = login(world.reporter_a)
    form = client.post(
        f"/items/{world.item.pk}/units/{world.unit_a.pk}/report/",
        {"round": world.round.code, "narrative": "进展\x00", "version": 0},
    )
    assert form.status_code == 400
    api = post_json(client, report_api(world), {"narrative": "进展\x00", "version": 0})
    assert api.status_code == 400
    assert not ProgressReport.objects.exists()


def test_a_unit_that_is_not_a_number_is_a_message(world: World) -> None:
    # form `unit=abc` answered 500.
    client = login(world.inspector)
    for value in ("abc", "1" * 30, "٣"):
        response = client.post(f"/items/{world.item.pk}/assign/", {"unit": value})
        assert response.status_code == 302
    page = client.get(f"/items/{world.item.pk}/").content.decode()
    assert "请选择单位" in page or "Choose a unit" in page


def test_parse_id_and_page_number() -> None:
    assert [parse_id(v) for v in ("12", "abc", "", None, "1" * 30, "٣", " 7 ")] == [
        12, None, None, None, None, None, 7,
    ]  # fmt: skip
    assert [page_number(v) for v in ("3", "0", "-2", "x", "1" * 22, None)] == [
        3, 1, 1, 1, 100_000, 1,
    ]  # fmt: skip


def test_services_refuse_values_beyond_the_columns(world: World) -> None:
    import decimal

    from django.core.exceptions import ValidationError

    for value in ("1e400", "1000000000000", "NaN", "0.001"):
        with pytest.raises(ValidationError):
            services.save_report(
                world.item, world.round, unit=world.unit_a, actor=world.reporter_a,
                narrative="x", values={world.target.pk: decimal.Decimal(value)},
            )  # fmt: skip
