"""文号: one sequence per kind and year, without gaps or duplicates.

The counter row is raised with one conditional UPDATE in the transaction that issues the
document. Concurrent issuers queue on the row's lock (PostgreSQL) or on the database's
write lock (SQLite, whose transactions begin IMMEDIATE here), so each reads its own
number; a transaction that rolls back takes its number back with it, so no gap is left.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from ducha.documents.models import DocumentCounter, DocumentSeries


def series_for(kind: str) -> DocumentSeries:
    """The office's settings for a kind, or the defaults until it sets them."""
    return DocumentSeries.objects.filter(kind=kind).first() or DocumentSeries.default(kind)


def allocate(kind: str, year: int) -> int:
    """The next number of the kind's sequence for the year; call inside the issuing
    transaction."""
    assert transaction.get_connection().in_atomic_block, "allocate inside the issuing transaction"
    DocumentCounter.objects.bulk_create(
        [DocumentCounter(kind=kind, year=year, last=0)], ignore_conflicts=True
    )
    DocumentCounter.objects.filter(kind=kind, year=year).update(last=F("last") + 1)
    return DocumentCounter.objects.values_list("last", flat=True).get(kind=kind, year=year)


def format_number(pattern: str, year: int, n: int) -> str:
    """许督〔{year}〕{n}号 → 许督〔2026〕12号: the year in full, the number unpadded (§7.2)."""
    return pattern.replace("{year}", str(year)).replace("{n}", str(n))
