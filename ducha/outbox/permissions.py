"""Who may see the outbox: the office, which answers for the mail it sends."""

from __future__ import annotations

from ducha.accounts.roles import roles_of
from ducha.core.services import Viewer


def can_watch_outbox(user: Viewer) -> bool:
    return roles_of(user).is_office
