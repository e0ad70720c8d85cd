"""Time reading 1 MB inputs the way an upload is read: real bulletins repeated (as text, a
saved portal page and a Word file) and adversarial inputs (one long line, or hundreds of
thousands of short ones, each with a heading, a count, a defect or a unit name).

Run with `make bench` or `.venv/bin/python bench/read_bulletin.py`. Each input is read with
the installation's vocabulary and unit registry (the demo's, in a throw-away SQLite
database under var/bench/), as `ducha read-bulletin` and the browser upload read it.
The target is under 1 s each.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

from database import setup_django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = 1_000_000
REPEATS = 5


def setup() -> None:
    setup_django("read")
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())


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


def portal_page(text: str) -> bytes:
    """The text as a saved portal page: chrome around it, a paragraph per line."""
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (
        "<!DOCTYPE html><html><head><title>督查通报</title><style>p{}</style></head><body>"
        '<div class="crumb">当前位置：首页 &gt; 督查通报</div>'
        "<div>信息来源：市政府督查室 信息时间：2017-07-03 17:50</div>"
        f"{body}<div>【打印】【关闭】</div><div>版权所有</div></body></html>"
    ).encode()


def word_file(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def lines(line: str) -> bytes:
    return repeated(line + "\n").encode()


def inputs() -> dict[str, tuple[str, bytes]]:
    """name → (file name, content); every text is 1 MB (10^6 characters)."""
    real = repeated(corpus())
    full_width = real.replace(",", "，").replace(":", "：").replace("(", "（").replace(")", "）")
    numbered = "\n".join(f"{n % 99 + 1}、第{n}项工作进展顺利" for n in range(SIZE // 12))
    return {
        "real bulletins repeated": ("a.txt", real.encode()),
        "real bulletins, full-width punctuation": ("a.txt", full_width.encode()),
        "real bulletins, saved portal page": ("a.html", portal_page(real)),
        "real bulletins, Word file": ("a.docx", word_file(real)),
        "one line, no punctuation": ("a.txt", repeated("督查事项推进情况良好").encode()),
        "one line of counts": (
            "a.txt",
            repeated("131项工作中,47项已完成,79项有序推进,1存在突出问题,").encode(),
        ),
        "one line of lists": ("a.txt", repeated("分别是:甲,乙,丙、丁等项目进度相对缓慢,").encode()),
        "one line of digits": ("a.txt", repeated("2017101158日1031日").encode()),
        "headings only": ("a.txt", repeated("1、\n(一)\n一、\n").encode()),
        "numbered headings with text": ("a.txt", repeated(numbered).encode()),
        "short lines": ("a.txt", lines("督查")),
        "short sentences": ("a.txt", lines("督查工作进展顺利。")),
        "a count on every line": ("a.txt", lines("131项工作中,47项已完成,79项有序推进。")),
        "a defect on every line": ("a.txt", lines("5月28日召开,58日完成,市市商务局牵头")),
        "a unit on every line": ("a.txt", lines("由市发改委、市工信委、市城乡规划局负责。")),
        "a highlight on every line": (
            "a.txt",
            lines("(一)项目建设。由石迎军常务副市长牵头,市发改委等单位负责。进展顺利。"),
        ),
        "page chrome on every line": ("a.txt", lines("信息来源:市政府办公室")),
        "a lead-in on every line": ("a.txt", lines("下一步工作建议:")),
        "counts with long example lists": ("a.txt", lines("1项已完成,即(甲)、乙、" * 40)),
        "lists that never end": ("a.txt", repeated("即甲,乙如丙,").encode()),
        "real bulletins with a ㈠ (one character becomes three)": (
            "a.txt",
            ("㈠" + real)[:SIZE].encode(),
        ),
        "a ⑴ heading on every line": ("a.txt", lines("⑴甲。")),
    }


def timed(data: bytes, filename: str) -> float:
    from ducha.bulletins.reader.installation import read_upload

    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        read_upload(data, filename)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    setup()
    worst = 0.0
    for name, (filename, data) in inputs().items():
        seconds = timed(data, filename)
        worst = max(worst, seconds)
        print(
            f"{name:42s} {len(data) / 1e6:5.2f} MB {filename[2:]:5s} {seconds * 1000:7.0f} ms"
            f" (median of {REPEATS})",
            flush=True,
        )
    print(f"slowest: {worst * 1000:.0f} ms; target < 1000 ms: {'ok' if worst < 1 else 'TOO SLOW'}")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
