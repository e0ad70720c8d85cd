"""Roles are read once per request and answer who may do what."""

from __future__ import annotations

import pytest
from django.test import Client

from ducha.accounts.models import Role
from ducha.accounts.roles import ANONYMOUS, roles_of
from ducha.accounts.services import ensure_user
from tests.factories import make_leader, make_unit


@pytest.mark.django_db
def test_reporter_roles_name_their_unit_only() -> None:
    unit = make_unit()
    user = ensure_user("r", password="pw-12345678", role=Role.REPORTER, unit=unit, actor=None)
    roles = roles_of(user)
    assert roles.unit_ids == {unit.pk}
    assert not roles.is_office
    assert roles.has(Role.REPORTER)


@pytest.mark.django_db
def test_leader_and_inspector_roles(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    leader = make_leader()
    user = ensure_user("l", password="pw-12345678", role=Role.LEADER, leader=leader, actor=None)
    inspector = ensure_user("i", password="pw-12345678", role=Role.INSPECTOR, actor=None)
    assert roles_of(user).leader_ids == {leader.pk}
    assert roles_of(inspector).is_office
    with django_assert_num_queries(0):
        roles_of(inspector)  # cached on the user


def test_anonymous_has_no_role() -> None:
    assert roles_of(None) is ANONYMOUS
    assert not ANONYMOUS.has(Role.INSPECTOR)


@pytest.mark.django_db
def test_login_page_logs_a_demo_user_in(client: Client) -> None:
    ensure_user("inspector", password="pw-12345678", role=Role.INSPECTOR, actor=None)
    page = client.get("/accounts/login/").content.decode()
    assert "登录" in page
    response = client.post("/accounts/login/", {"username": "inspector", "password": "pw-12345678"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    wrong = client.post("/accounts/login/", {"username": "inspector", "password": "nope"})
    assert "errorlist" in wrong.content.decode() or "errors" in wrong.content.decode()
