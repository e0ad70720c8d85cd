"""Open data: each published round's ratings as CSV and JSON, at stable addresses.

/bulletins/<code>/data.csv and /bulletins/<code>/data.json; the columns are documented in
the README ("Open data"). The inspectors' internal notes are not published.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from ducha.bulletins.queries import get_published_bulletin
from ducha.ledger.downloads import table_response
from ducha.ledger.exports import OPEN_FIELDS, ratings_table


@require_safe
def round_data(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    article = get_published_bulletin(code)
    round = article.round
    meta = {
        "round": round.code,
        "name": round.name,
        "title": round.title,
        "period_start": round.period_start.isoformat(),
        "period_end": round.period_end.isoformat(),
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }
    table = ratings_table(round, fields=OPEN_FIELDS)
    return table_response(table, fmt, filename=f"ducha-{round.code}", meta=meta)
