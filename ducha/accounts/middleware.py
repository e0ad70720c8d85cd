"""Sessions end after an idle time (SESSION_COOKIE_AGE) rather than 14 days after login."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "_ducha_last_seen"
# Renewing on every request would write the session row on every page view; once a minute
# keeps the idle limit exact to the minute for a fraction of the writes.
RENEW_AFTER_SECONDS = 60


class IdleSessionMiddleware:
    """Renews a logged-in user's session while they use it, so it expires only when idle.

    The session's expiry is SESSION_COOKIE_AGE from its last save; saving it once a minute
    of activity pushes the expiry on, and an idle session simply runs out (the database
    row expires and the cookie with it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        logged_in = bool(session.session_key and session.get("_auth_user_id"))
        if logged_in and time.time() - float(session.get(LAST_SEEN, 0)) >= RENEW_AFTER_SECONDS:
            mark_active(session)
        return self.get_response(request)


def mark_active(session: SessionBase) -> None:
    """Note the activity; the change makes Django save the session with a new expiry."""
    session[LAST_SEEN] = int(time.time())
