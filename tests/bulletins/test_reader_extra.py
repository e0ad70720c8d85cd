"""Bulletins in styles the published ones do not show, as .txt, .html and .docx files."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from ducha.bulletins.reader import ReadDocument, read_bytes

EXTRA = Path(__file__).resolve().parents[1] / "data" / "bulletins" / "extra"


def read(name: str) -> ReadDocument:
    path = EXTRA / name
    return read_bytes(path.read_bytes(), path.name)


def buckets(doc: ReadDocument) -> list[tuple[str, str | None, int | None, float | None]]:
    return [(c.status, c.canonical_status, c.count, c.percent) for c in doc.categories]


def test_quarterly_work_report_of_another_city() -> None:
    doc = read("01-nanshan-2023-q1-gzbg.txt")
    assert doc.total == 86
    assert buckets(doc) == [
        ("已完成", "completed", 12, 14.0),
        ("正常推进", "on_track", 61, 70.9),
        ("进展滞后", "needs_effort", 13, 15.1),
    ]
    assert doc.categories[2].examples == (
        "新能源汽车产业园建设",
        "老旧小区改造",
        "城市更新片区改造",
    )
    first, second = doc.highlights
    assert (first.title, first.leaders[0].name, first.units, first.units_partial) == (
        "优化营商环境", "李明", ("市发展改革委", "市市场监管局"), True,
    )  # fmt: skip
    assert second.units == ("市人社局",) and not second.units_partial
    assert doc.published_at == "2023-04-18"  # the date under the signature
    assert doc.findings == ()  # 市市场监管局 is 市 + 市场监管局, not a doubled 市


def test_livelihood_projects_with_jian_and_xiang() -> None:
    doc = read("02-heshan-2022-minsheng.txt")
    assert doc.total == 32  # the 10 件 are broken down into 32 项; the buckets count 项
    assert buckets(doc) == [
        ("已办结", "completed", 18, 56.3),
        ("正常推进", "on_track", 11, 34.4),
        ("推进缓慢", "needs_effort", 3, 9.4),
    ]
    assert doc.categories[2].examples == (
        "城区排水管网改造",
        "菜市场提档升级",
        "社区养老服务中心建设",
    )
    assert len(doc.recommendations[0].points) == 3
    assert doc.findings == ()  # 18/32 = 56.25% is rounded half up to 56.3%


def test_red_yellow_green_warnings() -> None:
    doc = read("03-lishui-2021-hongdeng.txt")
    assert doc.total == 45
    assert buckets(doc) == [
        ("绿灯", "on_track", 30, 66.7),
        ("黄灯", "needs_effort", 11, 24.4),
        ("红灯", "serious", 4, 8.9),
    ]
    assert len(doc.categories[2].examples) == 4
    assert doc.findings == ()


def test_saved_portal_page() -> None:
    doc = read("04-fengqiao-2019-portal.html")
    assert doc.title == "关于2019年上半年区长办公会议议定事项落实情况的通报"
    assert (doc.issuer, doc.source, doc.published_at) == (
        "区政府督查室", "区政府督查室", "2019-07-15T09:30:00",
    )  # fmt: skip
    assert doc.total == 96
    assert buckets(doc) == [
        ("已办结", "completed", 71, 74.0),
        ("正在办理", "on_track", 20, 20.8),
        ("进展滞后", "needs_effort", 5, 5.2),
    ]
    assert [r.subject for r in doc.recommendations] == ["进展滞后事项", "长期未办结事项"]
    assert doc.findings == ()


def test_county_notice_with_defects() -> None:
    doc = read("05-qingxi-2023-dubantongbao.txt")
    assert doc.total == 40
    assert [(c.status, c.count) for c in doc.categories] == [
        ("已办结", 25), ("正在办理", 12), ("推进缓慢", 3),
    ]  # fmt: skip
    assert [(f.code, f.excerpt) for f in doc.findings] == [
        ("date-malformed", "20231011"),
        ("missing-measure-word", "有3("),
        ("date-missing-month", "1031日"),
        ("numbering-inconsistent", "4.县工业园"),
    ]
    (requirements,) = doc.recommendations
    assert requirements.points[0].startswith("县交通局要在1031日前")


def test_a_word_file_reads_like_its_text(tmp_path: Path) -> None:
    text = (EXTRA / "05-qingxi-2023-dubantongbao.txt").read_text(encoding="utf-8")
    document = docx.Document()
    for paragraph in text.splitlines():
        document.add_paragraph(paragraph)
    path = tmp_path / "通报.docx"
    document.save(str(path))
    from_word = read_bytes(path.read_bytes(), path.name)
    from_text = read("05-qingxi-2023-dubantongbao.txt")
    assert (from_word.total, from_word.categories) == (from_text.total, from_text.categories)
    assert [f.code for f in from_word.findings] == [f.code for f in from_text.findings]


@pytest.mark.django_db
def test_read_bulletin_prints_the_fields_as_unescaped_json(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    call_command("read_bulletin", str(EXTRA / "03-lishui-2021-hongdeng.txt"), json=True)
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "红灯" in out  # not \u7ea2
    data = json.loads(out)
    assert {"title", "issuer", "published_at", "period", "total", "categories", "sections",
            "highlights", "recommendations", "findings"} <= set(data)  # fmt: skip
    red = data["categories"][2]
    assert (red["status"], red["canonical_status"], red["count"], red["percent"]) == (
        "红灯", "serious", 4, 8.9,
    )  # fmt: skip
    assert red["examples"][:2] == ["高铁新城综合体建设", "垃圾焚烧发电二期"]
    assert data["sections"][0]["heading"] == "预警总体情况"


@pytest.mark.django_db
def test_lint_bulletin_exits_1_on_an_error(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("lint_bulletin", str(EXTRA / "05-qingxi-2023-dubantongbao.txt"))
    assert exit_info.value.code == 1
    lines = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert lines[0].split("\t")[:4] == ["date-malformed", "错误", "33", "20231011"]
    assert len(lines) == 4


@pytest.mark.django_db
def test_lint_bulletin_exits_0_with_warnings_only(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    call_command("lint_bulletin", str(EXTRA / "01-nanshan-2023-q1-gzbg.txt"))
    assert capsysbinary.readouterr().out == b""
