"""Server time and SQL queries of the workbench and the inbox for a round of 10,000 items.

Run with `.venv/bin/python bench/workflow_pages.py` (a throw-away SQLite database under
var/bench/, or the database named by DUCHA_DATABASE_URL if set to one you can spare).
The requests go through Django's test client: the whole server side (middleware, views,
queries, templates) without the network.
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
from pathlib import Path
from typing import Any

from database import setup_django

ROOT = Path(__file__).resolve().parents[1]
N_ITEMS = int(os.environ.get("BENCH_ITEMS", "10000"))
N_UNITS = 40
REPEATS = 7


def build_round(n_items: int) -> dict[str, Any]:
    from django.utils import timezone

    from ducha.accounts.models import Role
    from ducha.accounts.services import ensure_user
    from ducha.ledger.models import Source, WorkItem
    from ducha.org.models import Leader, Unit
    from ducha.progress.models import ProgressReport, ReportingDeadline
    from ducha.review.models import Rating, Round, Status

    units = Unit.objects.bulk_create(
        Unit(name=f"基准单位{n}", short_name=f"单位{n}", order=n) for n in range(N_UNITS)
    )
    leaders = Leader.objects.bulk_create(
        Leader(name=f"领导{n}", title="副市长", precedence=n) for n in range(8)
    )
    source = Source.objects.create(kind="work_report", name="基准政府工作报告")
    round = Round.objects.create(
        code="bench",
        name="基准",
        title="基准通报",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 30),
    )
    ReportingDeadline.objects.create(round=round, due=timezone.now() - datetime.timedelta(hours=1))
    items = WorkItem.objects.bulk_create(
        (
            WorkItem(
                code=f"B{n:06d}",
                title=f"事项{n}",
                source=source,
                lead_unit=units[n % N_UNITS],
                deadline=datetime.date(2027, 12, 31),
            )
            for n in range(n_items)
        ),
        batch_size=2000,
    )
    co = WorkItem.co_units.through
    co.objects.bulk_create(
        (
            co(workitem=item, unit=units[(n + 1) % N_UNITS])
            for n, item in enumerate(items)
            if n % 5 == 0
        ),
        batch_size=2000,
    )
    led = WorkItem.leaders.through
    led.objects.bulk_create(
        (led(workitem=item, leader=leaders[n % len(leaders)]) for n, item in enumerate(items)),
        batch_size=2000,
    )
    statuses = list(Status.objects.order_by("order"))
    Rating.objects.bulk_create(
        (
            Rating(round=round, item=item, status=statuses[n % len(statuses)])
            for n, item in enumerate(items)
        ),
        batch_size=2000,
    )
    now = timezone.now()
    states = ["draft", "submitted", "returned", "accepted"]
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                item=item,
                round=round,
                unit=units[n % N_UNITS],
                narrative="进展",
                state=states[n % 4],
                submitted_at=now,
                return_reason="补充" if states[n % 4] == "returned" else "",
            )
            for n, item in enumerate(items)
            if n % 2 == 0
        ),
        batch_size=2000,
    )
    inspector = ensure_user("bench-inspector", password="x" * 12, role=Role.INSPECTOR, actor=None)
    reporter = ensure_user(
        "bench-reporter", password="x" * 12, role=Role.REPORTER, unit=units[1], actor=None
    )
    return {"inspector": inspector, "reporter": reporter}


def measure(client: Any, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and compiled templates
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries)


def main() -> None:
    setup_django("workflow")
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    users = build_round(N_ITEMS)
    office, unit = Client(), Client()
    office.force_login(users["inspector"])
    unit.force_login(users["reporter"])
    pages = [
        ("workbench", office, "/workbench/"),
        ("workbench ?warning=yellow", office, "/workbench/?warning=yellow"),
        ("workbench page 100", office, "/workbench/?page=100"),
        ("inbox", unit, "/inbox/"),
        ("ratings", office, "/rounds/bench/ratings/"),
    ]
    print(f"{N_ITEMS} items, {N_UNITS} units, median of {REPEATS}")
    for name, client, url in pages:
        ms, queries = measure(client, url)
        print(f"{name:28} {ms:7.1f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
