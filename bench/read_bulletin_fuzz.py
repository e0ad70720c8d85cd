"""Look for slow 1 MB inputs: random pieces of bulletins, repeated to 10^6 characters, and
real bulletins with random damage, repeated likewise. Each read is stopped after 4 s.

Run with `.venv/bin/python bench/read_bulletin_fuzz.py [SEED] [COUNT]` (`make bench` runs a
few). It prints every input slower than 0.8 s, saved under var/bench/, and the slowest.
"""

from __future__ import annotations

import random
import signal
import sys
import time
from pathlib import Path

from read_bulletin import repeated

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "bench"
# What bulletins are made of: markers, statuses, numbers, dates, defects, chrome.
PIECES = [
    *"一、(一)1、1.(1)项件个、,。;:()《》“”\n\n\n 　，：（）",
    "二是", "一是", "分别是:", "即:", "如", "等", "已完成", "有序推进", "推进缓慢",
    "存在突出问题", "未达序时", "需要加大力度", "131", "47", "58日", "20171011",
    "202310月份", "市市", "和和", "市发改委", "市工信委", "由", "牵头", "负责", "副市长",
    "张三", "占比", "35.9%", "完成率", "建议", "要求", "亮点", "工作中", "共", "涉及", "督查",
    "工作", "的", "在", "项目", "信息来源:", "来源:", "当前位置:", "版权所有", "元旦",
    "唯一", "省辖市", "⑴", "㈠",
]  # fmt: skip


class TooSlow(Exception):
    pass


def _stop(*_: object) -> None:
    raise TooSlow


def random_pieces(rnd: random.Random) -> str:
    return "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 30)))


def damaged(rnd: random.Random, texts: list[str]) -> str:
    chars = list(rnd.choice(texts))
    for _ in range(rnd.randint(5, 200)):
        at = rnd.randrange(len(chars))
        roll = rnd.random()
        if roll < 0.4:
            chars.insert(at, rnd.choice(PIECES))
        elif roll < 0.7:
            del chars[at]
        else:
            chars[at] = rnd.choice(PIECES)
    text = "".join(chars)
    roll = rnd.random()
    if roll < 0.2:
        return text.replace("\n", "")
    if roll < 0.4:
        return text.replace("。", "").replace(";", "")
    return text


def main() -> int:
    from ducha.bulletins.reader import read_text

    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    data = ROOT / "tests" / "data"
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "bulletins").glob("*.txt"))]
    rnd = random.Random(seed)
    signal.signal(signal.SIGALRM, _stop)
    OUT.mkdir(parents=True, exist_ok=True)
    slowest = (0.0, "")
    for n in range(count):
        unit = random_pieces(rnd) if n % 2 else damaged(rnd, texts)
        text = repeated(unit)
        signal.alarm(4)
        start = time.perf_counter()
        try:
            read_text(text)
            seconds = time.perf_counter() - start
        except TooSlow:
            seconds = float("inf")
        finally:
            signal.alarm(0)
        if seconds > 0.8:
            path = OUT / f"slow-{seed}-{n}.txt"
            path.write_text(unit, encoding="utf-8")
            print(f"{seconds:.2f} s  {path.relative_to(ROOT)}", flush=True)
        slowest = max(slowest, (seconds, f"case {n}"))
    print(
        f"{count} inputs of 1 MB (seed {seed}); slowest: {slowest[0] * 1000:.0f} ms ({slowest[1]})"
    )
    return 0 if slowest[0] < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
