"""Time composing and rendering the txt bulletin of a round of 10,000 rated items.

Run with `make bench` (uses a throw-away SQLite database under var/bench/, or the database
named by DUCHA_DATABASE_URL if set to one you can spare).
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
from pathlib import Path

from database import setup_django

ROOT = Path(__file__).resolve().parents[1]
N_ITEMS = int(os.environ.get("BENCH_ITEMS", "10000"))
REPEATS = 7


def build_round(n_items: int) -> object:
    from ducha.ledger.models import Source, WorkItem
    from ducha.org.models import Unit
    from ducha.review.models import Highlight, Rating, Recommendation, Round, Status
    from ducha.review.services import add_highlight, add_recommendation

    unit = Unit.objects.create(name="基准测试单位", short_name="基准单位")
    source = Source.objects.create(kind="work_report", name="基准政府工作报告")
    round = Round.objects.create(
        code="bench",
        name="基准",
        title="基准通报",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        cutoff=datetime.date(2026, 6, 30),
    )
    items = WorkItem.objects.bulk_create(
        (
            WorkItem(code=f"B{n:06d}", title=f"事项{n}", source=source, lead_unit=unit)
            for n in range(n_items)
        ),
        batch_size=2000,
    )
    statuses = list(Status.objects.order_by("order"))
    Rating.objects.bulk_create(
        (
            Rating(
                round=round,
                item=item,
                status=statuses[n % len(statuses)],
                is_example=n < 20,
                example_order=n if n < 20 else None,
            )
            for n, item in enumerate(items)
        ),
        batch_size=2000,
    )
    for n in range(1, 16):
        add_highlight(
            Highlight(round=round, position=n, title=f"亮点{n}"), actor=None, units=[unit]
        )
    for n in range(1, 6):
        add_recommendation(
            Recommendation(round=round, position=n, subject=f"建议{n}"),
            actor=None,
            points=["一点。", "两点。"],
        )
    return round


def main() -> None:
    setup_django("bench")
    from ducha.bulletins.compose import compose_bulletin
    from ducha.bulletins.renderers import TxtRenderer

    round = build_round(N_ITEMS)
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        text = TxtRenderer().render(compose_bulletin(round))  # type: ignore[arg-type]
        timings.append(time.perf_counter() - start)
    assert f"{N_ITEMS}项工作中".encode() in text
    median_ms, max_ms = statistics.median(timings) * 1000, max(timings) * 1000
    print(f"compose + render txt, {N_ITEMS} items: median {median_ms:.1f} ms, max {max_ms:.1f} ms")


if __name__ == "__main__":
    main()
