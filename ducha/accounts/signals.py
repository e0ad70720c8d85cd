"""Logins reach the audit trail from Django's and django-axes' authentication signals.

These receivers only forward: Django reports logins through signals alone (our login page
and the admin's both send them), so this is the one hook. The work is in services.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ducha.accounts.middleware import mark_active
from ducha.accounts.services import record_login
from ducha.core.actions import LOGGED_OUT, LOGIN_FAILED, LOGIN_LOCKED_OUT, LOGIN_SUCCEEDED


@receiver(user_logged_in, dispatch_uid="ducha.audit_login")
def _logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_active(request.session)  # the login saves the session anyway
    record_login(LOGIN_SUCCEEDED, request, username=user.get_username(), user=user)


@receiver(user_logged_out, dispatch_uid="ducha.audit_logout")
def _logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_login(LOGGED_OUT, request, username=user.get_username(), user=user)


@receiver(user_login_failed, dispatch_uid="ducha.audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    record_login(LOGIN_FAILED, request, username=str(credentials.get("username") or ""))


@receiver(user_locked_out, dispatch_uid="ducha.audit_locked_out")
def _locked_out(sender: Any, request: Any, username: Any, **kwargs: Any) -> None:
    record_login(LOGIN_LOCKED_OUT, request, username=str(username or ""))
