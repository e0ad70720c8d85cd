"""Each check of the linter on the smallest text that shows it, and on what it must not flag."""

from __future__ import annotations

import pytest

from ducha.bulletins.reader import read_text

TITLE = "市政府1-6月份重大工作事项落实情况\n"


def codes(body: str) -> list[str]:
    return [f.code for f in read_text(TITLE + body + "\n结束。").findings]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("从督查情况看,10项工作中,6项已完成,3项有序推进。", "count-mismatch"),
        ("共10项,其中6项已完成,占比50%;4项有序推进,占比40%。", "percent-mismatch"),
        ("共10项,已完成6项,正在办理4项,完成率50%。", "percent-mismatch"),
        ("共10项,6项已完成。\n8项已完成。分别是:甲、乙等。", "count-mismatch"),
        ("58日晚,召开会议。", "date-missing-month"),
        ("1031日前完成。", "date-missing-month"),
        ("会议于20171011召开。", "date-malformed"),
        ("202310月份完成验收。", "date-malformed"),
        ("其中1存在突出问题。", "missing-measure-word"),
        ("在126已完成的工作中。", "missing-measure-word"),
        ("有3(含两个子项)需要加大力度。", "missing-measure-word"),
        ("由市市商务局负责。", "duplicated-char"),
        ("明确责任领导和和责任人员。", "duplicated-char"),
        ("1、甲。\n2、乙。\n3.丙。\n4、丁。", "numbering-inconsistent"),
        ("1、甲。\n2、乙。\n4、丁。", "numbering-inconsistent"),
        ("共10项,3项未动工,占比30%。", "unknown-status"),
        ("分别是:甲,乙,丙等。", "separator"),
        ("这一段没有句号结尾而且相当地长一些", "missing-punctuation"),
    ],
)
def test_each_check_finds_its_defect(body: str, code: str) -> None:
    assert code in codes(body)


@pytest.mark.parametrize(
    "body",
    [
        "我们常常说,天天向上,人人有责,层层落实,项项到位。",
        "许昌市市区和某县县长、某市市场监管局都在名单上。",
        "7月9日至17日开展督查,12月31日前完成,5个工作日内答复。",
        "投资10亿元以上项目10个,1-8月完成208.9亿元,增长58.3%。",
        "从督查情况看,10项工作中,6项已完成,4项有序推进。",
        "共10项,其中6项已完成,占比60%;4项有序推进,占比40%。",
        "索引号:11341700003244967K/202004-00085 的文件。",
        "1、甲。\n2、乙。\n3、丙。",
        "分别是:甲、乙、丙等。",
    ],
)
def test_correct_text_raises_no_finding(body: str) -> None:
    assert codes(body) == []


def test_unit_check_is_skipped_without_a_registry() -> None:
    doc = read_text(TITLE + "由市不存在局负责。")
    assert "unknown-unit" not in [f.code for f in doc.findings]


def test_an_unknown_status_phrase_is_reported_not_guessed() -> None:
    doc = read_text(TITLE + "共10项,7项已完成,占比70%;3项未动工,占比30%。")
    unknown = [c for c in doc.categories if c.canonical_status is None]
    assert [(c.status, c.count) for c in unknown] == [("未动工", 3)]
