"""Who may read the audit trail: the office and administrators (it names every user)."""

from __future__ import annotations

from ducha.accounts.roles import roles_of
from ducha.core.services import Viewer


def can_view_audit(user: Viewer) -> bool:
    return roles_of(user).is_office
