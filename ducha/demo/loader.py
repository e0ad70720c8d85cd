"""Build the demo installation from the data file transcribed from the seed bulletin.

The file names 15 items; the round rates 131. The others are generated here as visibly
marked placeholders so that the counts per status are those the seed states.
"""

from __future__ import annotations

import datetime
import itertools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from ducha.accounts.models import Role
from ducha.accounts.services import ensure_user
from ducha.bulletins.services import publish_bulletin
from ducha.ledger.models import Source, WorkItem
from ducha.ledger.services import create_work_item
from ducha.org.models import Leader, Unit, UnitAlias, UnitKind
from ducha.review.models import Highlight, Recommendation, Round, Status
from ducha.review.services import (
    add_highlight,
    add_recommendation,
    create_round,
    ensure_default_statuses,
    set_rating,
)

DATA_FILE = Path(__file__).parent / "data" / "xuchang-2017-h1.toml"
PLACEHOLDER_MARK = "【演示占位】"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    description: str


DEMO_LOGINS = (
    DemoLogin("inspector", "inspector-2017", Role.INSPECTOR, "督查室工作人员"),
    DemoLogin("head", "head-2017", Role.HEAD, "督查室负责人"),
    DemoLogin("leader", "leader-2017", Role.LEADER, "石迎军 常务副市长"),
    DemoLogin("fgw", "fgw-2017", Role.REPORTER, "市发改委联络员"),
    DemoLogin("gxw", "gxw-2017", Role.REPORTER, "市工信委联络员"),
    DemoLogin("admin", "admin-2017", Role.ADMIN, "系统管理员"),
)


