"""Load suite: the published article and a trivial view under gunicorn, while units report.

    .venv/bin/python bench/load.py [--database sqlite|postgres|both] [--duration 60]
                                   [--phase 15] [--readers 100] [--submitters 20] [--workers 4]

For each database it makes a throw-away database (var/bench/load.sqlite3, or a new
PostgreSQL database on 127.0.0.1 that it drops afterwards), loads the demo and 20 units
with items to report on, starts `ducha serve` (gunicorn, --workers) on 127.0.0.1, and:

1. `--readers` concurrent readers of /trivial/ (a view that does nothing, through the same
   middleware) for `--phase` seconds, then of the published article for `--phase` seconds:
   the side-by-side requests/s;
2. the soak: the readers on the article for `--duration` seconds while `--submitters`
   unit reporters log in and send one report per item as fast as they can.

It checks, and exits 1 when one fails: no error (every read 200, every report sent with a
redirect), the article's read count grew by exactly its 200 answers, and every report sent
is in the database once, submitted, with the text that was sent. Bounded: 127.0.0.1 only,
`--max-requests` in all (2,000,000), and each phase stops on time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else: the suite loads our own machine only
ARTICLE = "/bulletins/2017-H1/"
TRIVIAL = "/trivial/"
ROUND = "2017-H1"
ITEMS_PER_UNIT = 40
PASSWORD = "load-test-password-2017"


# The HTTP client --------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name), "")


async def request(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> Answer:
    """One HTTP/1.1 request on its own connection (gunicorn's sync workers close it)."""
    body = urllib.parse.urlencode(form).encode() if form is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if form is not None:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        lines.append(f"Origin: http://{HOST}:{port}")
        lines.append(f"Referer: http://{HOST}:{port}{path}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def exchange() -> bytes:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(raw)
            await writer.drain()
            return await reader.read()
        finally:
            writer.close()

    data = await asyncio.wait_for(exchange(), timeout)
    head, _, content = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = [tuple(h.split(": ", 1)) for h in header_lines if ": " in h]
    return Answer(int(status_line.split()[1]), headers, content)  # type: ignore[arg-type]


@dataclass
class Tally:
    ok: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Budget:
    """The suite's bound on requests, shared by every client."""

    left: int

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


async def readers(port: int, path: str, n: int, seconds: float, budget: Budget) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds

    async def reader() -> None:
        while time.monotonic() < deadline and budget.take():
            try:
                answer = await request(port, "GET", path)
            except (TimeoutError, OSError) as error:
                tally.errors.append(f"GET {path}: {error!r}")
                continue
            if answer.status == 200:
                tally.ok += 1
            else:
                tally.errors.append(f"GET {path}: {answer.status}")

    await asyncio.gather(*(reader() for _ in range(n)))
    return tally


def _update(jar: dict[str, str], answer: Answer) -> None:
    for name, value in answer.headers:
        if name.lower() == "set-cookie":
            for key, morsel in SimpleCookie(value).items():
                jar[key] = morsel.value


async def submitter(
    port: int, username: str, unit_id: int, item_ids: list[int], deadline: float, budget: Budget
) -> tuple[dict[int, str], list[str]]:
    """Log in as a unit's reporter and send one report per item; what was sent, by item."""
    jar: dict[str, str] = {}
    answer = await request(port, "GET", "/accounts/login/")
    _update(jar, answer)
    if "csrftoken" not in jar:
        return {}, [f"login page for {username}: {answer.status} without a CSRF cookie"]
    login = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": jar["csrftoken"]}
    answer = await request(port, "POST", "/accounts/login/", cookies=jar, form=login)
    _update(jar, answer)
    if answer.status != 302:
        return {}, [f"login {username}: {answer.status}"]
    sent: dict[int, str] = {}
    errors: list[str] = []
    for item_id in item_ids:
        if time.monotonic() >= deadline or not budget.take():
            break
        text = f"{username} 第{item_id}项 {time.time_ns()}"
        form = {"round": ROUND, "narrative": text, "submit": "1"}
        form["csrfmiddlewaretoken"] = jar["csrftoken"]
        path = f"/items/{item_id}/units/{unit_id}/report/"
        try:
            answer = await request(port, "POST", path, cookies=jar, form=form, timeout=60)
        except (TimeoutError, OSError) as error:
            errors.append(f"POST {path}: {error!r}")
            continue
        _update(jar, answer)
        if answer.status == 302 and answer.header("location").startswith(f"/items/{item_id}/"):
            sent[item_id] = text
        else:
            errors.append(f"POST {path}: {answer.status}")
    return sent, errors


# One database's leg ----------------------------------------------------------------------


def setup_data(n_units: int) -> list[dict[str, Any]]:
    """The demo, plus n units each with a reporter and ITEMS_PER_UNIT items of the demo round."""
    from django.core.management import call_command

    from ducha.accounts.models import Role
    from ducha.accounts.services import ensure_user
    from ducha.ledger.models import Source, WorkItem
    from ducha.org.models import Unit

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    source = Source.objects.create(kind="work_report", name="负载测试来源")
    reporters = []
    for n in range(n_units):
        unit = Unit.objects.create(name=f"负载测试单位{n}", short_name=f"负载{n}", order=900 + n)
        user = ensure_user(f"load{n}", password=PASSWORD, role=Role.REPORTER, actor=None, unit=unit)
        items = WorkItem.objects.bulk_create(
            WorkItem(code=f"L{n}-{k}", title=f"负载测试事项{n}-{k}", source=source, lead_unit=unit)
            for k in range(ITEMS_PER_UNIT)
        )
        reporters.append(
            {"username": user.username, "unit": unit.pk, "items": [i.pk for i in items]}
        )
    return reporters


def read_count() -> int:
    from ducha.bulletins.queries import get_published_bulletin

    return get_published_bulletin(ROUND).read_count


def reports_check(sent: dict[int, dict[int, str]]) -> list[str]:
    """Every report sent is stored once, submitted, with its text; nothing else was stored."""
    from ducha.progress.models import ProgressReport

    problems = []
    stored = list(
        ProgressReport.objects.filter(round__code=ROUND, unit_id__in=list(sent)).values_list(
            "unit_id", "item_id", "state", "narrative"
        )
    )
    seen: dict[tuple[int, int], int] = {}
    for unit_id, item_id, state, narrative in stored:
        seen[(unit_id, item_id)] = seen.get((unit_id, item_id), 0) + 1
        expected = sent.get(unit_id, {}).get(item_id)
        if expected is None:
            problems.append(f"unexpected report unit {unit_id} item {item_id}")
        elif narrative != expected or state != "submitted":
            problems.append(f"report unit {unit_id} item {item_id}: {state} {narrative!r}")
    duplicated = [key for key, n in seen.items() if n > 1]
    lost = [(u, i) for u, texts in sent.items() for i in texts if (u, i) not in seen]
    problems += [f"duplicated report {key}" for key in duplicated]
    problems += [f"lost report {key}" for key in lost]
    return problems


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
        "DUCHA_BIND": f"{HOST}:{port}",
        "DUCHA_WORKERS": str(workers),
        "DUCHA_DEBUG": "0",
        "DUCHA_ALLOWED_HOSTS": HOST,
        "DUCHA_WORKER_MAX_REQUESTS": "0",
    }
    handle = log.open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("ducha")), "serve"],
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    for _ in range(600):  # the first start collects the static files: up to a minute
        try:
            if asyncio.run(request(port, "GET", "/healthz")).status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port}; see {log}")


