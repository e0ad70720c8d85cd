"""Shared test set-up: the real browser (Debian's Chromium) for the browser tests."""

from __future__ import annotations

import os
from typing import Any

import pytest

# One list of Chromium's flags, shared with the deployment check.
from deploy.check import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# the test itself (building data) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    # Never a downloaded browser: the system's Chromium, which the Makefile installs.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # Real hashing takes ~0.5 s a password; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_names(settings: Any) -> None:
    # Tests read static files from the source folders; hashed names need `collectstatic`,
    # which the deployment check (deploy/check.py) runs as production does.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    # Each test's database starts again at the same ids; so does the cache of rendered pages.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def pages_pass_the_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every HTML page any test fetches through Django's test client is read for what the
    Content-Security-Policy refuses (tests/inline.py): a page added later is covered by the
    test that fetches it, with its form errors, previews and error pages."""
    from django.test import Client

    from tests.inline import inline_code

    fetch = Client.request

    def request(self: Client, **request: Any) -> Any:
        response = fetch(self, **request)
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html") and not response.streaming:
            found = inline_code(response.content.decode(response.charset or "utf-8", "replace"))
            assert not found, f"{request.get('PATH_INFO')}: the policy refuses {found}"
        return response

    monkeypatch.setattr(Client, "request", request)
