"""Defects of the published seed bulletin that the demo corrects; (as published, corrected)."""

SEED_DEFECTS: list[tuple[str, str]] = [
    # missing-measure-word: 1存在 -> 1项存在
    ("1存在突出问题", "1项存在突出问题"),
    # missing-punctuation: overall-situation sentence ends without 。
    ("突出问题,4项需要加大力度", "突出问题,4项需要加大力度。"),
    # separator: 已完成 example list uses , instead of 、
    (
        "《政府工作报告》任务分解,议案建议提案集中交办,召开全市民营经济发展暨转型发展座谈会,夏收夏种,高考中考期间食品药品安全监管等",
        "《政府工作报告》任务分解、议案建议提案集中交办、召开全市民营经济发展暨转型发展座谈会、夏收夏种、高考中考期间食品药品安全监管等",
    ),
    # separator: 有序推进 example list has a , and then no separators at all
    (
        "持续稳定经济增长,秸秆禁烧和防汛准备加快郑许融合发展加快重点项目建设组织重大招商活动等",
        "持续稳定经济增长、秸秆禁烧和防汛准备、加快郑许融合发展、加快重点项目建设、组织重大招商活动等",
    ),
    # missing-measure-word: 126已完成 -> 126项已完成 (the leading preposition 在 was dropped too)
    ("126已完成和有序推进", "在126项已完成和有序推进"),
    # date-missing-month: 58日 -> 5月8日
    ("58日晚", "5月8日晚"),
    # date-missing-month: 48日 -> 4月8日
    ("48日下午", "4月8日下午"),
    # missing-punctuation: comma dropped between two clauses (highlight 3)
    ("唯一观摩省辖市许继", "唯一观摩省辖市,许继"),
    # missing-punctuation: comma dropped between two clauses (highlight 13)
    ("稳控管理在元旦", "稳控管理,在元旦"),
    # missing-punctuation: highlight 13 ends without 。
    ("没有发生来自许昌的干扰", "没有发生来自许昌的干扰。"),
    # numbering-inconsistent: "14." among "1、" … "15、"
    ("14.许昌舰", "14、许昌舰"),
    # duplicated-char: 市市商务局 -> 市商务局
    ("市市商务局", "市商务局"),
]