async def run_load(args: argparse.Namespace, reporters: list[dict[str, Any]]) -> dict[str, Any]:
    budget = Budget(args.max_requests)
    await readers(args.port, ARTICLE, 4, 1, budget)  # warm every worker's cache and templates
    await readers(args.port, TRIVIAL, 4, 1, budget)
    counted_from = await asyncio.to_thread(read_count)
    trivial = await readers(args.port, TRIVIAL, args.readers, args.phase, budget)
    article = await readers(args.port, ARTICLE, args.readers, args.phase, budget)
    deadline = time.monotonic() + args.duration
    soak_readers = readers(args.port, ARTICLE, args.readers, args.duration, budget)
    submitters = [
        submitter(args.port, r["username"], r["unit"], r["items"], deadline, budget)
        for r in reporters
    ]
    started = time.monotonic()
    soak, *submitted = await asyncio.gather(soak_readers, *submitters)
    soak_seconds = time.monotonic() - started
    counted = await asyncio.to_thread(read_count) - counted_from
    sent = {r["unit"]: s for r, (s, _) in zip(reporters, submitted, strict=True)}
    errors = trivial.errors + article.errors + soak.errors
    errors += [e for _, errs in submitted for e in errs]
    problems = await asyncio.to_thread(reports_check, sent)
    article_oks = article.ok + soak.ok
    if counted != article_oks:
        problems.append(
            f"read count grew by {counted}, the article answered 200 {article_oks} times"
        )
    return {
        "trivial_rps": trivial.ok / args.phase,
        "article_rps": article.ok / args.phase,
        "soak_article_rps": soak.ok / soak_seconds,
        "reports_sent": sum(len(s) for s in sent.values()),
        "reports_per_s": sum(len(s) for s in sent.values()) / soak_seconds,
        "reads_counted": counted,
        "article_200": article_oks,
        "errors": errors,
        "problems": problems,
        "budget_left": budget.left,
    }


