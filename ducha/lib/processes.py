"""Which process holds a piece of background work, and whether it still runs.

Work claimed by a process (an outbox message being sent, an import being checked) records
`host:pid`. On the same host a claim whose process is gone is free again at once; on
another host only a timeout can tell.
"""

from __future__ import annotations

import os
import socket


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def process_alive(holder: str) -> bool:
    """False only when `holder` names a process of this host that no longer exists."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True
