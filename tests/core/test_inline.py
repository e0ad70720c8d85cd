"""The policy's refusals are found in any page a test fetches (tests/inline.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.inline import inline_code


def test_inline_code_names_what_the_policy_refuses() -> None:
    page = """
    <html><head><style>p {color: red}</style>
    <script>window.alert("通报")</script>
    <script type="application/json" id="chart-data">{"有序推进": 3}</script>
    <script src="/static/app.js"></script></head>
    <body><a href="javascript:void(0)">返回</a><button onclick="go()">提交</button>
    <div style="width: 40%">进度</div></body></html>
    """
    found = inline_code(page)
    assert found == [
        "<style> element",
        "inline <script>: 'window.alert(\"通报\")'",
        "<a href='javascript:void(0)'>",
        "<button onclick=…>",
        "<div style='width: 40%'>",
    ]


def test_a_clean_page_has_nothing_to_refuse() -> None:
    page = '<main><h1 class="title">督查通报</h1><script src="/static/x.js"></script></main>'
    assert inline_code(page) == []


def test_every_fetched_page_is_read_for_the_policy(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.core.inline_urls"
    with pytest.raises(AssertionError, match="style='color: red'"):
        Client().get("/styled/")
