"""Progress sheets: a unit downloads its items, fills them in Excel and uploads them back;
the office exports the reports with the same columns."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ducha.core.models import AuditEvent
from ducha.ledger.models import WorkItem
from ducha.org.models import Unit
from ducha.progress import services
from ducha.progress.enums import ReportState
from ducha.progress.models import ProgressReport, Target
from ducha.review.models import Round
from tests.factories import (
    make_inspector,
    make_item,
    make_reporter,
    make_round,
    make_target,
    make_unit,
)
from tests.ledger.sheets import libreoffice_convert

pytestmark = pytest.mark.django_db

HEADER = [
    "轮次",
    "事项编号",
    "事项名称",
    "报送单位",
    "本单位角色",
    "牵头单位",
    "目标名称",
    "年度目标",
    "计量单位",
    "本期完成值",
    "进展情况",
    "报告状态",
]
COL = {name: index + 1 for index, name in enumerate(HEADER)}


@dataclass
class Offices:
    fgw: Unit
    gxw: Unit
    projects: WorkItem  # led by 市发改委, two targets
    industry: WorkItem  # led by 市工信委, 市发改委 co-operates
    gxw_only: WorkItem  # 市工信委's alone
    funds: Target
    starts: Target
    round: Round
    fgw_reporter: Any
    gxw_reporter: Any
    inspector: Any


@pytest.fixture
def offices() -> Offices:
    fgw = make_unit("市发改委", name="许昌市发展和改革委员会")
    gxw = make_unit("市工信委", name="许昌市工业和信息化委员会")
    projects = make_item("加快重点项目建设", code="2017-001", lead_unit=fgw)
    industry = make_item("推进工业转型升级", code="2017-002", lead_unit=gxw, co_units=[fgw])
    gxw_only = make_item("培育中小企业", code="2017-003", lead_unit=gxw)
    return Offices(
        fgw=fgw,
        gxw=gxw,
        projects=projects,
        industry=industry,
        gxw_only=gxw_only,
        funds=make_target(projects, "到位资金", value=560),
        starts=make_target(projects, "新开工项目", value=120, unit_of_measure="个"),
        round=make_round("2017-H1"),
        fgw_reporter=make_reporter(fgw),
        gxw_reporter=make_reporter(gxw),
        inspector=make_inspector(),
    )


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download(client: Client, round: Round, query: str = "") -> openpyxl.Workbook:
    response = client.get(f"/inbox/sheet.xlsx?round={round.code}{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="progress-2017-H1.xlsx"')
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_of(workbook: openpyxl.Workbook) -> list[list[Any]]:
    sheet = workbook.worksheets[0]
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def row_number(workbook: openpyxl.Workbook, code: str, target: str | None = None) -> int:
    for index, row in enumerate(rows_of(workbook), start=2):
        if row[COL["事项编号"] - 1] == code and row[COL["目标名称"] - 1] == target:
            return index
    raise AssertionError(f"no row for {code} {target}")


def fill(workbook: openpyxl.Workbook, cells: dict[tuple[int, str], Any]) -> bytes:
    sheet = workbook.worksheets[0]
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=COL[column], value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filled_sheet(client: Client, offices: Offices) -> bytes:
    """The 市发改委 reporter's sheet with its two items filled in."""
    workbook = download(client, offices.round)
    return fill(
        workbook,
        {
            (row_number(workbook, "2017-001", "到位资金"), "本期完成值"): 293,
            (row_number(workbook, "2017-001", "到位资金"), "进展情况"): "1-6月到位资金293亿元。",
            (row_number(workbook, "2017-001", "新开工项目"), "本期完成值"): "61",
            (row_number(workbook, "2017-002", None), "进展情况"): "配合完成技改项目摸底。",
        },
    )


def upload(
    client: Client, round: Round, data: bytes, *, name: str = "进展.xlsx", **extra: Any
) -> Any:
    body = {"file": SimpleUploadedFile(name, data), **extra}
    return client.post(f"/inbox/sheet/?round={round.code}", body)


