"""The inbox's block of documents to acknowledge, included by the inbox's template."""

from __future__ import annotations

from typing import Any

from django import template

from ducha.accounts.roles import roles_of
from ducha.documents.queries import to_acknowledge

register = template.Library()
LIMIT = 50


@register.inclusion_tag("documents/_inbox_documents.html", takes_context=True)
def documents_to_acknowledge(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    rows = list(to_acknowledge(sorted(roles_of(user).unit_ids))[: LIMIT + 1])
    return {
        "documents": rows[:LIMIT],
        "more": len(rows) > LIMIT,
        "csrf_token": context.get("csrf_token"),
    }
