"""What a user is to the office: their roles and scopes, read once per request.

Object-kind permission modules (e.g. `progress/permissions.py`) build on these answers;
views never look at memberships directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from ducha.accounts.models import Membership, Role
from ducha.core.services import Viewer


@dataclass(frozen=True)
class Roles:
    """The roles of one user, with the units they report for and the leaders they are."""

    roles: frozenset[Role] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    leader_ids: frozenset[int] = frozenset()
    is_superuser: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def has(self, *wanted: Role) -> bool:
        return self.is_superuser or any(role in self.roles for role in wanted)

    @property
    def is_office(self) -> bool:
        """Inspectors and the office head see and manage every item."""
        return self.has(Role.INSPECTOR, Role.HEAD)


ANONYMOUS = Roles()
_CACHE_ATTR = "_ducha_roles"


def roles_of(user: Viewer) -> Roles:
    """The user's roles, cached on the user object (one query per request)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user).values_list("role", "unit_id", "leader_id")
    )
    result = Roles(
        roles=frozenset(Role(role) for role, _, _ in memberships),
        unit_ids=frozenset(u for role, u, _ in memberships if role == Role.REPORTER and u),
        leader_ids=frozenset(lead for role, _, lead in memberships if role == Role.LEADER and lead),
        is_superuser=bool(user.is_superuser),
    )
    setattr(user, _CACHE_ATTR, result)
    return result