def load_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _load_units(data: dict[str, Any]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for order, row in enumerate(data["units"], start=1):
        units[row["key"]] = Unit.objects.create(
            name=row["name"],
            short_name=row["short_name"],
            kind=row.get("kind", UnitKind.DEPARTMENT),
            order=order,
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
        )
        UnitAlias.objects.bulk_create(
            UnitAlias(unit=units[row["key"]], name=alias) for alias in row.get("aliases", [])
        )
    for row in data["units"]:
        if row.get("replaced_by"):
            units[row["key"]].replaced_by = units[row["replaced_by"]]
            units[row["key"]].save(update_fields=["replaced_by"])
    return units


def _load_leaders(data: dict[str, Any]) -> dict[str, Leader]:
    return {
        row["name"]: Leader.objects.create(
            name=row["name"], title=row["title"], precedence=row["precedence"]
        )
        for row in data["leaders"]
    }


def _load_sources(data: dict[str, Any]) -> dict[str, Source]:
    return {
        row["key"]: Source.objects.create(
            kind=row["kind"],
            name=row["name"],
            meeting_number=row.get("meeting_number"),
            meeting_date=row.get("meeting_date"),
        )
        for row in data["sources"]
    }


@dataclass
class Registry:
    units: dict[str, Unit]
    leaders: dict[str, Leader]
    sources: dict[str, Source]
    statuses: dict[str, Status]


def _named_items(
    data: dict[str, Any], reg: Registry, year: int
) -> list[tuple[WorkItem, dict[str, Any]]]:
    out = []
    for number, row in enumerate(data["items"], start=1):
        item = WorkItem(
            code=f"{year}-{number:03d}",
            title=row["title"],
            description=row.get("description", ""),
            source=reg.sources[row["source"]],
            category=row.get("category", ""),
            deadline=row.get("deadline"),
            lead_unit=reg.units[row["lead_unit"]],
        )
        create_work_item(
            item,
            actor=None,
            leaders=[reg.leaders[name] for name in row.get("leaders", [])],
            co_units=[reg.units[key] for key in row.get("co_units", [])],
        )
        out.append((item, row))
    return out


def _placeholder_items(
    data: dict[str, Any], reg: Registry, year: int, first_number: int
) -> list[tuple[WorkItem, str]]:
    """Items the seed does not name, enough to reach the seed's count for every status."""
    named = {code: 0 for code in data["round"]["counts"]}
    for row in data["items"]:
        named[row["status"]] += 1
    departments = [
        u for u in reg.units.values() if u.kind == UnitKind.DEPARTMENT and not u.valid_from
    ]
    leaders = itertools.cycle(reg.leaders.values())
    units = itertools.cycle(departments)
    sources = itertools.cycle(reg.sources.values())
    out = []
    number = first_number
    for code, count in data["round"]["counts"].items():
        for _ in range(count - named[code]):
            item = WorkItem(
                code=f"{year}-{number:03d}",
                title=f"{PLACEHOLDER_MARK}第{number}项工作",
                description="演示数据：种子通报未点名此事项，由演示程序生成。",
                source=next(sources),
                category="演示",
                deadline=datetime.date(year, 12, 31),
                lead_unit=next(units),
            )
            create_work_item(item, actor=None, leaders=[next(leaders)])
            out.append((item, code))
            number += 1
    return out


def _load_round(data: dict[str, Any]) -> Round:
    row = data["round"]
    return create_round(
        Round(
            code=row["code"],
            name=row["name"],
            title=row["title"],
            scope=row.get("scope", ""),
            period_start=row["period_start"],
            period_end=row["period_end"],
            cutoff=row["cutoff"],
            issuer=row["issuer"],
        ),
        actor=None,
    )


def _load_highlights(
    data: dict[str, Any], round: Round, reg: Registry, items: dict[str, WorkItem]
) -> None:
    for position, row in enumerate(data["highlights"], start=1):
        add_highlight(
            Highlight(
                round=round,
                position=position,
                title=row["title"],
                text=row.get("text", ""),
                units_partial=row.get("units_partial", False),
            ),
            actor=None,
            leaders=[reg.leaders[name] for name in row.get("leaders", [])],
            units=[reg.units[key] for key in row.get("units", [])],
            items=[items[key] for key in row.get("items", [])],
        )


def _load_recommendations(data: dict[str, Any], round: Round, items: dict[str, WorkItem]) -> None:
    for position, row in enumerate(data["recommendations"], start=1):
        add_recommendation(
            Recommendation(round=round, position=position, subject=row["subject"]),
            actor=None,
            points=row["points"],
            items=[items[key] for key in row.get("items", [])],
        )


def _check_counts(data: dict[str, Any]) -> None:
    counts = data["round"]["counts"]
    if sum(counts.values()) != data["round"]["total"]:
        raise ValueError(f"demo data: counts {counts} do not add up to {data['round']['total']}")


def _load_users(reg: Registry) -> None:
    scopes: dict[str, dict[str, Any]] = {
        "leader": {"leader": reg.leaders["石迎军"]},
        "fgw": {"unit": reg.units["fgw"]},
        "gxw": {"unit": reg.units["gxw"]},
    }
    for login in DEMO_LOGINS:
        ensure_user(
            login.username,
            password=login.password,
            role=login.role,
            actor=None,
            full_name=login.description,
            **scopes.get(login.username, {}),
        )


def _load_workflow(round: Round, reg: Registry, items: dict[str, WorkItem]) -> None:
    """What the reporting workflow needs: a deadline, targets, milestones, an assignment."""
    from ducha.core.services import save_audited
    from ducha.progress.models import Milestone, Target
    from ducha.progress.services import assign_item, set_reporting_deadline

    set_reporting_deadline(
        round,
        due=datetime.datetime(
            2017, 7, 5, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
        ),
        actor=None,
    )
    year = (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
    for key, name, measure, value in (
        ("key_projects", "到位资金", "亿元", 560),
        ("stable_growth", "固定资产投资", "亿元", 2400),
    ):
        target = Target(
            item=items[key],
            name=name,
            unit_of_measure=measure,
            value=value,
            period_start=year[0],
            period_end=year[1],
        )
        save_audited(target, actor=None)
    for due, title, share in (
        (datetime.date(2017, 3, 31), "完成郑许融合规划编制", 30),
        (datetime.date(2017, 6, 30), "郑许市域铁路开工", 60),
        (datetime.date(2017, 12, 31), "完成年度建设任务", 100),
    ):
        milestone = Milestone(item=items["zhengxu"], due=due, title=title, expected_percent=share)
        save_audited(milestone, actor=None)
    office = ensure_user("inspector", password="inspector-2017", role=Role.INSPECTOR, actor=None)
    assign_item(items["key_projects"], unit=reg.units["fgw"], actor=office)


class DemoRefused(Exception):
    """The database holds data that is not the demo's; the message is one line."""


def foreign_data(data: dict[str, Any]) -> list[str]:
    """What in the database is not the demo's: users, rounds, or a ledger without the demo."""
    from django.contrib.auth import get_user_model

    demo_users = {login.username for login in DEMO_LOGINS}
    code = data["round"]["code"]
    users = get_user_model().objects.exclude(username__in=demo_users)
    found = [f"用户 {name}" for name in users.values_list("username", flat=True)[:3]]
    rounds = Round.objects.exclude(code=code).values_list("code", flat=True)
    found += [f"轮次 {other}" for other in rounds[:3]]
    has_ledger = WorkItem.objects.exists() or Unit.objects.exists()
    if has_ledger and not Round.objects.filter(code=code).exists():
        found.append("台账或单位")
    return found


@transaction.atomic
def load_demo(data: dict[str, Any] | None = None) -> bool:
    """Load the demo once. Returns False when it was loaded before (nothing is changed).

    Refuses (DemoRefused) a database that holds anything but the demo: the demo must
    never add its round and its well-known logins to an office's real data.
    """
    data = data or load_data()
    _check_counts(data)
    found = foreign_data(data)
    if found:
        raise DemoRefused(
            f"数据库中已有非演示数据（{'、'.join(found)}），未载入演示数据。"
            "(The database holds data that is not the demo's; the demo was not loaded.)"
        )
    if Round.objects.filter(code=data["round"]["code"]).exists():
        return False
    year = data["round"]["period_start"].year
    reg = Registry(
        units=_load_units(data),
        leaders=_load_leaders(data),
        sources=_load_sources(data),
        statuses=ensure_default_statuses(actor=None),
    )
    round = _load_round(data)
    named = _named_items(data, reg, year)
    for item, row in named:
        set_rating(
            round,
            item,
            status=reg.statuses[row["status"]],
            actor=None,
            example_order=row.get("example_order"),
        )
    for item, code in _placeholder_items(data, reg, year, first_number=len(named) + 1):
        set_rating(round, item, status=reg.statuses[code], actor=None)
    items = {row["key"]: item for item, row in named}
    _load_highlights(data, round, reg, items)
    _load_recommendations(data, round, items)
    _load_users(reg)
    _load_workflow(round, reg, items)
    published = data["round"].get("published_at")
    if published:
        publish_bulletin(round, actor=None, at=published)
    return True
