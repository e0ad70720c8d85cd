"""Who may see and change the assessment: the one place these rules live."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from ducha.accounts.models import Role
from ducha.accounts.roles import roles_of


def can_see_ranking(user: Any) -> bool:
    """The ranking of all units is the office's (inspectors and the head)."""
    return roles_of(user).is_office


def can_edit_rules(user: Any) -> bool:
    return roles_of(user).is_office


def can_freeze(user: Any) -> bool:
    """Publishing the year's scores to the office is the head's decision."""
    return roles_of(user).has(Role.HEAD)


def can_see_unit(user: Any, unit_id: int) -> bool:
    """A unit's own score page: the office, and that unit's reporters."""
    roles = roles_of(user)
    return roles.is_office or unit_id in roles.unit_ids


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
