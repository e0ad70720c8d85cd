"""Ledger imports from the browser, run beside the request so the page can show progress.

A job is a `LedgerImport` row. Checking and importing run in a thread of the web process
(or inline when `DUCHA_IMPORT_THREADS` is off, as in tests); the page reloads itself and
reads the progress that the thread publishes here. The durable state is always the row:
a job whose process died stays "checking"/"importing" and can simply be uploaded again,
since an import is all or nothing and matching makes a repeat change nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from ducha.ledger.models import ImportState, LedgerImport

log = logging.getLogger(__name__)

CHECK, WRITE = "check", "write"
_progress: dict[str, tuple[int, int, str]] = {}
_lock = threading.Lock()


def publish(token: str, done: int, total: int, *, phase: str = CHECK) -> None:
    with _lock:
        _progress[token] = (done, total, phase)


def progress_of(job: LedgerImport) -> tuple[int, int, str]:
    """Rows done and in all, and the phase (checking or writing), live from this process
    when it runs the job, else as stored."""
    with _lock:
        return _progress.get(str(job.token), (job.done, job.total, CHECK))


def forget(token: str) -> None:
    with _lock:
        _progress.pop(token, None)


def run(work: Callable[[int], Any], job: LedgerImport) -> None:
    """Run `work(job_id)` in a thread, or inline when threads are switched off."""
    if not getattr(settings, "DUCHA_IMPORT_THREADS", True):
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