def leg(args: argparse.Namespace) -> None:
    """In a process of its own: Django on the database DUCHA_DATABASE_URL names."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "ducha.settings"
    os.environ["DUCHA_STATIC_ROOT"] = str(ROOT / "var" / "bench" / "static")
    import django

    django.setup()
    from django.db import connection

    reporters = setup_data(args.submitters)
    connection.close()
    log = ROOT / "var" / "bench" / f"load-gunicorn-{args.label}.log"
    server = start_server(args.port, args.workers, log)
    try:
        result = asyncio.run(run_load(args, reporters))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(json.dumps(result, ensure_ascii=False))


# The orchestrator ------------------------------------------------------------------------


def _sqlite_url() -> tuple[str, Any]:
    db = ROOT / "var" / "bench" / "load.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{db}", lambda: None


def _postgres_url(base: str) -> tuple[str, Any]:
    name = f"ducha_load_{os.getpid()}"
    parts = urllib.parse.urlsplit(base)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("the load suite uses a PostgreSQL on this machine only")

    def psql(sql: str) -> None:
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{base}/postgres", "-c", sql], check=True
        )

    psql(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}", lambda: psql(f'DROP DATABASE IF EXISTS "{name}"')


def run_leg(label: str, args: argparse.Namespace) -> dict[str, Any]:
    url, drop = _sqlite_url() if label == "sqlite" else _postgres_url(args.postgres)
    argv = [sys.executable, __file__, "--leg", label]
    argv += [
        f"--{k.replace('_', '-')}={v}"
        for k, v in vars(args).items()
        if k not in {"leg", "database"}
    ]
    try:
        done = subprocess.run(
            argv,
            env={**os.environ, "DUCHA_DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=args.duration + 2 * args.phase + 300,
            check=False,
        )
    finally:
        drop()
    if done.returncode != 0:
        raise SystemExit(f"{label} leg failed:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(label: str, result: dict[str, Any], workers: int) -> bool:
    ratio = result["article_rps"] / result["trivial_rps"] if result["trivial_rps"] else 0
    print(
        f"{label:<10} gunicorn {workers} workers | trivial {result['trivial_rps']:7.0f} req/s"
        f" | article {result['article_rps']:7.0f} req/s ({ratio:.0%} of trivial)"
        f" | soak: article {result['soak_article_rps']:6.0f} req/s,"
        f" {result['reports_sent']} reports sent ({result['reports_per_s']:.1f}/s)"
    )
    print(
        f"{'':<10} errors {len(result['errors'])} | reads counted {result['reads_counted']}"
        f" = article 200 answers {result['article_200']}"
        f" | report problems {len(result['problems'])}"
    )
    for line in (result["errors"] + result["problems"])[:20]:
        print(f"{'':<10} ! {line}")
    return not result["errors"] and not result["problems"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=60.0, help="soak seconds")
    parser.add_argument("--phase", type=float, default=15.0, help="seconds of each rate phase")
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--submitters", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("DUCHA_LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="server (no database name) for the PostgreSQL leg",
    )
    parser.add_argument("--leg", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leg:
        args.label = args.leg
        leg(args)
        return
    labels = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    passed = True
    for label in labels:
        passed &= report(label, run_leg(label, args), args.workers)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
