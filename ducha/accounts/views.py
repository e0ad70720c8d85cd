"""Every user may change their own password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from ducha.accounts.services import change_password
from ducha.core.request import actor_of


@sensitive_post_parameters()
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        change_password(form.user, form.cleaned_data["new_password1"], actor=actor_of(request))
        update_session_auth_hash(request, form.user)  # stay logged in here, out elsewhere
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:password_change")
    return render(request, "accounts/password_change.html", {"form": form})


def locked_out(request: HttpRequest, credentials: object = None, **kwargs: object) -> HttpResponse:
    """django-axes' answer to a locked login (AXES_LOCKOUT_CALLABLE): a Chinese page, 429."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked.html", context, status=429)
