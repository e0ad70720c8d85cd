"""Exports re-import to the same data, look right in Excel, and cannot carry formulas."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ducha.core.services import snapshot
from ducha.ledger.exports import ledger_table
from ducha.ledger.models import WorkItem
from ducha.ledger.services import import_ledger
from ducha.ledger.sheets import Registry, plan_import
from ducha.lib.tables import csv_lines, json_bytes, xlsx_bytes
from ducha.review.exports import ratings_table, template_bytes
from ducha.review.services import set_rating
from tests.factories import make_item, make_leader, make_round, make_source, make_unit, status
from tests.ledger.sheets import read_back


def build_ledger() -> list[WorkItem]:
    source = make_source("政府工作报告")
    housing, finance = make_unit("市住建局"), make_unit("市财政局")
    leader = make_leader("石迎军", title="常务副市长")
    road = make_item("建设许昌大道", code="2017-001", source=source, lead_unit=housing)
    road.leaders.set([leader])
    road.co_units.set([finance])
    road.deadline = datetime.date(2017, 6, 30)
    road.save()
    child = make_item("=1+2 征地", code="2017-001-1", source=source, lead_unit=finance)
    child.parent = road
    child.ongoing = True
    child.save()
    return [road, child]


def state() -> list[dict[str, object]]:
    """The stored ledger, with the parent by code since ids change when rows are re-created."""
    return [
        snapshot(item) | {"id": None, "parent_id": item.parent.code if item.parent else None}
        for item in WorkItem.objects.select_related("parent").order_by("code")
    ]


def reimport(data: bytes, name: str) -> tuple[int, int, int]:
    plan = plan_import(data, name, registry=Registry.load(year=2017))
    assert plan.errors == []
    result = import_ledger(plan, actor=None)
    return result.created, result.updated, result.unchanged


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_reimports_to_the_same_data(fmt: str) -> None:
    build_ledger()
    before = state()
    table = ledger_table()
    data = xlsx_bytes(table) if fmt == "xlsx" else "".join(csv_lines(table)).encode()
    assert reimport(data, f"ledger.{fmt}") == (0, 0, 2)
    WorkItem.objects.filter(parent__isnull=False).delete()
    WorkItem.objects.all().delete()
    assert reimport(data, f"ledger.{fmt}") == (2, 0, 0)
    assert state() == before


@pytest.mark.django_db
def test_the_ledger_sheet_has_a_frozen_header_widths_chinese_dates_and_safe_text() -> None:
    build_ledger()
    sheet = read_back(xlsx_bytes(ledger_table())).active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:3] == ["事项编号", "事项名称", "目标任务"]
    assert sheet.column_dimensions["B"].width == 40
    deadline = sheet["I2"]
    assert deadline.value == datetime.datetime(2017, 6, 30)
    assert deadline.number_format == 'yyyy"年"m"月"d"日"'
    # Text, never a formula in Excel or WPS: stored as a string with the quote prefix.
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("=1+2 征地", "s")
    assert sheet["B3"].quotePrefix
    assert sheet["I3"].value == "长期坚持"
    assert sheet["J3"].value == "2017-001"


@pytest.mark.django_db
def test_ratings_sheet_colours_status_cells_as_the_vocabulary() -> None:
    road, child = build_ledger()
    round = make_round("2017-H1")
    set_rating(round, road, status=status("serious"), actor=None, note="进度滞后")
    set_rating(round, child, status=status("completed"), actor=None)
    sheet = read_back(xlsx_bytes(ratings_table(round))).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["状态", "督查意见"]
    cell = sheet.cell(row=2, column=header.index("状态") + 1)
    assert cell.value == "存在突出问题"
    assert cell.fill.fgColor.rgb.endswith(status("serious").colour.lstrip("#").upper())
    # The ratings sheet has the ledger's columns: it imports as the ledger, unchanged.
    assert reimport(xlsx_bytes(ratings_table(round)), "ratings.xlsx") == (0, 0, 2)


@pytest.mark.django_db
def test_json_has_stable_keys_chinese_labels_and_iso_dates() -> None:
    build_ledger()
    document = json.loads(json_bytes(ledger_table()))
    assert document["fields"]["lead_unit"] == "牵头单位"
    first = document["rows"][0]
    assert first["code"] == "2017-001"
    assert first["deadline"] == "2017-06-30"
    assert first["leaders"] == "石迎军常务副市长"


@pytest.mark.django_db
def test_template_offers_the_installations_lists_and_one_example_row() -> None:
    make_source("政府工作报告")
    make_unit("市住建局")
    make_leader("石迎军", title="常务副市长")
    workbook = read_back(template_bytes())
    sheet = workbook["台账"]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 2
    assert "示例" in str(sheet["B2"].value)
    lists = workbook["选项"]
    assert lists.sheet_state == "hidden"
    columns = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}
    values = {
        title: [lists.cell(row=r, column=c).value for r in range(2, lists.max_row + 1)]
        for title, c in columns.items()
    }
    assert "政府工作报告" in values["事项来源"]
    assert "石迎军常务副市长" in values["牵头领导"]
    assert "市住建局" in values["单位"]
    assert values["状态"][:4] == ["已完成", "有序推进", "存在突出问题", "需要加大力度"]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert any(f.startswith("'选项'!$A$2") for f in formulas)
    assert len(formulas) == 4


@pytest.mark.django_db
def test_export_command_writes_each_format(tmp_path: Path) -> None:
    build_ledger()
    make_round("2017-H1")
    for name in ("ledger.xlsx", "ledger.csv", "ledger.json"):
        call_command("export_ledger", str(tmp_path / name))
    call_command("export_ledger", str(tmp_path / "ratings.xlsx"), "--round", "2017-H1")
    assert (tmp_path / "ledger.csv").read_bytes().startswith("\ufeff事项编号".encode())
    assert (
        json.loads((tmp_path / "ledger.json").read_text())["rows"][1]["parent_code"] == "2017-001"
    )
    assert read_back((tmp_path / "ledger.xlsx").read_bytes()).active.max_row == 3  # type: ignore[union-attr]
    assert io.BytesIO((tmp_path / "ratings.xlsx").read_bytes()).getbuffer().nbytes > 0


def ratings_of(round: object) -> list[tuple[str, str, str, int | None]]:
    from ducha.review.models import Rating

    return list(
        Rating.objects.filter(round=round)
        .order_by("item__code")
        .values_list("item__code", "status__label", "note", "example_order")
    )


@pytest.mark.django_db
def test_a_ratings_export_reimports_to_the_same_ratings_of_the_round() -> None:
    from ducha.review.models import Rating

    road, child = build_ledger()
    round = make_round("2017-H1")
    set_rating(round, road, status=status("serious"), actor=None, note="进度滞后", example_order=1)
    set_rating(round, child, status=status("completed"), actor=None)
    before = ratings_of(round)
    data = xlsx_bytes(ratings_table(round))
    registry = Registry.load(year=2017, round=round)
    assert plan_import(data, "r.xlsx", registry=registry).ratings == 0  # nothing to change
    Rating.objects.filter(item=child).delete()
    Rating.objects.filter(item=road).update(note="旧意见")
    plan = plan_import(data, "r.xlsx", registry=Registry.load(year=2017, round=round))
    assert plan.ratings == 2
    result = import_ledger(plan, actor=None, round=round)
    assert result.ratings == 2
    assert ratings_of(round) == before  # the example keeps its place


@pytest.mark.django_db
def test_an_unknown_status_is_an_error_only_when_a_round_is_rated() -> None:
    build_ledger()
    round = make_round("2017-H1")
    table = ledger_table()
    table.fields = (*table.fields, "status")
    for row in table.rows:
        row["status"] = "很好"
    data = xlsx_bytes(table)
    assert plan_import(data, "x.xlsx", registry=Registry.load(year=2017)).errors == []
    errors = plan_import(data, "x.xlsx", registry=Registry.load(year=2017, round=round)).errors
    assert str(errors[0]) == (
        "工作表「台账」第2行 K列「状态」 值「很好」："
        "状态应为已完成、有序推进、存在突出问题、需要加大力度之一"
    )


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_ledger(django_assert_max_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_ledger()
    with CaptureQueriesContext(connection) as two:
        ledger_table()
    for n in range(3):
        make_item(f"事项{n}")
    with django_assert_max_num_queries(len(two.captured_queries)):
        ledger_table()


@pytest.mark.django_db
def test_a_filled_in_template_imports_its_rows_but_not_the_example() -> None:
    make_source("政府工作报告")
    make_unit("市住建局")
    make_leader("石迎军", title="常务副市长")
    workbook = read_back(template_bytes())
    sheet = workbook["台账"]
    sheet.append(["", "修路", "", "政府工作报告", "", "石迎军常务副市长", "市住建局", "", "年底前"])
    out = io.BytesIO()
    workbook.save(out)
    assert reimport(out.getvalue(), "模板.xlsx") == (1, 0, 0)
    assert WorkItem.objects.get().deadline == datetime.date(2017, 12, 31)
