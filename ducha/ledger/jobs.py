"""Ledger imports from the browser, run beside the request so the page can show progress.

A job is a `LedgerImport` row. Checking and importing run in a thread of the web process
(or inline when `DUCHA_IMPORT_THREADS` is off, as in tests); the page reloads itself and
reads the progress that the thread publishes here. The durable state is always the row,
with the process that runs it (`worker`, host:pid) and its last sign of life
(`heartbeat_at`). A job whose process is gone (on this host), or that showed no progress
for STALE_AFTER, is marked failed when its page is read (`fail_if_stale`); since an import
is one transaction, such a job wrote nothing, and it can be restarted from its page.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from ducha.ledger.models import ImportState, LedgerImport
from ducha.lib.processes import process_alive, this_process

log = logging.getLogger(__name__)

CHECK, WRITE = "check", "write"
# No sign of life for this long: the job's process is taken to be dead. Writing, which is
# one transaction, shows none; a 200,000-row import writes in a few minutes.
STALE_AFTER = datetime.timedelta(minutes=30)
HEARTBEAT_EVERY = datetime.timedelta(seconds=10)
_progress: dict[str, tuple[int, int, str]] = {}
_beats: dict[str, datetime.datetime] = {}
_lock = threading.Lock()
STALE_MESSAGE = (
    "导入中断：处理该文件的进程已停止（服务重启或超时），未写入任何数据。请点击“重新开始”。"
)


def publish(token: str, done: int, total: int, *, phase: str = CHECK) -> None:
    with _lock:
        _progress[token] = (done, total, phase)
    if phase == CHECK:
        _heartbeat(token)


def _heartbeat(token: str) -> None:
    """Record in the row, now and then, that the job is alive (outside any transaction)."""
    now = timezone.now()
    with _lock:
        if now - _beats.get(token, now - HEARTBEAT_EVERY) < HEARTBEAT_EVERY:
            return
        _beats[token] = now
    LedgerImport.objects.filter(token=token).update(heartbeat_at=now)


def is_stale(job: LedgerImport, now: datetime.datetime | None = None) -> bool:
    """A running job whose process is gone, or that showed no progress for STALE_AFTER."""
    if not job.running:
        return False
    if job.worker and not process_alive(job.worker):
        return True
    last = job.heartbeat_at or job.created_at
    return (now or timezone.now()) - last > STALE_AFTER


def fail_if_stale(job: LedgerImport) -> LedgerImport:
    """Mark a dead job failed, once (a conditional update), keeping its file for a restart."""
    if is_stale(job):
        LedgerImport.objects.filter(pk=job.pk, state=job.state, worker=job.worker).update(
            state=ImportState.FAILED, report=job.report | {"message": STALE_MESSAGE}
        )
        job.refresh_from_db()
    return job


def progress_of(job: LedgerImport) -> tuple[int, int, str]:
    """Rows done and in all, and the phase (checking or writing), live from this process
    when it runs the job, else as stored."""
    with _lock:
        return _progress.get(str(job.token), (job.done, job.total, CHECK))


def forget(token: str) -> None:
    with _lock:
        _progress.pop(token, None)
        _beats.pop(token, None)


def run(work: Callable[[int], Any], job: LedgerImport) -> None:
    """Run `work(job_id)` in a thread, or inline when threads are switched off."""
    LedgerImport.objects.filter(pk=job.pk).update(
        worker=this_process(), heartbeat_at=timezone.now()
    )
    if not settings.DUCHA_IMPORT_THREADS:
        _guarded(work, job)
        return

    def target() -> None:
        close_old_connections()
        try:
            _guarded(work, job)
        finally:
            connection.close()

    threading.Thread(target=target, name=f"ledger-import-{job.token}", daemon=True).start()


def _guarded(work: Callable[[int], Any], job: LedgerImport) -> None:
    """A crash ends the job as failed instead of leaving the page waiting for ever."""
    try:
        work(job.pk)
    except Exception:
        log.exception("ledger import %s failed", job.token)
        LedgerImport.objects.filter(pk=job.pk).update(
            state=ImportState.FAILED, report={"message": "导入失败：系统内部错误，未写入任何数据。"}
        )
        forget(str(job.token))
