"""Logins: throttled and locked by django-axes, audited, strong passwords, idle sessions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from ducha.accounts.middleware import LAST_SEEN
from ducha.core.models import AuditEvent
from tests.factories import PASSWORD, make_admin_user, make_inspector, make_reporter, make_unit

pytestmark = pytest.mark.django_db


def log_in(client: Client, username: str, password: str, *, ip: str = "10.0.0.1") -> Any:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_wrong_passwords_lock_the_account_from_that_address() -> None:
    user = make_inspector()
    client = Client()
    for _ in range(4):
        assert log_in(client, user.username, "wrong-password").status_code == 200
    assert log_in(client, user.username, "wrong-password").status_code == 429
    refused = log_in(client, user.username, PASSWORD)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "登录已锁定" in html and "密码连续输错5次" in html and "15分钟后再试" in html
    assert "_auth_user_id" not in client.session
    # The same user from another computer is not locked out by these attempts.
    assert log_in(Client(), user.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_admin_login_is_locked_too() -> None:
    admin = make_admin_user()
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": admin.username, "password": "nope"})
    response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429


def test_behind_the_proxy_the_lock_follows_the_forwarded_address(settings: Any) -> None:
    settings.BEHIND_PROXY = True
    user = make_inspector()
    for _ in range(5):
        Client().post(
            "/accounts/login/",
            {"username": user.username, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        )
    other = Client().post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert other.status_code == 302
    same = Client().post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",  # a forged first entry changes nothing
    )
    assert same.status_code == 429


def test_logins_failures_and_lockouts_are_audited() -> None:
    user = make_inspector()
    assert log_in(Client(), user.username, PASSWORD).status_code == 302
    client = Client()
    for _ in range(5):
        log_in(client, user.username, "wrong-password")
    log_in(client, user.username, PASSWORD)
    log_in(Client(), "nobody-such", "guess")

    events = list(
        AuditEvent.objects.filter(action__startswith="login.")
        .order_by("id")
        .values_list("action", "actor_id", "target_repr", "target_id")
    )
    assert events[0] == ("login.succeeded", user.pk, user.username, str(user.pk))
    attempts = [e for e in events[1:] if e[2] == user.username]
    # Six failures (the last one with the right password, refused), locked at the fifth.
    assert [e[0] for e in attempts].count("login.failed") == 6
    assert [e[0] for e in attempts].count("login.locked_out") == 2
    assert all(e[1] is None and e[3] == str(user.pk) for e in attempts)  # no actor
    assert events[-1] == ("login.failed", None, "nobody-such", "")
    assert AuditEvent.objects.filter(action="login.succeeded").get().after["ip"] == "10.0.0.1"
    assert not AuditEvent.objects.filter(after__password__isnull=False).exists()


@pytest.mark.parametrize("weak", ["12345678", "password", "123456789012", "PLACEHOLDER"])
def test_weak_passwords_are_refused(weak: str) -> None:
    user = make_reporter(make_unit(), username="fgwreporter")
    weak = user.username + "1" if weak == "PLACEHOLDER" else weak
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    assert "errors" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_unit_reporter_changes_their_password() -> None:
    user = make_reporter(make_unit())
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/password/").content.decode()
    assert "修改密码" in page and 'href="/accounts/password/"' in page
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "river-lantern-2024",
            "new_password2": "river-lantern-2024",
        },
    )
    assert response.status_code == 302
    assert client.get("/accounts/password/").status_code == 200  # still logged in here
    assert log_in(Client(), user.username, PASSWORD).status_code == 200
    assert log_in(Client(), user.username, "river-lantern-2024").status_code == 302
    event = AuditEvent.objects.get(action="password.changed")
    assert event.actor_id == user.pk and event.after == {"username": user.username}


def test_the_password_page_needs_a_login() -> None:
    response = Client().get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def session_of(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_activity_renews_the_session_and_idleness_ends_it(settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    user = make_inspector()
    client = Client()
    assert log_in(client, user.username, PASSWORD).status_code == 302
    first = session_of(client).expire_date
    assert abs(first - timezone.now() - datetime.timedelta(hours=2)) < datetime.timedelta(minutes=1)

    # Within the renewal minute nothing is written; after it, the expiry moves on.
    session = client.session
    session[LAST_SEEN] = int(timezone.now().timestamp()) - 600
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert client.get("/accounts/password/").status_code == 200
    renewed = session_of(client).expire_date
    assert renewed - timezone.now() > datetime.timedelta(hours=1, minutes=59)

    # A session left idle past its expiry is over.
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_api_schema_and_docs_are_for_logged_in_users(client: Client) -> None:
    for url in ("/api/openapi.json", "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_reporter(make_unit()))
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "ducha" and "/api/items/" in schema["paths"]
    html = client.get("/api/docs/").content.decode()
    assert "/static/api/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/api/docs.js" in html
    assert "<script>" not in html and "cdn" not in html.lower()
