"""Substring matching of Chinese text through the indexes of `index_sql`, on either database.

Chinese has no spaces between words, so a query matches any substring of one or more
characters. Each function returns SQL selecting the ids of the matching rows of one searched
table, to be used as `pk__in=RawSQL(...)` under the permission filters of the caller.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

from ducha.search.index_sql import Indexed, fts_table, vocab_table

MAX_QUERY_LENGTH = 50
# A two-character query on SQLite is the OR of the trigrams starting with it; real text has
# at most a few hundred distinct ones (the next character), this bounds a hostile vocabulary.
MAX_TERMS = 2000
_TOP = "\U0010ffff"


def normalise_query(raw: str | None) -> str:
    """The query as searched: spaces at either end dropped, at most MAX_QUERY_LENGTH characters."""
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def like_pattern(query: str) -> str:
    """`%query%` with LIKE's own characters escaped (ESCAPE '\\')."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sqlite_short_terms(indexed: Indexed, query: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM {vocab_table(indexed)} WHERE term >= %s AND term < %s LIMIT %s",
            [query, query + _TOP, MAX_TERMS + 1],
        )
        return [term for (term,) in cursor.fetchall()]


def matching_ids(indexed: Indexed, query: str) -> RawSQL:
    """SQL for the ids of `indexed` rows whose document contains `query` (non-empty)."""
    folded = query.lower()
    if connection.vendor == "postgresql":
        if len(query) >= 3:
            sql = f"SELECT id FROM {indexed.table} WHERE lower({indexed.document}) LIKE %s"
            return RawSQL(sql, [like_pattern(folded)])
        sql = f"SELECT id FROM {indexed.table} WHERE ducha_grams({indexed.document}) @> %s"
        return RawSQL(sql, [[folded]])
    fts = fts_table(indexed)
    if len(query) >= 3:
        return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [_phrase(folded)])
    if len(query) == 2:
        # Every document ends with a space, so each occurrence of AB starts a trigram AB?.
        terms = _sqlite_short_terms(indexed, folded)
        if not terms:
            return RawSQL("SELECT NULL WHERE 0", [])
        if len(terms) <= MAX_TERMS:
            expression = " OR ".join(_phrase(term) for term in terms)
            return RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [expression])
    # One character (or a vocabulary past the bound): a scan, as LIKE would do.
    sql = f"SELECT id FROM {indexed.table} WHERE lower({indexed.document}) LIKE %s ESCAPE '\\'"
    return RawSQL(sql, [like_pattern(folded)])
