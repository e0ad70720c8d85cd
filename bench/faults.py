"""Kill -9 at random moments, then check that nothing was half-written and run again.

    .venv/bin/python bench/faults.py [RUNS]

For SQLite (a throw-away file under var/bench/) and PostgreSQL (a throw-away database on
127.0.0.1:5432, when it answers), each `RUNS` times (default 3; 20 for sending):
- a 50,000-row ledger import (`ducha import-ledger`) is killed at a random moment of its
  run: the ledger holds no item of the file (all or nothing) or all of them, each with
  its audit event; the import run again then brings all 50,000 in;
- a publication (a correction approved, `publish_bulletin`) is killed at a random moment of
  the publication itself (after start-up): the round has one
  published version with its frozen document and open data, at most one open draft,
  versions without gaps; publishing again then succeeds;
- the outbox sender (`ducha send-outbox`, 40 messages to an SMTP server on 127.0.0.1 that
  takes 20 ms a message) is killed 20 times; run again, every message is sent and the number sent
  twice is counted (only the one whose "250 OK" came just before the kill can be).
It prints one line per check and the figures at the end.
"""

from __future__ import annotations

import collections
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.outbox import killing  # noqa: E402 - the same kill as the tests'

BENCH = ROOT / "var" / "bench"
ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
PG = "postgres://postgres@127.0.0.1:5432"


