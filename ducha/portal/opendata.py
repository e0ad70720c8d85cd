"""Open data: each published round's ratings as CSV and JSON, at stable addresses.

/bulletins/<code>/data.csv and /bulletins/<code>/data.json give the version in force;
/bulletins/<code>/v<N>/data.csv and .json give version N as it was published. The rows
are those frozen when the version was approved: a rating changed later appears only with
a correction, after its two-person approval. The columns are documented in the README
("Open data"). The inspectors' internal notes are not published.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.http import require_safe

from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.queries import get_published_bulletin
from ducha.bulletins.services import freeze_open_data
from ducha.lib.downloads import table_response
from ducha.review.exports import open_data_table

PUBLIC_STATES = (BulletinState.PUBLISHED, BulletinState.SUPERSEDED)


@require_safe
def round_data(
    request: HttpRequest, code: str, fmt: str, version: str | None = None
) -> HttpResponseBase:
    current = get_published_bulletin(code)
    article = current if version is None else _version(code, int(version))
    if article.open_data is None and article.pk == current.pk:
        article = freeze_open_data(article)  # published before versions froze their data
    if article.open_data is None:
        raise Http404
    round = article.round
    meta = {
        "round": round.code,
        "name": round.name,
        "title": round.title,
        "period_start": round.period_start.isoformat(),
        "period_end": round.period_end.isoformat(),
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "version": article.version,
        "current": article.pk == current.pk,
        "change_note": article.change_note,
        "versions": _versions(code, fmt),
    }
    table = open_data_table(article.open_data, title=round.code)
    name = f"ducha-{round.code}" + ("" if version is None else f"-v{article.version}")
    return table_response(table, fmt, filename=name, meta=meta)


def _version(code: str, number: int) -> Bulletin:
    found = Bulletin.objects.filter(
        round__code=code, version=number, state__in=PUBLIC_STATES
    ).select_related("round")
    bulletin = found.first()
    if bulletin is None:
        raise Http404
    return bulletin


def _versions(code: str, fmt: str) -> list[dict[str, Any]]:
    """Every published version of the round, oldest first, with its own address."""
    rows = Bulletin.objects.filter(
        round__code=code, state__in=PUBLIC_STATES, open_data__isnull=False
    ).order_by("version")
    return [
        {
            "version": b.version,
            "published_at": b.published_at.isoformat() if b.published_at else None,
            "change_note": b.change_note,
            "url": reverse("portal:bulletin_version_data", args=[code, b.version, fmt]),
        }
        for b in rows.only("version", "published_at", "change_note")
    ]
