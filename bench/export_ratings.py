"""Exporting a round's ratings of 10,000 items as .xlsx, against bare openpyxl.

Run with `.venv/bin/python bench/export_ratings.py` (a throw-away SQLite database under
var/bench/). The export (`ratings_table` and `xlsx_bytes`: the query, the rows, the status
colours, the date formats) must take under 2 s; the ratio to openpyxl writing the same
cells without any style shows what the styling costs, and a quadratic step shows as a
ratio that grows with the rows.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time

from database import setup_django
from workflow_pages import build_round

N_ITEMS = int(os.environ.get("BENCH_ITEMS", "10000"))
LIMIT_SECONDS = 2.0
REPEATS = 3


def bare_openpyxl(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def median_seconds(work: object) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    setup_django("export")
    from ducha.lib.tables import xlsx_bytes
    from ducha.review.exports import ratings_table
    from ducha.review.models import Round

    build_round(N_ITEMS)
    round = Round.objects.get(code="bench")
    table = ratings_table(round)
    assert len(table.rows) == N_ITEMS, len(table.rows)
    rows = [[row[f] for f in table.fields] for row in table.rows]
    export = median_seconds(lambda: xlsx_bytes(ratings_table(round)))
    bare = median_seconds(lambda: bare_openpyxl(table.header, rows))
    print(f"ratings export of {N_ITEMS} items (.xlsx, median of {REPEATS})")
    print(f"  ducha export (query, rows, styles) {export:6.2f} s")
    print(f"  bare openpyxl, same cells          {bare:6.2f} s")
    print(f"  ratio                              {export / bare:6.2f}")
    if export > LIMIT_SECONDS:
        print(f"FAIL: over {LIMIT_SECONDS} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
