"""Who may see the outbox: the office, which answers for the mail it sends."""

from __future__ import annotations

from typing import Any

from ducha.accounts.roles import roles_of


def can_watch_outbox(user: Any) -> bool:
    return roles_of(user).is_office
