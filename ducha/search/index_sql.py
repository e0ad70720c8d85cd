"""The search indexes, kept by the database itself in the same transaction as every change.

SQLite: one FTS5 table per searched kind with the trigram tokenizer, filled by triggers on
the searched table (so every writer, services and bulk imports alike, keeps it in step).
Each document ends with a space, so a two-character query `AB` always has a trigram
`AB?` starting with it: short queries are answered from the index's vocabulary
(see `ducha.search.engine`).

PostgreSQL: `pg_trgm` GIN indexes on the searched text (three characters and more) and a
GIN index on its one- and two-character grams (`ducha_grams`, for shorter queries). Both
are expression indexes, so there is no copy to keep in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Indexed:
    """One searched table: `document` is the SQL expression of its searched text."""

    name: str
    table: str
    document: str


ITEMS = Indexed(
    "item",
    "ledger_workitem",
    "(\"code\" || ' ' || \"title\" || ' ' || \"description\" || ' ')",
)
REPORTS = Indexed("report", "progress_progressreport", "(\"narrative\" || ' ')")
INDEXED = (ITEMS, REPORTS)


def fts_table(indexed: Indexed) -> str:
    return f"search_{indexed.name}_fts"


def vocab_table(indexed: Indexed) -> str:
    return f"search_{indexed.name}_vocab"


def sqlite_create(indexed: Indexed) -> list[str]:
    fts, table = fts_table(indexed), indexed.table
    new, old = _columns(indexed, "new"), _columns(indexed, "old")
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, content='', tokenize='trigram')",
        f"CREATE VIRTUAL TABLE {vocab_table(indexed)} USING fts5vocab({fts}, 'row')",
        f"INSERT INTO {fts}(rowid, body) SELECT id, {indexed.document} FROM {table}",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, body) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, body) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, body) VALUES (new.id, {new}); END",
    ]


def _columns(indexed: Indexed, row: str) -> str:
    """The document expression with each column read from the trigger's `new` or `old` row."""
    return re.sub(r'"(\w+)"', rf"{row}.\1", indexed.document)


def sqlite_drop(indexed: Indexed) -> list[str]:
    fts = fts_table(indexed)
    return [
        f"DROP TRIGGER IF EXISTS {fts}_ai",
        f"DROP TRIGGER IF EXISTS {fts}_ad",
        f"DROP TRIGGER IF EXISTS {fts}_au",
        f"DROP TABLE IF EXISTS {vocab_table(indexed)}",
        f"DROP TABLE IF EXISTS {fts}",
    ]


# COST: computing a row's grams is far dearer than reading the index; without it the planner
# may walk the primary key and compute them for every row to stop early at a LIMIT.
GRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION ducha_grams(doc text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 AS $$
  SELECT coalesce(array_agg(DISTINCT lower(substr(doc, i, n))), '{}')
  FROM generate_series(1, char_length(doc)) AS i, (VALUES (1), (2)) AS len(n)
  WHERE i + n - 1 <= char_length(doc)
$$
"""


def postgres_create(indexed: Indexed) -> list[str]:
    doc = indexed.document
    return [
        f"CREATE INDEX search_{indexed.name}_trgm ON {indexed.table} "
        f"USING gin (lower({doc}) gin_trgm_ops)",
        f"CREATE INDEX search_{indexed.name}_grams ON {indexed.table} "
        f"USING gin (ducha_grams({doc}))",
    ]


def postgres_drop(indexed: Indexed) -> list[str]:
    return [
        f"DROP INDEX IF EXISTS search_{indexed.name}_trgm",
        f"DROP INDEX IF EXISTS search_{indexed.name}_grams",
    ]
