"""Reads of the register, for its page and the inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ducha.documents.models import Document
from ducha.documents.permissions import documents_visible_to


def register(
    user: Any, *, kind: str = "", unacknowledged: bool = False, item: int | None = None
) -> QuerySet[Document]:
    """The 登记簿 as the user may see it, newest first."""
    rows = documents_visible_to(user).select_related("unit", "item", "issued_by")
    if kind:
        rows = rows.filter(kind=kind)
    if item:
        rows = rows.filter(item_id=item)
    if unacknowledged:
        rows = rows.filter(unit__isnull=False, acknowledged_at__isnull=True)
    return rows.order_by("-issued_at", "-pk")


def to_acknowledge(unit_ids: Any) -> QuerySet[Document]:
    """Documents the user's units have not acknowledged yet, oldest first."""
    return (
        Document.objects.filter(unit_id__in=unit_ids, acknowledged_at__isnull=True)
        .select_related("unit", "item")
        .order_by("issued_at", "pk")
    )
