"""Running work in a child process with limits: results, errors, and what the limits stop."""

from __future__ import annotations

import os
import signal

import pytest

from ducha.lib.sandbox import Limits, SandboxError, run_limited

SMALL = Limits(memory=256 * 1024 * 1024, cpu_seconds=2, wall_seconds=10)


def _pid_and_sum(values: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(values)


def _refuse(text: str) -> None:
    raise ValueError(text)


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _spin() -> None:
    while True:
        pass


def _abort() -> None:
    os.kill(os.getpid(), signal.SIGABRT)


def test_it_returns_the_result_computed_in_another_process() -> None:
    pid, total = run_limited(_pid_and_sum, [1, 2, 3], limits=SMALL)
    assert total == 6
    assert pid != os.getpid()


def test_an_error_of_the_work_is_raised_here_as_it_was() -> None:
    with pytest.raises(ValueError, match="不是表格"):
        run_limited(_refuse, "不是表格", limits=SMALL)


def test_memory_beyond_the_limit_is_a_clear_error_and_this_process_goes_on() -> None:
    with pytest.raises(SandboxError, match="内存超过限制"):
        run_limited(_allocate, 1024, limits=SMALL)
    assert run_limited(_allocate, 16, limits=SMALL) == 16 * 1024 * 1024


def test_cpu_time_beyond_the_limit_is_a_clear_error() -> None:
    with pytest.raises(SandboxError, match="时间超过限制"):
        run_limited(_spin, limits=Limits(memory=SMALL.memory, cpu_seconds=1, wall_seconds=20))


def test_a_native_crash_ends_the_child_only() -> None:
    with pytest.raises(SandboxError, match="SIGABRT"):
        run_limited(_abort, limits=SMALL)
    assert run_limited(_pid_and_sum, [4], limits=SMALL)[1] == 4
