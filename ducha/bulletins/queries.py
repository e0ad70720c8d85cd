"""Reads of bulletins shared by the portal and the commands."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ducha.bulletins.models import Bulletin, BulletinState


def published_bulletins() -> QuerySet[Bulletin]:
    """What the public may see: published bulletins, newest first."""
    return (
        Bulletin.objects.filter(state=BulletinState.PUBLISHED)
        .select_related("round")
        .order_by("-published_at", "-id")
    )


def get_published_bulletin(round_code: str) -> Bulletin:
    """The latest published version of a round's bulletin, or 404."""
    candidates = published_bulletins().filter(round__code=round_code).order_by("-version")
    return get_object_or_404(candidates[:1])


@dataclass(frozen=True)
class PublishedVersion:
    """Which version of a round's bulletin the public sees, and its read count."""

    pk: int
    version: int
    read_count: int


_CODE = "\x00round-code\x00"  # stands for the round code in the compiled query

# Every read updates the same row, so on PostgreSQL each reader would wait for the previous
# one's commit to reach the disk: a few hundred reads a second at most. This read's commit
# does not wait for the flush (synchronous_commit off for this transaction only, set in the
# same statement): a crash of the database server may lose the last fraction of a second of
# reads, never anything else. SQLite in WAL mode does not wait for the disk at commit.
_NO_FLUSH_WAIT = {
    "postgresql": " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait",
    "sqlite": "",
}


@cache
def _latest_published_sql() -> tuple[str, tuple[Any, ...]]:
    """get_published_bulletin's choice as SQL, compiled once per process: the article is
    read hundreds of times a second, and compiling the ORM query costs more than running it."""
    latest = published_bulletins().filter(round__code=_CODE).order_by("-version").values("pk")
    sql, params = latest[:1].query.sql_with_params()
    return sql, tuple(params)


def _params(round_code: str) -> list[Any]:
    return [round_code if p == _CODE else p for p in _latest_published_sql()[1]]


def latest_published_version(round_code: str, *, count_read: bool) -> PublishedVersion | None:
    """The published version of the round, adding one read in the same statement if asked.

    Counting in the database (read_count + 1 … RETURNING) counts every concurrent reader
    exactly once and returns the total including this read.
    """
    table = connection.ops.quote_name(Bulletin._meta.db_table)
    sql = _latest_published_sql()[0]
    if count_read:
        statement = (
            f"UPDATE {table} SET read_count = read_count + 1{_NO_FLUSH_WAIT[connection.vendor]} "
            f"WHERE id = ({sql}) RETURNING id, version, read_count"
        )
    else:
        statement = f"SELECT id, version, read_count FROM {table} WHERE id = ({sql})"
    with connection.cursor() as cursor:
        cursor.execute(statement, _params(round_code))
        row = cursor.fetchone()
    return PublishedVersion(*row) if row else None
