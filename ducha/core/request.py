"""Facts about the HTTP request that security code needs, decided once.

The client's address and the request id are read here only, so the login throttle, the
audit trail and the logs agree on them.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:  # the settings load this module (its log filter) before the apps
    from django.contrib.auth.models import User

# Set for the duration of a request by RequestIdMiddleware; "-" outside requests.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "ducha_request_id", default="-"
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def actor_of(request: HttpRequest) -> User:
    """The logged-in user who makes a change through a page, the API or the admin. Every
    such view is behind a login; an anonymous request reaching a service is refused here."""
    from django.contrib.auth.models import User

    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def client_ip(request: HttpRequest) -> str:
    """The browser's address: behind our proxy, the last X-Forwarded-For entry.

    The proxy appends the address it saw, so the last entry is the one a client cannot
    forge; entries before it are whatever the client sent.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR", ""))


def request_id_of(request: HttpRequest) -> str:
    """The id nginx gave the request (X-Request-ID), or a new one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.BEHIND_PROXY and _REQUEST_ID.match(given):
        return str(given)
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record, so a traceback can be found from the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
