"""Search over 100,000 items and 200,000 reports: two- and four-character queries through
the indexes (FTS5 trigram on SQLite, pg_trgm and gram GIN indexes on PostgreSQL), beside a
bare `LIKE '%…%'` scan of the same text. The target is under 100 ms a query.

    .venv/bin/python bench/search.py                      # SQLite, a file under var/bench/
    DUCHA_DATABASE_URL=postgres://…/spare .venv/bin/python bench/search.py   # PostgreSQL

BENCH_ITEMS and BENCH_REPORTS change the sizes. The text is made of clauses of the real
bulletins in tests/data at random, so words occur as often as they do in real writing:
项目 in about one clause in twenty, 供热 and 污水 rarely.
"""

from __future__ import annotations

import datetime
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from database import ROOT, setup_django

N_ITEMS = int(os.environ.get("BENCH_ITEMS", "100000"))
N_REPORTS = int(os.environ.get("BENCH_REPORTS", "200000"))
N_UNITS = 40
REPEATS = 5
CORPUS = ROOT / "tests" / "data"
QUERIES = (
    ("2 characters, common", "项目"),
    ("2 characters", "供热"),
    ("2 characters, rare", "污水"),
    ("4 characters", "集中供热"),
)


def clauses() -> list[str]:
    """The clauses of the published bulletins the tests read, as the words of the text."""
    found: list[str] = []
    for path in sorted(CORPUS.glob("**/*.txt")):
        for clause in re.split(r"[。；，、：\n]", path.read_text(encoding="utf-8")):
            clause = clause.strip()
            if 4 <= len(clause) <= 60:
                found.append(clause)
    return found


def text(rng: random.Random, pool: list[str], n: int) -> str:
    return "，".join(rng.choice(pool) for _ in range(n)) + "。"


def build() -> dict[str, Any]:
    from ducha.accounts.models import Role
    from ducha.accounts.services import ensure_user
    from ducha.ledger.models import Source, WorkItem
    from ducha.org.models import Unit
    from ducha.progress.enums import ReportState
    from ducha.progress.models import ProgressReport
    from ducha.review.models import Round

    rng = random.Random(15)
    pool = clauses()
    units = Unit.objects.bulk_create(
        Unit(name=f"基准单位{n}", short_name=f"单位{n}", order=n) for n in range(N_UNITS)
    )
    source = Source.objects.create(kind="work_report", name="基准政府工作报告")
    rounds = [
        Round.objects.create(
            code=f"bench-{month}",
            name=f"基准{month}月",
            title="基准通报",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, month, 28),
            cutoff=datetime.date(2026, month, 28),
        )
        for month in (3, 6)
    ]
    started = time.perf_counter()
    items = WorkItem.objects.bulk_create(
        (
            WorkItem(
                code=f"S{n:06d}",
                title=text(rng, pool, 1)[:60],
                description=text(rng, pool, 3),
                source=source,
                lead_unit=units[n % N_UNITS],
            )
            for n in range(N_ITEMS)
        ),
        batch_size=5000,
    )
    now = datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                item=items[n // 2],
                round=rounds[n % 2],
                unit=units[(n // 2) % N_UNITS],
                narrative=text(rng, pool, 4),
                state=ReportState.SUBMITTED,
                submitted_at=now,
            )
            for n in range(N_REPORTS)
        ),
        batch_size=5000,
    )
    loaded = time.perf_counter() - started
    inspector = ensure_user(
        "bench-inspector", password="bench-password-15", role=Role.INSPECTOR, actor=None
    )
    reporter = ensure_user(
        "bench-reporter",
        password="bench-password-15",
        role=Role.REPORTER,
        actor=None,
        unit=units[0],
    )
    return {"inspector": inspector, "reporter": reporter, "loaded": loaded}


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    run()  # warm the caches once
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def bare_like(query: str) -> int:
    """What a search without an index does: scan every row's text."""
    from django.db import connection

    pattern = f"%{query}%"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM ledger_workitem WHERE code || ' ' || title || ' ' "
            "|| description LIKE %s) + (SELECT count(*) FROM progress_progressreport "
            "WHERE narrative LIKE %s)",
            [pattern, pattern],
        )
        return int(cursor.fetchone()[0])


def main() -> None:
    setup_django("search")
    from django.db import connection

    from ducha.search.index_sql import ITEMS, REPORTS
    from ducha.search.services import matching_items, matching_reports, search_office

    data = build()
    print(
        f"{connection.vendor}: {N_ITEMS:,} items, {N_REPORTS:,} reports "
        f"(loaded with their indexes in {data['loaded']:.0f} s)"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ITEMS.table}; ANALYZE {REPORTS.table}")
    print(f"{'query':<26}{'matches':>9}{'index ms':>10}{'page ms':>9}{'LIKE ms':>9}{'ratio':>8}")
    for label, query in QUERIES:
        indexed_ms, found = timed(
            lambda q=query: (
                matching_items(data["inspector"], q).count()
                + matching_reports(data["inspector"], q).count()
            )
        )
        page_ms, _ = timed(lambda q=query: search_office(data["inspector"], q))
        like_ms, scanned = timed(lambda q=query: bare_like(q))
        print(
            f"{label + ' ' + query:<24}{found:>9,}{indexed_ms:>10.1f}{page_ms:>9.1f}"
            f"{like_ms:>9.1f}{like_ms / indexed_ms:>7.1f}x"
        )
        if scanned > found:
            print(f"  (LIKE counts {scanned:,}: it also matches across the joined fields)")
    unit_ms, _ = timed(lambda: search_office(data["reporter"], "集中供热"))
    print(f"a unit reporter's page for 集中供热: {unit_ms:.1f} ms")


if __name__ == "__main__":
    main()
