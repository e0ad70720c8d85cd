"""Who may do what with bulletins: the one place these rules live."""

from __future__ import annotations

from typing import Any

from ducha.accounts.roles import roles_of


def can_import_bulletins(user: Any) -> bool:
    """Importing a published bulletin creates a round: the office's inspectors and head."""
    return roles_of(user).is_office
