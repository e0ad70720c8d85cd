"""Three units over two rounds, with ratings and reports whose figures are counted by hand
in the tests of the cockpit and the assessment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ducha.core.models import AuditEvent
from ducha.ledger.enums import SourceKind
from ducha.ledger.models import WorkItem
from ducha.org.models import Leader, Unit
from ducha.progress.models import ProgressReport
from ducha.progress.services import accept_report, return_report, save_report
from ducha.review.models import Highlight, Round, Status
from ducha.review.services import add_highlight, ensure_default_statuses, set_rating
from tests.factories import (
    make_deadline,
    make_head,
    make_inspector,
    make_item,
    make_leader,
    make_leader_user,
    make_reporter,
    make_round,
    make_source,
    make_unit,
)

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2017, month, day, hour, 0, tzinfo=TZ)


@dataclass
class World:
    statuses: dict[str, Status]
    a: Unit
    b: Unit
    c: Unit
    l1: Leader
    l2: Leader
    items: dict[str, WorkItem]
    q1: Round
    h1: Round
    inspector: Any
    head: Any
    leader1: Any
    reporters: dict[str, Any]


def send(
    world_units: dict[str, Any],
    item: WorkItem,
    round: Round,
    unit: Unit,
    when: datetime.datetime,
    text: str = "按计划推进",
) -> ProgressReport:
    report = save_report(
        item,
        round,
        unit=unit,
        actor=world_units[unit.short_name],
        narrative=text,
        values={},
        submit=True,
    )
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=when)
    # The trail records when it was sent: the assessment reads the time from there.
    sent = AuditEvent.objects.filter(
        target_type="progress.progressreport", target_id=str(report.pk), action="report.submitted"
    ).latest("pk")
    AuditEvent.objects.filter(pk=sent.pk).update(at=when)
    report.refresh_from_db()
    return report


def build() -> World:
    """
    items   lead  co  leader  source   Q1 (Jan–Mar)   H1 (Apr–Jun)
    i1      A     -   L1      S1       on_track       completed
    i2      A     B   L1      S2       on_track       needs_effort  (worse)
    i3      B     -   L2      S1       needs_effort   serious       (worse)
    i4      C     -   L2      S2       completed      completed
    i5      C     -   -       S1       on_track       not rated

    Reports due: Q1 2017-04-05 18:00, H1 2017-07-05 18:00.
    Q1: A i1 on time; A i2 2 days late; B i2 on time; B i3 on time; C i4 on time; C i5 missing.
    H1: A i1 on time; A i2 3 days late; B i2 missing; B i3 on time, returned once, then
        sent again on time; C i4 missing; C i5 only a draft (missing).
    H1's highlight names C.
    """
    statuses = ensure_default_statuses(actor=None)
    a, b, c = make_unit("甲局"), make_unit("乙局"), make_unit("丙局")
    l1, l2 = make_leader("李一", precedence=1), make_leader("王二", precedence=2)
    s1 = make_source("政府工作报告", kind=SourceKind.WORK_REPORT)
    s2 = make_source("领导批示", kind=SourceKind.WORK_REPORT)
    items = {
        "i1": make_item("集中供热工程", code="A-1", lead_unit=a, leaders=[l1], source=s1),
        "i2": make_item(
            "重点项目建设", code="A-2", lead_unit=a, co_units=[b], leaders=[l1], source=s2
        ),
        "i3": make_item("工业转型升级", code="B-1", lead_unit=b, leaders=[l2], source=s1),
        "i4": make_item("城市道路改造", code="C-1", lead_unit=c, leaders=[l2], source=s2),
        "i5": make_item("棚户区改造", code="C-2", lead_unit=c, source=s1),
    }
    q1 = make_round(
        "2017-Q1", period_start=datetime.date(2017, 1, 1), period_end=datetime.date(2017, 3, 31)
    )
    h1 = make_round(
        "2017-H1", period_start=datetime.date(2017, 4, 1), period_end=datetime.date(2017, 6, 30)
    )
    make_deadline(q1, at(4, 5, 18))
    make_deadline(h1, at(7, 5, 18))
    inspector = make_inspector()
    reporters = {unit.short_name: make_reporter(unit) for unit in (a, b, c)}
    for key, code in (
        ("i1", "on_track"),
        ("i2", "on_track"),
        ("i3", "needs_effort"),
        ("i4", "completed"),
        ("i5", "on_track"),
    ):
        set_rating(q1, items[key], status=statuses[code], actor=None)
    for key, code in (
        ("i1", "completed"),
        ("i2", "needs_effort"),
        ("i3", "serious"),
        ("i4", "completed"),
    ):
        set_rating(h1, items[key], status=statuses[code], actor=None)
    send(reporters, items["i1"], q1, a, at(4, 1))
    send(reporters, items["i2"], q1, a, at(4, 7, 9))
    send(reporters, items["i2"], q1, b, at(4, 5, 17))
    send(reporters, items["i3"], q1, b, at(4, 2))
    send(reporters, items["i4"], q1, c, at(4, 3))
    send(reporters, items["i1"], h1, a, at(7, 1))
    send(reporters, items["i2"], h1, a, at(7, 8, 10))
    first = send(reporters, items["i3"], h1, b, at(7, 2))
    return_report(first, reason="数据不全", actor=inspector)
    again = send(reporters, items["i3"], h1, b, at(7, 4), text="补充数据后重新报送")
    accept_report(again, actor=inspector)
    save_report(items["i5"], h1, unit=c, actor=reporters["丙局"], narrative="草稿", values={})
    add_highlight(
        Highlight(round=h1, position=1, title="城市道路改造提前完工"), actor=None, units=[c]
    )
    return World(
        statuses=statuses,
        a=a,
        b=b,
        c=c,
        l1=l1,
        l2=l2,
        items=items,
        q1=q1,
        h1=h1,
        inspector=inspector,
        head=make_head(),
        leader1=make_leader_user(l1),
        reporters=reporters,
    )