def finish(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = killing.run(*args, env=env)
    if done.returncode != 0:
        raise SystemExit(f"ducha {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return time.perf_counter() - started


def kill_at(args: tuple[str, ...], env: dict[str, str], seconds: float) -> bool:
    """Start `ducha args`, SIGKILL it after `seconds`; True when it was still running."""
    return killing.kill_after(killing.start(*args, env=env), seconds)


# The legs: run in a child process per database, with Django set up on it -----------------


def leg(url: str, runs: int) -> dict[str, Any]:
    os.environ["DUCHA_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(2017)
    publication = publication_faults(env, max(runs, 10), rng)  # on the demo
    sending = sending_faults(env, 20, rng)
    return {"import": import_faults(env, runs, rng), "publication": publication, "sending": sending}


def integrity(env: dict[str, str]) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            return str(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        # A killed client's transaction must be gone (rolled back) from this database.
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
        )
        return "ok" if cursor.fetchone()[0] == 0 else "a transaction left open"


def import_registry() -> None:
    """The units and leaders the bench ledger names (beside the demo's)."""
    from import_ledger import N_UNITS

    from ducha.ledger.models import Source
    from ducha.org.models import Leader, Unit

    Source.objects.get_or_create(name="政府工作报告", defaults={"kind": "work_report"})
    Unit.objects.bulk_create(
        Unit(name=f"许昌市第{n}局", short_name=f"市{n}局") for n in range(N_UNITS)
    )
    Leader.objects.bulk_create(
        Leader(name=f"领导{n}", title="副市长", precedence=100 + n) for n in range(8)
    )


def imported() -> Any:
    from ducha.ledger.models import WorkItem

    return WorkItem.objects.filter(code__startswith="TZ-")


def remove_imported() -> None:
    imported().filter(parent__isnull=False).delete()
    imported().delete()


def import_faults(env: dict[str, str], runs: int, rng: random.Random) -> dict[str, Any]:
    from django.utils import timezone
    from import_ledger import ledger_file

    from ducha.core.models import AuditEvent

    import_registry()
    path = BENCH / f"faults-ledger-{ROWS}.xlsx"
    path.write_bytes(ledger_file(ROWS))
    args = ("import-ledger", str(path), "--year", "2017")
    full = finish(*args, env=env)  # how long a whole import takes here
    results = []
    for run in range(runs):
        remove_imported()
        started = timezone.now()
        when = rng.uniform(0.1, 0.8) * full
        killed = kill_at(args, env, when)
        items = imported().count()
        events = AuditEvent.objects.filter(action="workitem.created", at__gte=started).count()
        whole = items in (0, ROWS) and events == items
        again = finish(*args, env=env)
        if items == 0:
            full = again  # a whole import on the machine as it is now: the next kill's scale
        after = imported().count()
        results.append(
            {
                "killed_at_s": round(when, 2),
                "killed": killed,
                "items_after_kill": items,
                "all_or_nothing": whole,
                "integrity": integrity(env),
                "rerun_s": round(again, 1),
                "items_after_rerun": after,
            }
        )
        print(f"  import {run + 1}: {results[-1]}", flush=True)
    return {"full_import_s": round(full, 1), "runs": results}  # the last whole import


PUBLISH = (
    "from ducha.bulletins.services import publish_bulletin\n"
    "from ducha.review.models import Round\n"
    "import sys, time\n"
    "round = Round.objects.get(code='2017-H1')\n"
    "print('go', flush=True)\n"
    "started = time.perf_counter()\n"
    "publish_bulletin(round, actor=None)\n"
    "print(time.perf_counter() - started, flush=True)\n"
)


def publish_time(env: dict[str, str]) -> float:
    """How long the publication itself takes, without Python's and Django's start-up."""
    done = killing.run("shell", "-c", PUBLISH, env=env)
    return float(done.stdout.decode().split()[-1])


def kill_publishing(env: dict[str, str], seconds: float) -> bool:
    """Start a publication and SIGKILL it `seconds` after its work began."""
    process = killing.start("shell", "-c", PUBLISH, env=env)
    assert process.stdout is not None
    for line in process.stdout:  # until "go": the round is read, the publication starts
        if line.strip() == b"go":
            break
    return killing.kill_after(process, seconds)


def publication_faults(env: dict[str, str], runs: int, rng: random.Random) -> dict[str, Any]:
    from ducha.bulletins.models import Bulletin, BulletinState
    from ducha.demo.loader import load_demo
    from ducha.review.models import Round

    load_demo()
    round = Round.objects.get(code="2017-H1")
    full = publish_time(env)
    results = []
    for run in range(runs):
        when = rng.uniform(0, full)
        killed = kill_publishing(env, when)
        versions = list(Bulletin.objects.filter(round=round).order_by("version"))
        published = [b for b in versions if b.state == BulletinState.PUBLISHED]
        open_ = [b for b in versions if b.is_open]
        numbers = [b.version for b in versions]
        ok = (
            len(published) == 1
            and published[0].snapshot is not None
            and published[0].open_data is not None
            and len(open_) <= 1
            and numbers == list(range(1, len(numbers) + 1))
        )
        finish("shell", "-c", PUBLISH, env=env)
        latest = Bulletin.objects.filter(round=round).order_by("-version").first()
        results.append(
            {
                "killed_at_s": round_(when),
                "killed": killed,
                "consistent": ok,
                "integrity": integrity(env),
                "published_after_rerun": latest is not None
                and latest.state == BulletinState.PUBLISHED,
            }
        )
        print(f"  publication {run + 1}: {results[-1]}", flush=True)
    return {"full_publication_s": round_(full), "runs": results}


def round_(value: float) -> float:
    return round(value, 2)


def sending_faults(env: dict[str, str], runs: int, rng: random.Random) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from ducha.outbox.enums import MessageState
    from ducha.outbox.models import OutboxMessage
    from ducha.outbox.services import enqueue
    from tests.outbox.smtp import smtp_server

    OutboxMessage.objects.all().delete()
    with smtp_server(delay=0.02) as (server, port):
        mail_env = {
            **env,
            "DUCHA_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DUCHA_EMAIL_HOST": "127.0.0.1",
            "DUCHA_EMAIL_PORT": str(port),
        }
        # Start-up with nothing to send, the fastest of three.
        start_up = min(finish("send-outbox", env=mail_env) for _ in range(3))
        killed = 0
        for run in range(runs):
            enqueue([f"u{run}-{n}@example.org" for n in range(40)], subject=f"{run}", body="x")
            # 40 messages at 20 ms or more each: the kill falls in the sending.
            killed += kill_at(("send-outbox",), mail_env, start_up + rng.uniform(0, 0.8))
            finish("send-outbox", env=mail_env)
        received = collections.Counter(m.message_id for m in server.messages)
    ids = set(OutboxMessage.objects.values_list("message_id", flat=True))
    result = {
        "runs": runs,
        "killed": killed,
        "messages": len(ids),
        "all_sent": set(OutboxMessage.objects.values_list("state", flat=True))
        == {MessageState.SENT},
        "lost": len(ids - set(received)),
        "sent_twice": sum(1 for n in received.values() if n > 1),
    }
    print(f"  sending: {result}", flush=True)
    return result


# The parent: one leg per database -------------------------------------------------------


def postgres_available() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def run_leg(name: str, url: str, runs: int) -> dict[str, Any]:
    print(f"{name}:", flush=True)
    out = BENCH / f"faults-{name}.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FAULTS_OUT": str(out)}
    subprocess.run([sys.executable, __file__, "--leg", url, str(runs)], env=env, check=True)
    return json.loads(out.read_text())


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--leg":
        result = leg(sys.argv[2], int(sys.argv[3]))
        Path(os.environ["FAULTS_OUT"]).write_text(json.dumps(result, ensure_ascii=False))
        return
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    BENCH.mkdir(parents=True, exist_ok=True)
    db = BENCH / "faults.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    results = {"sqlite": run_leg("sqlite", f"sqlite:///{db}", runs)}
    if postgres_available():
        name = f"ducha_faults_{os.getpid()}"
        psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c"]
        subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True)
        try:
            results["postgresql"] = run_leg("postgresql", f"{PG}/{name}", runs)
        finally:
            subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{name}"'], check=False)
    print(summary(results))


def summary(results: dict[str, Any]) -> str:
    lines = ["", f"database    | import: killed, all-or-nothing, {ROWS:,} after re-run | "
             "publication: killed, consistent | sending: killed, lost, sent twice"]  # fmt: skip
    for name, r in results.items():
        imp = r["import"]["runs"]
        pub = r["publication"]["runs"]
        snd = r["sending"]
        lines.append(
            f"{name:<11} | {sum(x['killed'] for x in imp)}/{len(imp)}, "
            f"{all(x['all_or_nothing'] for x in imp)}, "
            f"{all(x['items_after_rerun'] == ROWS for x in imp)} "
            f"(import {r['import']['full_import_s']} s) | "
            f"{sum(x['killed'] for x in pub)}/{len(pub)}, {all(x['consistent'] for x in pub)} | "
            f"{snd['killed']}/{snd['runs']}, {snd['lost']}, {snd['sent_twice']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
