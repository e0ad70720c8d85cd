"""What the office's navigation may show: it reflects the user's roles, it grants nothing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ducha.accounts.roles import roles_of


def office_nav(request: HttpRequest) -> dict[str, Any]:
    roles = roles_of(getattr(request, "user", None))
    return {
        "nav": {
            "workbench": roles.is_office or bool(roles.leader_ids),
            "inbox": bool(roles.unit_ids),
            "office": roles.is_office,
        }
    }
