"""Time reading 1 MB bulletins: real bulletins repeated, and adversarial single long lines.

Run with `make bench` or `python bench/read_bulletin.py`. The target is under 1 s each.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = 1_000_000
REPEATS = 5


def corpus() -> str:
    """The bodies of the real bulletins, without the portal footers (the reader stops at a
    footer, so a repeated page would be read only up to its first copy's end)."""
    data = ROOT / "tests" / "data"
    paths = [data / "seed-xuchang-2017-h1.txt", *sorted((data / "bulletins").glob("*.txt"))]
    footer = (
        "手机扫一扫",
        "官方微博",
        "微信公众号",
        "版权所有",
        "备案号",
        "地址",
        "扫一扫",
        "【我要纠错】",
    )
    lines = [
        line
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith(footer)
    ]
    return "\n".join(lines) + "\n"


def repeated(text: str) -> str:
    return (text * (SIZE // len(text) + 1))[:SIZE]


def inputs() -> dict[str, str]:
    real = corpus()
    return {
        "real bulletins repeated": repeated(real),
        "real bulletins, full-width punctuation": repeated(
            real.replace(",", "，").replace(":", "：").replace("(", "（").replace(")", "）")
        ),
        "one line, no punctuation": repeated("督查事项推进情况良好"),
        "one line of counts": repeated("131项工作中,47项已完成,79项有序推进,1存在突出问题,"),
        "one line of lists": repeated("分别是:甲,乙,丙、丁等项目进度相对缓慢,"),
        "one line of digits": repeated("2017101158日1031日"),
        "headings only": repeated("1、\n(一)\n一、\n"),
    }


def timed(read: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        read(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    from ducha.bulletins.reader import read_text

    worst = 0.0
    for name, text in inputs().items():
        seconds = timed(read_text, text)
        worst = max(worst, seconds)
        print(
            f"{name:42s} {len(text) / 1e6:.2f} MB  {seconds * 1000:7.0f} ms (median of {REPEATS})",
            flush=True,
        )
    print(f"slowest: {worst * 1000:.0f} ms; target < 1000 ms: {'ok' if worst < 1 else 'TOO SLOW'}")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
