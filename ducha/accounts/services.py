"""Creating users with their roles."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.db import transaction

from ducha.accounts.models import Membership, Role
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
) -> AbstractUser:
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
