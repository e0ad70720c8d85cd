"""The office's outbox page: mail not delivered yet, why, and sending it again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ducha.core.request import actor_of
from ducha.outbox import queries
from ducha.outbox.models import OutboxMessage, UserChannels
from ducha.outbox.permissions import can_watch_outbox
from ducha.outbox.sender import MAX_ATTEMPTS
from ducha.outbox.services import retry_message, set_user_channels

PAGE_SIZE = 50


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    if not can_watch_outbox(request.user):
        raise PermissionDenied
    page = Paginator(queries.undelivered(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "counts": queries.counts(), "max_attempts": MAX_ATTEMPTS}
    return render(request, "outbox/index.html", context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_watch_outbox(request.user):
        raise PermissionDenied
    message = get_object_or_404(OutboxMessage, pk=pk)
    if retry_message(message, actor=actor_of(request)):
        messages.success(request, _("The message will be sent at the next run of the sender."))
    else:
        messages.error(request, _("This message is being sent or has been sent."))
    return redirect("outbox:index")


class ChannelsForm(forms.ModelForm):
    class Meta:
        model = UserChannels
        fields = ["mobile", "by_email", "by_sms"]


@login_required
def my_channels(request: HttpRequest) -> HttpResponse:
    """Everyone sets their own mobile number and how they want to be told."""
    current = UserChannels.objects.filter(user_id=getattr(request.user, "pk", 0)).first()
    form = ChannelsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            set_user_channels(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notification channels are saved."))
            return redirect("my_channels")
    status = 400 if request.method == "POST" else 200
    return render(request, "outbox/channels.html", {"form": form}, status=status)
