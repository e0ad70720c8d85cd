"""Time importing a 50,000-row ledger, and reading the same file with python-calamine alone,
in this process and in the limited child process that imports use (`ducha.lib.sandbox`):
the difference is the child's overhead, printed as a share of the whole import.

Run with `make bench` or `.venv/bin/python bench/import_ledger.py` (a throw-away SQLite
database under var/bench/, or the database named by DUCHA_DATABASE_URL if set to one you
can spare). BENCH_ROWS changes the size. The file looks like an office's: a title row,
text dates, several units in one cell, one numbered sub-item in ten.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

from database import setup_django

ROOT = Path(__file__).resolve().parents[1]
N_ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
N_UNITS = 60
DATES = ("2017年6月底", "年底前", "9月30日前", "长期坚持", "三季度")


def registry() -> None:
    from ducha.ledger.models import Source
    from ducha.org.models import Leader, Unit

    Source.objects.create(kind="work_report", name="政府工作报告")
    Unit.objects.bulk_create(
        Unit(name=f"许昌市第{n}局", short_name=f"市{n}局") for n in range(N_UNITS)
    )
    Leader.objects.bulk_create(
        Leader(name=f"领导{n}", title="副市长", precedence=n) for n in range(8)
    )


def ledger_file(n_rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["2017年重大工作事项台账"])
    sheet.append(["序号", "工作事项", "牵头领导", "牵头单位", "配合单位", "完成时限", "事项来源"])
    for n in range(n_rows):
        title = f"1.子任务{n}" if n % 10 else f"重点工作{n}"
        co_units = f"市{(n + 1) % N_UNITS}局、市{(n + 2) % N_UNITS}局"
        row = [n + 1, title, f"领导{n % 8}", f"市{n % N_UNITS}局", co_units, DATES[n % 5]]
        sheet.append([*row, "政府工作报告"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_times: list[float] = []


def timed(label: str, work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    _times.append(time.perf_counter() - start)
    print(f"{label}: {_times[-1]:.2f} s")
    return result


def _last() -> float:
    return _times[-1]


def best_of(n: int, label: str, work):  # type: ignore[no-untyped-def]
    """The fastest of n runs (the machine is shared: the minimum is the least disturbed)."""
    best = min(_timed_quietly(work) for _ in range(n))
    print(f"{label}: {best:.2f} s (fastest of {n})")
    return best


def _timed_quietly(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    setup_django("import")
    from ducha.ledger.services import import_ledger
    from ducha.ledger.sheets import Registry, plan_import
    from ducha.lib.excel import read_tables

    registry()
    data = ledger_file(N_ROWS)
    path = ROOT / "var" / "bench" / f"ledger-{N_ROWS}.xlsx"
    path.write_bytes(data)  # for timing `ducha import-ledger` on the same file
    print(f"{N_ROWS} rows, {len(data) / 1e6:.1f} MB .xlsx ({path.relative_to(ROOT)})")
    inline = best_of(
        5, "reading in this process", lambda: read_tables(data, "a.xlsx", isolated=False)
    )
    child = best_of(5, "reading in the limited child process", lambda: read_tables(data, "a.xlsx"))

    def full_import() -> object:
        start = time.perf_counter()
        plan = plan_import(data, "ledger.xlsx", registry=Registry.load(year=2017))
        assert not plan.errors, plan.errors[:3]
        print(f"  read and validate: {time.perf_counter() - start:.2f} s")
        return import_ledger(plan, actor=None)

    result = timed("import (read, validate, write, audit)", full_import)
    print(f"  {result}")
    whole = _last()
    print(
        f"child process overhead: {child - inline:.2f} s of a {whole:.1f} s import "
        f"({100 * (child - inline) / whole:.1f} %; reading {inline:.2f} s → {child:.2f} s)"
    )
    again = timed("import the same file again (changes nothing)", full_import)
    print(f"  {again}")


if __name__ == "__main__":
    main()
