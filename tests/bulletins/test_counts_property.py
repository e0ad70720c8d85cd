"""For any round, the bulletin's numbers are the database's numbers, and the text states them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.document import BulletinDocument, Category
from ducha.bulletins.renderers import TxtRenderer
from ducha.review.models import Rating, Round
from ducha.review.services import set_rating
from tests.factories import make_item, make_round, make_source, make_unit, status

STATUS_CODES = ("completed", "on_track", "serious", "needs_effort")


@dataclass(frozen=True)
class Planned:
    """One item of a generated round: its title, its status, and its example order if named."""

    title: str
    status: str
    example_order: int | None


@st.composite
def round_plans(draw: st.DrawFn) -> list[Planned]:
    codes = draw(st.lists(st.sampled_from(STATUS_CODES), min_size=1, max_size=60))
    named = draw(st.lists(st.booleans(), min_size=len(codes), max_size=len(codes)))
    orders: dict[int, int] = {}
    for code in STATUS_CODES:
        examples = [i for i, c in enumerate(codes) if c == code and named[i]]
        # Distinct within a status (the constraint), with gaps and in any order of creation.
        drawn = draw(
            st.lists(
                st.integers(0, 99), min_size=len(examples), max_size=len(examples), unique=True
            )
        )
        orders.update(zip(examples, drawn, strict=True))
    return [
        Planned(title=f"〔事项{i}〕", status=code, example_order=orders.get(i))
        for i, code in enumerate(codes)
    ]


def build_round(plan: list[Planned]) -> Round:
    round, source, unit = make_round(), make_source(), make_unit()
    for planned in plan:
        item = make_item(planned.title, source=source, lead_unit=unit)
        set_rating(
            round,
            item,
            status=status(planned.status),
            example_order=planned.example_order,
            actor=None,
        )
    return round


def expected_examples(plan: list[Planned], code: str) -> tuple[str, ...]:
    named = [p for p in plan if p.status == code and p.example_order is not None]
    return tuple(p.title for p in sorted(named, key=lambda p: p.example_order or 0))


def category_line(text: str, category: Category) -> str:
    """The paragraph of the overview that starts with the category's count and label."""
    head = f"\u3000\u3000{category.count}项{category.label}。"
    (line,) = [line for line in text.splitlines() if line.startswith(head)]
    return line


def check_document(doc: BulletinDocument, round: Round, plan: list[Planned]) -> None:
    assert [c.code for c in doc.categories] == list(STATUS_CODES)
    assert sum(c.count for c in doc.categories) == doc.total == len(plan)
    for category in doc.categories:
        in_db = Rating.objects.filter(round=round, status__code=category.code).count()
        assert category.count == in_db == sum(p.status == category.code for p in plan)
        assert category.examples == expected_examples(plan, category.code)


def check_text(text: str, doc: BulletinDocument) -> None:
    assert f"{doc.total}项工作中" in text
    for category in doc.categories:
        if not category.count:
            continue
        assert f"{category.count}项{category.label}。" in text
        line = category_line(text, category)
        if not category.examples:
            assert "等" not in line
            continue
        listed = "、".join(category.examples)
        fewer = len(category.examples) < category.count
        assert line.endswith(f"{listed}等。") == fewer
        assert line.endswith(f"{listed}{'等' if fewer else ''}。")


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=round_plans())
def test_it_states_the_counts_and_examples_of_any_round(plan: list[Planned]) -> None:
    with transaction.atomic():
        assert not Rating.objects.exists()
        round = build_round(plan)
        doc = compose_bulletin(round)
        check_document(doc, round, plan)
        check_text(TxtRenderer().render(doc).decode(), doc)
        # Each example starts from an empty round: its rows never reach the next one.
        transaction.set_rollback(True)
