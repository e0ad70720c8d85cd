"""Server time and SQL queries of the cockpit at 10,000 items × 12 rounds (a year of monthly
rounds), for the office, a leader, and the item list behind a bar. The target is under
200 ms with the same number of queries at any size (BENCH_ITEMS changes the size).

    .venv/bin/python bench/cockpit.py   # a throw-away SQLite database under var/bench/
"""

from __future__ import annotations

import calendar
import datetime
import os
from typing import Any

from database import setup_django
from workflow_pages import measure

N_ITEMS = int(os.environ.get("BENCH_ITEMS", "10000"))
N_ROUNDS = 12
N_UNITS = 40
N_LEADERS = 8
REPEATS = 7


def build() -> dict[str, Any]:
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
        Leader(name=f"领导{n}", title="副市长", precedence=n) for n in range(N_LEADERS)
    )
    sources = [Source.objects.create(kind="work_report", name=f"基准来源{n}") for n in range(4)]
    rounds = []
    for month in range(1, N_ROUNDS + 1):
        end = datetime.date(2026, month, calendar.monthrange(2026, month)[1])
        round = Round.objects.create(
            code=f"2026-{month:02d}",
            name=f"2026年{month}月",
            title="基准通报",
            period_start=datetime.date(2026, month, 1),
            period_end=end,
            cutoff=end,
        )
        ReportingDeadline.objects.create(
            round=round,
            due=timezone.make_aware(datetime.datetime(end.year, end.month, end.day, 18)),
        )
        rounds.append(round)
    items = WorkItem.objects.bulk_create(
        (
            WorkItem(
                code=f"C{n:06d}",
                title=f"事项{n}",
                source=sources[n % len(sources)],
                lead_unit=units[n % N_UNITS],
            )
            for n in range(N_ITEMS)
        ),
        batch_size=5000,
    )
    co = WorkItem.co_units.through
    co.objects.bulk_create(
        (
            co(workitem=item, unit=units[(n + 1) % N_UNITS])
            for n, item in enumerate(items)
            if n % 5 == 0
        ),
        batch_size=5000,
    )
    led = WorkItem.leaders.through
    led.objects.bulk_create(
        (led(workitem=item, leader=leaders[n % N_LEADERS]) for n, item in enumerate(items)),
        batch_size=5000,
    )
    statuses = list(Status.objects.order_by("order"))
    for r, round in enumerate(rounds):
        Rating.objects.bulk_create(
            (
                Rating(round=round, item=item, status=statuses[(n + r) % len(statuses)])
                for n, item in enumerate(items)
            ),
            batch_size=5000,
        )
    last = rounds[-1]
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                item=item,
                round=last,
                unit=units[n % N_UNITS],
                narrative="进展",
                state="submitted",
                submitted_at=last.reporting.due + datetime.timedelta(days=n % 3 - 1),
            )
            for n, item in enumerate(items)
            if n % 3
        ),
        batch_size=5000,
    )
    inspector = ensure_user("bench-inspector", password="x" * 12, role=Role.INSPECTOR, actor=None)
    leader = ensure_user(
        "bench-leader", password="x" * 12, role=Role.LEADER, leader=leaders[0], actor=None
    )
    return {"inspector": inspector, "leader": leader, "leader_id": leaders[0].pk}


def main() -> None:
    setup_django("cockpit")
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.conf import settings

    # Static files from the sources, as in the tests (production hashes them at collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    users = build()
    office, leader = Client(), Client()
    office.force_login(users["inspector"])
    leader.force_login(users["leader"])
    pages = [
        ("cockpit, office", office, "/cockpit/"),
        ("cockpit, one leader chosen", office, f"/cockpit/?for_leader={users['leader_id']}"),
        ("cockpit, a leader", leader, "/cockpit/"),
        (
            "items behind a bar",
            office,
            f"/cockpit/items/?round=2026-12&status=1&leader={users['leader_id']}",
        ),
        ("items that got worse", office, "/cockpit/items/?round=2026-12&worse=1"),
        ("GET /api/cockpit/", office, "/api/cockpit/"),
    ]
    print(f"{connection.vendor}: {N_ITEMS:,} items × {N_ROUNDS} rounds, median of {REPEATS}")
    for name, client, url in pages:
        ms, queries = measure(client, url)
        print(f"{name:30} {ms:7.1f} ms  {queries:3d} queries")


if __name__ == "__main__":
    main()
