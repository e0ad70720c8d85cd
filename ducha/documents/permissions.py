"""Who sees which documents: the office all of them, a unit its own, a leader those on the
items they lead. Every list and download starts here."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ducha.accounts.roles import roles_of
from ducha.documents.models import Document


def documents_visible_to(user: Any) -> QuerySet[Document]:
    roles = roles_of(user)
    documents = Document.objects.all()
    if roles.is_office:
        return documents
    if not (roles.unit_ids or roles.leader_ids):
        return documents.none()
    return documents.filter(
        Q(unit_id__in=roles.unit_ids) | Q(item__leaders__in=roles.leader_ids)
    ).distinct()


def can_issue(user: Any) -> bool:
    return roles_of(user).is_office
