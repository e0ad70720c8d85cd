"""Who may read the audit trail: the office and administrators (it names every user)."""

from __future__ import annotations

from typing import Any

from ducha.accounts.roles import roles_of


def can_view_audit(user: Any) -> bool:
    return roles_of(user).is_office