def test_reporter_downloads_fills_and_uploads_reports_for_its_items_only(
    offices: Offices,
) -> None:
    client = login(offices.fgw_reporter)
    workbook = download(client, offices.round)
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["K"].width == 60
    codes = [(r[1], r[4], r[6], r[7], r[8]) for r in rows_of(workbook)]
    assert codes == [
        ("2017-001", "牵头", "到位资金", 560, "亿元"),
        ("2017-001", "牵头", "新开工项目", 120, "个"),
        ("2017-002", "配合", None, None, None),
    ]

    response = upload(client, offices.round, filled_sheet(client, offices))

    assert response.status_code == 302 and response["Location"] == "/inbox/?round=2017-H1"
    reports = {r.item.code: r for r in ProgressReport.objects.select_related("item", "unit")}
    assert set(reports) == {"2017-001", "2017-002"}
    lead = reports["2017-001"]
    assert lead.unit == offices.fgw and lead.state == ReportState.DRAFT
    assert lead.narrative == "1-6月到位资金293亿元。"
    assert lead.updated_by == offices.fgw_reporter
    assert {v.target.name: v.value for v in lead.values.all()} == {
        "到位资金": decimal.Decimal("293.00"),
        "新开工项目": decimal.Decimal("61.00"),
    }
    assert reports["2017-002"].unit == offices.fgw
    assert not ProgressReport.objects.filter(unit=offices.gxw).exists()
    # What the upload wrote (the reporter's login is in the trail too).
    events = AuditEvent.objects.filter(actor=offices.fgw_reporter).exclude(
        action__startswith="login."
    )
    assert sorted(events.values_list("action", flat=True)) == [
        "progress_sheet.imported",
        "report.saved",
        "report.saved",
    ]
    summary = events.get(action="progress_sheet.imported").after
    assert summary["file"] == "进展.xlsx" and summary["saved"] == 2
    inbox = client.get("/inbox/?round=2017-H1").content.decode()
    assert "已保存2份草稿，报送0份，未变0份" in inbox


def test_downloaded_sheet_shows_the_stored_report_and_reupload_changes_nothing(
    offices: Offices,
) -> None:
    client = login(offices.fgw_reporter)
    data = filled_sheet(client, offices)
    upload(client, offices.round, data)
    versions = dict(ProgressReport.objects.values_list("pk", "version"))
    events = AuditEvent.objects.count()

    again = upload(client, offices.round, data)
    # The sheet downloaded now carries what was stored, so uploading it changes nothing too.
    fresh = download(client, offices.round)
    third = upload(client, offices.round, fill(fresh, {}))

    assert again.status_code == third.status_code == 302
    assert dict(ProgressReport.objects.values_list("pk", "version")) == versions
    assert AuditEvent.objects.count() == events
    first = rows_of(fresh)[0]
    assert first[COL["本期完成值"] - 1] == 293 and first[COL["报告状态"] - 1] == "草稿"
    assert first[COL["进展情况"] - 1] == "1-6月到位资金293亿元。"


