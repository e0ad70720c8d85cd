"""Importing ledgers as offices keep them: all or nothing, located errors, no repeats."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ducha.core.models import AuditEvent
from ducha.ledger.models import WorkItem
from ducha.ledger.services import import_ledger
from ducha.ledger.sheets import LedgerPlan, Registry, plan_import
from tests.factories import make_inspector
from tests.ledger.sheets import OFFICE_HEADER, Registered, libreoffice_convert, office_ledger, xlsx


def plan(data: bytes, name: str = "台账.xlsx", *, create_missing: bool = False) -> LedgerPlan:
    registry = Registry.load(year=2017, create_missing=create_missing)
    return plan_import(data, name, registry=registry)


def test_an_office_ledger_becomes_items_with_parents_dates_and_units(
    registered: Registered,
) -> None:
    result = import_ledger(plan(office_ledger()), actor=None)
    assert result.created == 4
    road = WorkItem.objects.get(title="建设许昌大道")
    land = WorkItem.objects.get(title="完成征地")
    resettle = WorkItem.objects.get(title="拆迁安置")
    tidy = WorkItem.objects.get(title="城区环境整治")
    assert (land.parent, resettle.parent, tidy.parent) == (road, land, None)
    assert road.deadline == datetime.date(2017, 6, 30)
    assert resettle.deadline == datetime.date(2017, 12, 31)
    assert tidy.deadline is None and tidy.ongoing
    assert set(road.co_units.all()) == {registered.finance, registered.land}
    assert set(tidy.co_units.all()) == {registered.finance, registered.land}
    # The merged leader cell belongs to every row it spans; sub-items inherit the source.
    assert list(resettle.leaders.all()) == [registered.leader]
    assert resettle.source == registered.source
    assert resettle.lead_unit == registered.land


def test_every_item_created_is_audited_with_its_links(registered: Registered) -> None:
    import_ledger(plan(office_ledger()), actor=None)
    road = WorkItem.objects.get(title="建设许昌大道")
    event = AuditEvent.objects.get(action="workitem.created", target_id=str(road.pk))
    assert event.before is None
    assert abs(event.at - timezone.now()) < datetime.timedelta(minutes=5)
    assert event.actor is None
    assert event.after is not None
    assert event.after["title"] == "建设许昌大道"
    assert event.after["co_units"] == sorted([registered.finance.pk, registered.land.pk])
    assert AuditEvent.objects.filter(action="workitem.created").count() == 4


def test_importing_the_same_file_again_changes_nothing(registered: Registered) -> None:
    data = office_ledger()
    import_ledger(plan(data), actor=None)
    events = AuditEvent.objects.count()
    again = plan(data)
    assert again.count("keep") == 4 and again.count("create") == 0
    result = import_ledger(again, actor=None)
    assert (result.created, result.updated) == (0, 0)
    assert WorkItem.objects.count() == 4
    assert AuditEvent.objects.count() == events


def test_a_changed_row_updates_its_item_with_before_and_after(registered: Registered) -> None:
    import_ledger(plan(office_ledger()), actor=None)
    rows = [
        OFFICE_HEADER,
        [1, "城区环境整治", "石迎军", "市财政局", None, "2017年9月30日", "政府工作报告"],
    ]
    changed = plan(xlsx(rows))
    assert changed.count("update") == 1
    import_ledger(changed, actor=None)
    tidy = WorkItem.objects.get(title="城区环境整治")
    assert tidy.lead_unit == registered.finance and tidy.deadline == datetime.date(2017, 9, 30)
    event = AuditEvent.objects.get(action="workitem.changed", target_id=str(tidy.pk))
    assert event.before is not None and event.after is not None
    assert event.before["lead_unit_id"] == registered.housing.pk
    assert event.after["lead_unit_id"] == registered.finance.pk


def test_bad_rows_are_all_listed_in_chinese_and_nothing_is_written(registered: Registered) -> None:
    rows = [
        OFFICE_HEADER,
        [1, "好的一行", "石迎军", "市住建局", None, "6月底", "政府工作报告"],
        [2, "单位不明", "石迎军", "市不存在局", None, "6月底", "政府工作报告"],
        [3, "时限不明", "石迎军", "市住建局", None, "尽快", "政府工作报告"],
        [4, "来源不明", "石迎军", "市住建局", None, "6月底", "市长拍板"],
        [5, None, "石迎军", "市住建局", None, "6月底", "政府工作报告"],
    ]
    result = plan(xlsx(rows, title_row="台账"))
    messages = [str(e) for e in result.errors]
    assert messages == [
        "工作表「台账」第4行 D列「牵头单位」 值「市不存在局」："
        "单位「市不存在局」不在单位名录中（可确认新建）",
        "工作表「台账」第5行 F列「完成时限」 值「尽快」："
        "无法识别的完成时限「尽快」，请写成日期（如2017年6月30日）或“6月底”“年底前”“长期坚持”",
        "工作表「台账」第6行 G列「事项来源」 值「市长拍板」："
        "事项来源不存在，请先在系统中登记该来源",
        "工作表「台账」第7行 B列「工作事项」：缺少事项名称",
    ]
    with pytest.raises(ValueError):
        import_ledger(result, actor=None)
    assert not WorkItem.objects.exists()


def test_unknown_units_and_leaders_are_created_only_when_confirmed(registered: Registered) -> None:
    rows = [OFFICE_HEADER, [1, "新事项", "张三", "市新设局", "市住建局", "年底前", "政府工作报告"]]
    refused = plan(xlsx(rows))
    assert [e.reason for e in refused.errors] == [
        "领导「张三」不在领导名录中（可确认新建）",
        "单位「市新设局」不在单位名录中（可确认新建）",
    ]
    confirmed = plan(xlsx(rows), create_missing=True)
    assert (confirmed.missing_units, confirmed.missing_leaders) == (["市新设局"], ["张三"])
    with pytest.raises(ValueError):
        import_ledger(confirmed, actor=None)  # the plan names them; creating needs a yes
    result = import_ledger(confirmed, actor=None, create_missing=True)
    assert (result.units_created, result.leaders_created) == (1, 1)
    item = WorkItem.objects.get(title="新事项")
    assert item.lead_unit.short_name == "市新设局"
    assert str(item.leaders.get()) == "张三市领导"
    assert AuditEvent.objects.filter(action="unit.created", target_repr="市新设局").exists()


def test_header_variants_and_codes_match_on_reimport(registered: Registered) -> None:
    rows = [
        ["事项编号", "任务", "责任领导", "主办单位", "协办单位", "时间节点", "来源", "年度目标"],
        [
            "A-1",
            "修路",
            "石迎军常务副市长",
            "许昌市住房和城乡建设局",
            "市财政局/市国土局",
            "2017-06-30",
            "政府工作报告",
            "通车",
        ],
    ]
    import_ledger(plan(xlsx(rows)), actor=None)
    item = WorkItem.objects.get(code="A-1")
    assert item.description == "通车"
    assert item.lead_unit == registered.housing
    rows[1][1] = "修路（改名）"
    renamed = plan(xlsx(rows))
    assert renamed.count("update") == 1
    import_ledger(renamed, actor=None)
    assert WorkItem.objects.get(code="A-1").title == "修路（改名）"


def test_a_file_without_a_ledger_header_is_refused(registered: Registered) -> None:
    from ducha.lib.sheetimport import ImportFailed

    with pytest.raises(ImportFailed, match="表头"):
        plan(xlsx([["姓名", "电话"], ["张三", "123"]]))


def test_gb18030_csv_from_excel_on_chinese_windows(registered: Registered) -> None:
    text = (
        "工作事项,牵头领导,牵头单位,配合单位,完成时限,事项来源\r\n"
        "修路,石迎军,市住建局,市财政局;市国土局,6月底,政府工作报告\r\n"
    )
    result = import_ledger(plan(text.encode("gb18030"), "台账.csv"), actor=None)
    assert result.created == 1
    assert WorkItem.objects.get(title="修路").co_units.count() == 2


def test_a_ledger_saved_by_libreoffice_imports_the_same(
    registered: Registered, tmp_path: Path
) -> None:
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(office_ledger())
    converted = libreoffice_convert(source, "xlsx", tmp_path)
    assert converted.read_bytes() != source.read_bytes()
    result = import_ledger(plan(converted.read_bytes()), actor=None)
    assert result.created == 4
    assert WorkItem.objects.get(title="拆迁安置").leaders.get() == registered.leader


def test_a_csv_opened_and_saved_by_libreoffice(registered: Registered, tmp_path: Path) -> None:
    source = tmp_path / "ledger.csv"
    source.write_text(
        "工作事项,牵头领导,牵头单位,完成时限,事项来源\n修路,石迎军,市住建局,2017年6月底,政府工作报告\n",
        encoding="utf-8",
    )
    converted = libreoffice_convert(source, "xlsx", tmp_path, infilter="CSV:44,34,76")
    result = import_ledger(plan(converted.read_bytes()), actor=None)
    assert result.created == 1
    assert WorkItem.objects.get().deadline == datetime.date(2017, 6, 30)


def test_hostile_cells_are_stored_as_plain_text(registered: Registered) -> None:
    rows = [
        OFFICE_HEADER,
        [1, "<script>alert(1)</script>", "石迎军", "市住建局", None, "6月底", "政府工作报告"],
        [
            2,
            '=HYPERLINK("http://evil.example","x")',
            "石迎军",
            "市住建局",
            None,
            "6月底",
            "政府工作报告",
        ],
    ]
    result = plan(xlsx(rows))
    # The formula has no value to show: the row lacks a title and says so.
    assert [(e.row, e.reason) for e in result.errors] == [(3, "缺少事项名称")]
    csv_rows = '工作事项,牵头单位,完成时限,事项来源\n"=HYPERLINK(""http://evil.example"")",市住建局,6月底,政府工作报告\n'
    import_ledger(plan(csv_rows.encode(), "x.csv"), actor=None)
    assert WorkItem.objects.get().title == '=HYPERLINK("http://evil.example")'


@pytest.mark.django_db
def test_command_dry_run_writes_nothing_and_errors_fail(
    registered: Registered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_bytes(office_ledger())
    call_command("import_ledger", str(path), "--dry-run", "--year", "2017")
    assert not WorkItem.objects.exists()
    inspector = make_inspector()
    call_command("import_ledger", str(path), "--year", "2017", "--user", inspector.username)
    assert AuditEvent.objects.filter(action="workitem.created", actor=inspector).count() == 4
    out = capsys.readouterr()
    assert "新建4项" in out.out
    assert "写入 4/4 行" in out.err
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        xlsx([OFFICE_HEADER, [1, "x", "无名氏", "市住建局", None, "6月底", "政府工作报告"]])
    )
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_ledger", str(bad), "--year", "2017")
    assert "第2行 C列「牵头领导」" in capsys.readouterr().err
    call_command("import_ledger", str(bad), "--year", "2017", "--create-missing")
    assert WorkItem.objects.filter(title="x").exists()


@pytest.mark.django_db
def test_command_rates_a_round_from_the_status_column(
    registered: Registered, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ducha.review.models import Rating
    from tests.factories import make_round

    make_round("2017-H1")
    rows = [
        [*OFFICE_HEADER, "状态"],
        [1, "修路", "石迎军", "市住建局", None, "6月底", "政府工作报告", "有序推进"],
    ]
    path = tmp_path / "评定.xlsx"
    path.write_bytes(xlsx(rows))
    call_command("import_ledger", str(path), "--year", "2017", "--round", "2017-H1")
    assert "评定1项" in capsys.readouterr().out
    assert Rating.objects.get().status.label == "有序推进"
    with pytest.raises(CommandError, match="没有编号为 nope 的督查轮次"):
        call_command("import_ledger", str(path), "--round", "nope")


@pytest.mark.parametrize("target", ["ods", "xls:MS Excel 97"])
def test_ods_and_old_xls_written_by_libreoffice(
    registered: Registered, tmp_path: Path, target: str
) -> None:
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(office_ledger())
    converted = libreoffice_convert(source, target, tmp_path)
    result = import_ledger(plan(converted.read_bytes(), converted.name), actor=None)
    assert result.created == 4
    resettle = WorkItem.objects.get(title="拆迁安置")
    assert resettle.parent is not None and resettle.parent.title == "完成征地"
    assert resettle.leaders.get() == registered.leader  # the merged cell, in either format


def test_section_rows_give_the_category_of_the_items_below(registered: Registered) -> None:
    rows = [
        OFFICE_HEADER,
        [None, "一、经济发展（2项）", None, None, None, None, None],
        [1, "修路", "石迎军", "市住建局", None, "6月底", "政府工作报告"],
        [2, "建桥", "石迎军", "市住建局", None, "6月底", "政府工作报告"],
        [None, "二、民生保障", None, None, None, None, None],
        [3, "建学校", "石迎军", "市住建局", None, "6月底", "政府工作报告"],
    ]
    result = import_ledger(plan(xlsx(rows)), actor=None)
    assert result.created == 3
    categories = dict(WorkItem.objects.values_list("title", "category"))
    assert categories == {"修路": "经济发展", "建桥": "经济发展", "建学校": "民生保障"}
