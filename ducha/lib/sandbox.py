"""Run a parser in a child process with an address-space and CPU-time limit.

Hostile uploads reach native code (python-calamine is Rust, lxml is C): a workbook that
declares a huge grid makes the library try to allocate tens of gigabytes and abort, a
crafted file can spin for minutes. In a child that work can only end the child. The
parent gets the result, or a `SandboxError` that says in Chinese what went wrong, and the
web server stays up.

The child is forked, so the function and its arguments need no pickling and no module is
imported again (the overhead is a fork and the pickled result). The child never touches
the database: it leaves with `os._exit`, so the parent's connections are not closed.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

MB = 1024 * 1024
_OK, _RAISED = b"o", b"e"


class SandboxError(RuntimeError):
    """The child ran out of memory or time, or crashed; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    """What one parse may use. `memory` is added to what the process already maps."""

    memory: int = 2048 * MB
    cpu_seconds: int = 120
    # A child blocked without using CPU (it cannot happen in our parsers, but a limit that
    # never fires is no limit) is killed after this long.
    wall_seconds: int = 300


DEFAULT_LIMITS = Limits()


def _mapped_bytes() -> int:
    """The address space this process maps now (the child inherits all of it)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _apply(limits: Limits, mapped: int) -> None:
    address_space = mapped + limits.memory
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    # Soft limit: SIGXCPU; the hard limit a second later kills for sure.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))


def _child(write_fd: int, limits: Limits, mapped: int, func: Callable[..., Any], args: Any) -> None:
    status = 70
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # A native library that fails prints its own backtrace; the parent says what happened.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        faulthandler.disable()
        _apply(limits, mapped)
        try:
            payload = _OK + pickle.dumps(func(*args), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = _RAISED + pickle.dumps(SandboxError(memory_message(limits)))
        except Exception as error:  # handed to the parent, which raises it there
            payload = _RAISED + _pickled_error(error)
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
        status = 0
    finally:
        os._exit(status)


def _pickled_error(error: Exception) -> bytes:
    try:
        data = pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # an exception that cannot be rebuilt is sent as text
        return data
    except Exception:
        return pickle.dumps(SandboxError(f"解析失败：{type(error).__name__}: {error}"))


def memory_message(limits: Limits) -> str:
    return f"文件解析所需内存超过限制（{limits.memory // MB} MB），已停止读取，请检查文件。"


def cpu_message(limits: Limits) -> str:
    return f"文件解析时间超过限制（{limits.cpu_seconds} 秒），已停止读取，请检查文件。"


def run_limited(func: Callable[..., T], *args: Any, limits: Limits = DEFAULT_LIMITS) -> T:
    """`func(*args)` computed in a child process within `limits`.

    An exception raised by `func` is raised here as it was; running out of memory or CPU
    time, or a crash of native code, raises SandboxError with a message for the user.
    """
    mapped = _mapped_bytes()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        os.close(read_fd)
        _child(write_fd, limits, mapped, func, args)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, pid, deadline=time.monotonic() + limits.wall_seconds)
    finally:
        os.close(read_fd)
    status = _reap(pid)
    return _result(data, status, limits)


def _read_all(fd: int, pid: int, *, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            _reap(pid)
            raise SandboxError("文件解析超时，已停止读取，请检查文件。")
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> int:
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return status
        except ChildProcessError:
            return 0
        except InterruptedError:  # pragma: no cover - retried by Python itself since 3.5
            continue


def _result(data: bytes, status: int, limits: Limits) -> Any:
    if data[:1] == _OK and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return pickle.loads(data[1:])
    if data[:1] == _RAISED:
        raise pickle.loads(data[1:])
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number in (signal.SIGXCPU, signal.SIGKILL):
            raise SandboxError(cpu_message(limits))
        # A native library that cannot allocate aborts (SIGABRT) or faults.
        raise SandboxError(memory_message(limits) + f"（子进程信号 {signal.Signals(number).name}）")
    raise SandboxError("文件解析进程异常退出，已停止读取，请检查文件。")