def test_row_for_another_units_item_is_a_located_error_and_nothing_is_written(
    offices: Offices,
) -> None:
    client = login(offices.fgw_reporter)
    workbook = download(client, offices.round)
    sheet = workbook.worksheets[0]
    sheet.append(["2017-H1", "2017-003", "培育中小企业", "市发改委"] + [None] * 6 + ["代报"])
    data = fill(workbook, {(2, "进展情况"): "到位资金293亿元。"})

    response = upload(client, offices.round, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "1处错误，不会写入任何数据" in page
    assert "不是本单位承办的事项（或编号有误），不能报送" in page
    assert '<td data-label="行">5</td>' in page
    assert "B列「事项编号」" in page and "2017-003" in page
    assert not ProgressReport.objects.exists()
    written = AuditEvent.objects.filter(actor=offices.fgw_reporter)
    assert not written.exclude(action__startswith="login.").exists()


def test_sending_then_changing_an_accepted_report_is_refused(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    data = filled_sheet(client, offices)
    response = upload(client, offices.round, data, submit="on")
    assert response.status_code == 302
    sent = ProgressReport.objects.get(item=offices.projects)
    assert sent.state == ReportState.SUBMITTED and sent.submitted_at is not None
    services.accept_report(sent, actor=offices.inspector)

    same = upload(client, offices.round, data, submit="on")
    changed = fill(download(client, offices.round), {(2, "进展情况"): "改写已采纳的报告"})
    refused = upload(client, offices.round, changed)

    assert same.status_code == 302  # the same content: accepted, unchanged, no error
    assert refused.status_code == 400
    assert "本单位的报告已采纳，不能再修改" in refused.content.decode()
    sent.refresh_from_db()
    assert sent.state == ReportState.ACCEPTED and sent.narrative == "1-6月到位资金293亿元。"


def test_sending_needs_the_narrative(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    workbook = download(client, offices.round)
    data = fill(workbook, {(row_number(workbook, "2017-001", "到位资金"), "本期完成值"): 10})
    response = upload(client, offices.round, data, submit="on")
    assert response.status_code == 400
    assert "报送时须填写进展情况" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_bad_values_and_unknown_targets_are_located(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    workbook = download(client, offices.round)
    data = fill(
        workbook,
        {
            (2, "本期完成值"): "二百九十三",
            (3, "目标名称"): "不存在的指标",
            (3, "本期完成值"): 5,
            (4, "本期完成值"): -1,
        },
    )
    page = upload(client, offices.round, data).content.decode()
    assert "J列「本期完成值」" in page and "本期完成值应为数字" in page
    assert "该事项没有这个目标" in page
    assert "本期完成值应为不小于0的数字" in page
    assert not ProgressReport.objects.exists()


def test_reporter_of_another_unit_cannot_download_or_upload_its_sheet(
    offices: Offices,
) -> None:
    fgw_sheet = filled_sheet(login(offices.fgw_reporter), offices)
    gxw = login(offices.gxw_reporter)
    query = f"?round=2017-H1&unit={offices.fgw.pk}"

    assert gxw.get("/inbox/sheet.xlsx" + query).status_code == 403
    forbidden = gxw.post("/inbox/sheet/" + query, {"file": SimpleUploadedFile("a.xlsx", fgw_sheet)})
    assert forbidden.status_code == 403
    # Its own upload of 市发改委's sheet: 市发改委's rows are errors, nothing is written.
    response = upload(gxw, offices.round, fgw_sheet)
    assert response.status_code == 400
    page = response.content.decode()
    assert "不是本单位承办的事项（或编号有误），不能报送" in page  # 2017-001
    assert "只能报送本单位的进展" in page  # 2017-002 as 市发改委
    assert not ProgressReport.objects.exists()
    assert login(offices.inspector).get("/inbox/sheet.xlsx").status_code == 403


def test_hostile_files_get_a_clear_error(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    word = upload(client, offices.round, docx.getvalue(), name="进展.xlsx")
    text = upload(client, offices.round, b"\x00\x01 not a sheet", name="进展.pdf")
    no_header = upload(client, offices.round, "随便,写点\n1,2\n".encode(), name="进展.csv")

    assert "这是 Word 文档（.docx），不是 Excel 表格" in word.content.decode()
    assert "请上传 .xlsx、.xls、.ods 或 .csv 文件" in text.content.decode()
    assert "找不到表头行" in no_header.content.decode()
    assert word.status_code == text.status_code == no_header.status_code == 400
    assert not ProgressReport.objects.exists()


def test_a_sheet_that_spans_a_huge_grid_is_refused_and_the_server_goes_on(
    offices: Offices,
) -> None:
    from tests.hostile import far_cell_xlsx, overlapping_merges_xlsx

    # 5 KB that made python-calamine abort the whole web server (SIGABRT).
    client = login(offices.fgw_reporter)
    bomb = upload(client, offices.round, far_cell_xlsx("XFD100000"))
    assert bomb.status_code == 400
    assert "超过列数上限1000列" in bomb.content.decode()
    merged = upload(client, offices.round, overlapping_merges_xlsx(count=12_000, rows=50))
    assert merged.status_code == 400
    assert client.get(f"/inbox/sheet/?round={offices.round.code}").status_code == 200
    assert not ProgressReport.objects.exists()


def test_formula_text_is_stored_as_text_and_exported_inert(offices: Offices) -> None:
    formula = '=HYPERLINK("http://evil.example","点击")<script>alert(1)</script>'
    lines = [
        "事项编号,目标名称,本期完成值,进展情况",
        f'2017-001,到位资金,1,"{formula.replace(chr(34), chr(34) * 2)}"',
    ]
    client = login(offices.fgw_reporter)
    response = upload(client, offices.round, "\n".join(lines).encode("gb18030"), name="进展.csv")
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.narrative == formula

    cell = download(client, offices.round).worksheets[0].cell(row=2, column=COL["进展情况"])
    assert cell.value == formula and cell.data_type == "s" and cell.quotePrefix
    inbox = client.get(report.get_absolute_url().split("#")[0] + "?round=2017-H1").content
    assert b"<script>alert(1)</script>" not in inbox


def test_office_exports_sent_reports_with_the_sheet_columns(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    upload(client, offices.round, filled_sheet(client, offices))
    draft_only = client.get("/rounds/2017-H1/reports.json")
    assert draft_only.status_code == 403
    office = login(offices.inspector)
    empty = json.loads(office.get("/rounds/2017-H1/reports.json").content)
    assert empty["rows"] == []  # drafts are the unit's own until sent

    upload(client, offices.round, filled_sheet(client, offices), submit="on")
    xlsx = office.get("/rounds/2017-H1/reports.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    csv_text = b"".join(office.get("/rounds/2017-H1/reports.csv").streaming_content).decode()
    document = json.loads(office.get("/rounds/2017-H1/reports.json").content)

    assert [c.value for c in workbook.worksheets[0][1]] == HEADER
    assert workbook.worksheets[0].freeze_panes == "A2"
    assert csv_text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    assert table[0] == HEADER and len(table) == 4
    assert list(document["fields"].values()) == HEADER
    assert [(r["code"], r["target"], r["value"], r["state"]) for r in document["rows"]] == [
        ("2017-001", "到位资金", 293, "已报送"),
        ("2017-001", "新开工项目", 61, ""),
        ("2017-002", "", None, "已报送"),
    ]


def test_download_runs_a_fixed_number_of_queries(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    ProgressReport.objects.create(item=offices.projects, round=offices.round, unit=offices.fgw)
    with CaptureQueriesContext(connection) as one:
        download(client, offices.round)
    for n in range(2):
        item = make_item(f"新增事项{n}", lead_unit=offices.fgw, co_units=[make_unit()])
        make_target(item, "指标")
        ProgressReport.objects.create(item=item, round=offices.round, unit=offices.fgw)
    with CaptureQueriesContext(connection) as three:
        workbook = download(client, offices.round)
    assert len(rows_of(workbook)) == 5
    assert len(three) == len(one)


def test_a_sheet_of_another_round_is_refused(offices: Offices) -> None:
    client = login(offices.fgw_reporter)
    later = make_round("2017-H2", period_end=datetime.date(2017, 12, 31))
    data = filled_sheet(client, offices)  # the sheet of 2017-H1
    response = upload(client, later, data)
    assert response.status_code == 400
    assert "本表是「2017-H1」的进展表，不是「2017-H2」的" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_command_reads_the_sheet_as_the_reporter(offices: Offices, tmp_path: Path) -> None:
    path = tmp_path / "进展.xlsx"
    path.write_bytes(filled_sheet(login(offices.fgw_reporter), offices))
    out = io.StringIO()
    user = offices.fgw_reporter.username
    call_command("import_progress", str(path), user=user, round="2017-H1", submit=True, stdout=out)
    assert "报送2份" in out.getvalue()
    assert set(ProgressReport.objects.values_list("state", flat=True)) == {"submitted"}
    assert (
        AuditEvent.objects.filter(actor=offices.fgw_reporter, action="report.submitted").count()
        == 2
    )

    # Rows 2 and 3: not its item and not its unit; row 4: not its unit.
    with pytest.raises(CommandError, match="5处错误"):
        call_command(
            "import_progress", str(path), user=offices.gxw_reporter.username, stdout=out, stderr=out
        )
    assert "不是本单位承办的事项" in out.getvalue()


def test_sheet_saved_again_by_libreoffice_uploads_the_same(
    offices: Offices, tmp_path: Path
) -> None:
    client = login(offices.fgw_reporter)
    source = tmp_path / "进展表.xlsx"
    source.write_bytes(filled_sheet(client, offices))
    ods = libreoffice_convert(source, "ods", tmp_path)

    response = upload(client, offices.round, ods.read_bytes(), name=ods.name)

    assert response.status_code == 302
    report = ProgressReport.objects.get(item=offices.projects)
    assert report.narrative == "1-6月到位资金293亿元。"
    assert sorted(str(v) for v in report.values.all()) == ["到位资金293亿元", "新开工项目61个"]
