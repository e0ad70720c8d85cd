"""Objects and personas for tests, built through the same services the application uses.

Every argument has a default that is unique per call, so a test names only what it is about.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractUser

from ducha.accounts.models import Role
from ducha.accounts.services import ensure_user
from ducha.core.services import save_audited
from ducha.ledger.enums import SourceKind
from ducha.ledger.models import Source, WorkItem
from ducha.ledger.services import create_work_item
from ducha.org.models import Leader, Unit
from ducha.review.models import Round, Status
from ducha.review.services import create_round

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def make_unit(short_name: str = "", *, name: str = "") -> Unit:
    n = _next()
    short_name = short_name or f"单位{n}"
    unit = Unit(short_name=short_name, name=name or f"{short_name}（{n}）")
    return save_audited(unit, actor=None)


def make_leader(name: str = "", *, title: str = "副市长", precedence: int = 10) -> Leader:
    leader = Leader(name=name or f"领导{_next()}", title=title, precedence=precedence)
    return save_audited(leader, actor=None)


def make_source(
    name: str = "",
    *,
    kind: SourceKind = SourceKind.WORK_REPORT,
    meeting_number: int | None = None,
    meeting_date: datetime.date | None = None,
) -> Source:
    source = Source(
        kind=kind,
        name=name or f"来源{_next()}",
        meeting_number=meeting_number,
        meeting_date=meeting_date,
    )
    return save_audited(source, actor=None)


def make_item(
    title: str = "",
    *,
    code: str = "",
    source: Source | None = None,
    lead_unit: Unit | None = None,
    co_units: Sequence[Unit] = (),
    leaders: Sequence[Leader] = (),
) -> WorkItem:
    n = _next()
    item = WorkItem(
        code=code or f"T-{n:05d}",
        title=title or f"工作事项{n}",
        source=source or make_source(),
        lead_unit=lead_unit or make_unit(),
    )
    return create_work_item(item, actor=None, leaders=leaders, co_units=co_units)


def make_round(
    code: str = "",
    *,
    period_start: datetime.date = datetime.date(2017, 1, 1),
    period_end: datetime.date = datetime.date(2017, 6, 30),
    cutoff: datetime.date | None = None,
    scope: str = "",
) -> Round:
    code = code or f"r{_next()}"
    round = Round(
        code=code,
        name=f"轮次{code}",
        title=f"关于{code}督查情况的通报",
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        cutoff=cutoff or period_end,
    )
    return create_round(round, actor=None)


def status(code: str) -> Status:
    """A default made by the data migration: completed, on_track, serious or needs_effort."""
    return Status.objects.get(code=code)


def make_inspector(username: str = "") -> AbstractUser:
    return ensure_user(
        username or f"inspector{_next()}", password=PASSWORD, role=Role.INSPECTOR, actor=None
    )


def make_reporter(unit: Unit, username: str = "") -> AbstractUser:
    return ensure_user(
        username or f"reporter{_next()}",
        password=PASSWORD,
        role=Role.REPORTER,
        actor=None,
        unit=unit,
    )


def make_head(username: str = "") -> AbstractUser:
    return ensure_user(username or f"head{_next()}", password=PASSWORD, role=Role.HEAD, actor=None)


def make_leader_user(leader: Leader, username: str = "") -> AbstractUser:
    return ensure_user(
        username or f"leader{_next()}",
        password=PASSWORD,
        role=Role.LEADER,
        actor=None,
        leader=leader,
    )


def make_admin_user(username: str = "") -> AbstractUser:
    return ensure_user(
        username or f"admin{_next()}", password=PASSWORD, role=Role.ADMIN, actor=None
    )


def make_target(
    item: WorkItem,
    name: str = "",
    *,
    value: int = 560,
    unit_of_measure: str = "亿元",
    period_start: datetime.date = datetime.date(2017, 1, 1),
    period_end: datetime.date = datetime.date(2017, 12, 31),
) -> Any:
    from ducha.progress.models import Target

    target = Target(
        item=item,
        name=name or f"指标{_next()}",
        value=value,
        unit_of_measure=unit_of_measure,
        period_start=period_start,
        period_end=period_end,
    )
    return save_audited(target, actor=None)


def make_deadline(round: Round, due: datetime.datetime) -> Any:
    from ducha.progress.services import set_reporting_deadline

    return set_reporting_deadline(round, due=due, actor=None)
