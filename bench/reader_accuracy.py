"""How well the reader reads the labelled corpus: totals, status counts, named examples,
findings' precision and recall, false alarms on clean bulletins, per group and per shape.

Run with `make bench-reader` or `.venv/bin/python bench/reader_accuracy.py [-v]`; `-v` also
lists every miss. The labels are in tests/data/bulletins/ (labels.toml, synthetic.toml).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    import django

    django.setup()
    from tests.bulletins.corpus import by_shape, cases, report_lines, score

    every = cases()
    lines: list[str] = []
    for group in ("real", "own", "synthetic"):
        lines += report_lines(group, score(c for c in every if c.group == group))
    lines.append("per shape (real, own and synthetic together):")
    for shape, selected in by_shape(every).items():
        lines += report_lines(f"  {shape}", score(selected))
    if "-v" in sys.argv:
        lines.append("misses:")
        lines += [f"  {miss}" for miss in score(every).misses]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
