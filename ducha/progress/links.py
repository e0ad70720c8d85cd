"""Addresses of the item page, built in one place (the page's URL name is `progress:item`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def item_url(item_id: int, round_code: str | None = None) -> str:
    """The item page, showing `round_code` when given."""
    url = reverse("progress:item", args=[item_id])
    return f"{url}?{urlencode({'round': round_code})}" if round_code else url
