"""Creating users with their roles; their passwords and logins, audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.http import HttpRequest

from ducha.accounts.models import Membership, Role
from ducha.core.actions import LOGGED_OUT, LOGIN_SUCCEEDED, PASSWORD_CHANGED
from ducha.core.models import AuditEvent
from ducha.core.request import client_ip
from ducha.core.services import Actor, record_event, snapshot
from ducha.org.models import Leader, Unit


@transaction.atomic
def ensure_user(
    username: str,
    *,
    password: str,
    role: Role,
    actor: Actor,
    full_name: str = "",
    unit: Unit | None = None,
    leader: Leader | None = None,
) -> User:
    """Create the user with this role if missing; an existing user keeps its password."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"first_name": full_name}
    )
    if created:
        user.set_password(password)
        user.is_staff = role in {Role.INSPECTOR, Role.HEAD, Role.ADMIN}
        user.is_superuser = role == Role.ADMIN
        user.save()
        if role in {Role.INSPECTOR, Role.HEAD}:
            user.groups.add(office_group())
        record_event("user.created", user, actor=actor, before=None, after={"username": username})
    membership, made = Membership.objects.get_or_create(
        user=user, role=role, unit=unit, leader=leader
    )
    if made:
        record_event(
            "membership.created", membership, actor=actor, before=None, after=snapshot(membership)
        )
    return user


OFFICE_APPS = ("org", "ledger", "review", "bulletins", "progress")


def office_group() -> Group:
    """The group that lets the office's staff manage the ledger, rounds and bulletins."""
    group, _ = Group.objects.get_or_create(name="督查室")
    perms = Permission.objects.filter(content_type__app_label__in=OFFICE_APPS)
    group.permissions.add(*perms, *Permission.objects.filter(codename="view_auditevent"))
    return group


def _login_details(request: HttpRequest | None, username: str) -> dict[str, str]:
    if request is None:
        return {"username": username}
    return {
        "username": username,
        "ip": client_ip(request),
        "path": request.path[:200],
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def record_login(
    action: str, request: HttpRequest | None, *, username: str, user: User | None = None
) -> AuditEvent:
    """Record a login, a failed or refused one, or a logout, against the account it names.

    A failure names no actor (we do not know who typed); an unknown username is kept as
    typed (cut to 150 characters) so that guessing shows in the trail.
    """
    username = username[:150]
    if user is None:
        user = get_user_model().objects.filter(username=username).first()
    return AuditEvent.objects.create(
        actor=user if action in {LOGIN_SUCCEEDED, LOGGED_OUT} else None,
        action=action,
        target_type="auth.user",
        target_id=str(user.pk) if user is not None else "",
        target_repr=username,
        before=None,
        after=_login_details(request, username),
    )


@transaction.atomic
def change_password(user: User, new_password: str, *, actor: Actor) -> None:
    """Set a validated new password; the audit event says who and when, never the password."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_event(
        PASSWORD_CHANGED, user, actor=actor, before=None, after={"username": user.username}
    )
