"""Time composing and rendering the demo round's bulletin as DOCX and as PDF.

Run with `make bench`. Uses a throw-away SQLite database under var/bench/. The first PDF
is timed separately: it pays for loading fonts once per process.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from database import setup_django

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 7


def timed(work: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = work()
    return time.perf_counter() - start, data


def main() -> None:
    setup_django("documents")
    from ducha.bulletins.compose import compose_bulletin
    from ducha.bulletins.renderers import DocxRenderer, PdfRenderer
    from ducha.demo.loader import load_demo
    from ducha.review.models import Round

    load_demo()
    round = Round.objects.get(code="2017-H1")
    for renderer in (DocxRenderer(), PdfRenderer()):

        def work(renderer=renderer) -> bytes:  # type: ignore[no-untyped-def]
            return renderer.render(compose_bulletin(round))

        first, data = timed(work)
        timings = [timed(work)[0] for _ in range(REPEATS)]
        print(
            f"demo round {renderer.identifier}: first {first * 1000:.0f} ms, "
            f"median {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms ({len(data) // 1024} KB)"
        )


if __name__ == "__main__":
    main()
