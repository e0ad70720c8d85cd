"""Every role against every page and action, and the data that must not leak."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ducha.progress.models import Evidence, ExtensionRequest, ProgressReport
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PEOPLE = [
    "anonymous",
    "inspector",
    "head",
    "reporter_a",
    "reporter_b",
    "leader_user",
    "other_leader_user",
    "admin",
]


@pytest.fixture
def world() -> World:
    return build_world()


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(world, who))
    return client


def get(world: World, who: str, url: str) -> tuple[int, str]:
    response = client_for(world, who).get(url.format(w=world))
    return response.status_code, response.content.decode()


# What each person gets on each page: a status, and whether unit A's item is named on it.
PAGES: dict[str, dict[str, tuple[int, bool]]] = {
    "/workbench/": {
        "anonymous": (302, False),
        "inspector": (200, True),
        "head": (200, True),
        "reporter_a": (403, False),
        "reporter_b": (403, False),
        "leader_user": (200, True),
        "other_leader_user": (200, False),
        "admin": (200, True),
    },
    "/inbox/": {
        "anonymous": (302, False),
        "inspector": (403, False),
        "head": (403, False),
        "reporter_a": (200, True),
        "reporter_b": (200, False),
        "leader_user": (403, False),
        "other_leader_user": (403, False),
        "admin": (403, False),
    },
    "/items/{w.item.pk}/": {
        "anonymous": (302, False),
        "inspector": (200, True),
        "head": (200, True),
        "reporter_a": (200, True),
        "reporter_b": (404, False),
        "leader_user": (200, True),
        "other_leader_user": (404, False),
        "admin": (200, True),
    },
    "/rounds/{w.round.code}/ratings/": {
        "anonymous": (302, False),
        "inspector": (200, True),
        "head": (200, True),
        "reporter_a": (403, False),
        "reporter_b": (403, False),
        "leader_user": (403, False),
        "other_leader_user": (403, False),
        "admin": (200, True),
    },
}


@pytest.mark.parametrize("url", list(PAGES))
@pytest.mark.parametrize("who", PEOPLE)
def test_page_matrix(world: World, url: str, who: str) -> None:
    code, body = get(world, who, url)
    expected_code, names_item = PAGES[url][who]
    assert code == expected_code
    assert (world.item.title in body) == names_item
    if who in {"reporter_a", "leader_user", "other_leader_user"}:
        assert world.item_b.title not in body


@pytest.mark.parametrize(
    ("who", "code"),
    [("anonymous", 302), ("inspector", 200), ("leader_user", 200), ("reporter_a", 403)],
)
def test_changes_page(world: World, who: str, code: int) -> None:
    assert get(world, who, "/rounds/{w.round.code}/changes/")[0] == code


def save_draft(world: World, who: str = "reporter_a", **extra: Any) -> Any:
    data = {
        "round": world.round.code,
        "narrative": "甲单位草稿：尚未核实的数字",
        "save": "1",
        **extra,
    }
    url = f"/items/{world.item.pk}/units/{world.unit_a.pk}/report/"
    return client_for(world, who).post(url, data)


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", 302),
        ("reporter_a", 302),
        ("reporter_b", 404),
        ("inspector", 403),
        ("leader_user", 403),
        ("other_leader_user", 404),
    ],
)
def test_only_the_unit_reports(world: World, who: str, code: int) -> None:
    assert save_draft(world, who).status_code == code
    assert ProgressReport.objects.exists() == (who == "reporter_a")


def test_drafts_do_not_leak(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    save_draft(world, evidence=SimpleUploadedFile("草稿.pdf", PDF))
    report = ProgressReport.objects.get()
    evidence = Evidence.objects.get()
    assert "尚未核实" in get(world, "reporter_a", "/items/{w.item.pk}/")[1]
    for who in ["inspector", "head", "leader_user"]:
        assert "尚未核实" not in get(world, who, "/items/{w.item.pk}/")[1]
    for who in ["reporter_b", "inspector", "leader_user", "other_leader_user", "anonymous"]:
        assert get(world, who, f"/evidence/{evidence.pk}/")[0] in {404, 302}
    for who in ["reporter_b", "other_leader_user"]:
        for action in ["return", "accept"]:
            url = f"/reports/{report.pk}/{action}/"
            response = client_for(world, who).post(url, {"reason": "x", "version": report.version})
            assert response.status_code == 404
    response = client_for(world, "reporter_a").get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_review_actions_belong_to_the_office(world: World) -> None:
    save_draft(world, submit="1", narrative="已报送")
    report = ProgressReport.objects.get()
    url = f"/reports/{report.pk}/return/"
    data = {"reason": "请补充", "version": report.version}
    assert client_for(world, "reporter_a").post(url, data).status_code == 403
    assert client_for(world, "leader_user").post(url, data).status_code == 404  # not accepted yet
    assert client_for(world, "inspector").post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.state == "returned"


@pytest.mark.parametrize(
    ("who", "code"), [("reporter_a", 403), ("leader_user", 403), ("inspector", 302)]
)
def test_rating_is_the_office_s(world: World, who: str, code: int) -> None:
    from tests.factories import status

    url = f"/rounds/{world.round.code}/ratings/{world.item.pk}/"
    response = client_for(world, who).post(url, {"status": status("on_track").pk, "note": ""})
    assert response.status_code == code


def test_extension_decided_by_the_office_head_only(world: World) -> None:
    import datetime

    from ducha.progress.services import request_extension

    request = request_extension(
        world.item,
        unit=world.unit_a,
        actor=world.reporter_a,
        requested_deadline=datetime.date(2018, 1, 1),
        reason="征地手续延误",
    )
    url = f"/extensions/{request.pk}/decide/"
    data = {"approve": "1", "reason": "同意"}
    assert client_for(world, "reporter_a").post(url, data).status_code == 403
    assert client_for(world, "inspector").post(url, data).status_code == 403
    assert client_for(world, "head").post(url, data).status_code == 302
    assert ExtensionRequest.objects.get().state == "approved"
    # Another unit's request is not shown to unit B.
    assert "征地手续延误" in get(world, "reporter_a", "/items/{w.item.pk}/")[1]
    assert "征地手续延误" not in get(world, "reporter_b", "/items/{w.item_b.pk}/")[1]
