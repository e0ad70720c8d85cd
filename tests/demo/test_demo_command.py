"""`ducha demo` loads only into an empty database (or its own demo) and changes nothing then."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ducha.core.models import AuditEvent
from ducha.demo.loader import load_demo
from ducha.review.models import Round
from tests.factories import make_round, make_unit


@pytest.mark.django_db
def test_demo_refuses_a_database_with_real_users() -> None:
    get_user_model().objects.create_user("wang", password="x" * 12)
    with pytest.raises(CommandError, match=r"非演示数据（用户 wang）.*not the demo's"):
        call_command("demo")
    assert not Round.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_refuses_a_database_with_real_rounds_or_a_ledger() -> None:
    make_round("2020-Q1")
    with pytest.raises(CommandError, match="轮次 2020-Q1"):
        call_command("demo")
    Round.objects.all().delete()
    make_unit("市住建局")
    with pytest.raises(CommandError, match="台账或单位"):
        call_command("demo")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_again_on_its_own_demo_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_demo()
    events, users = AuditEvent.objects.count(), get_user_model().objects.count()
    call_command("demo")
    assert "未作改动" in capsys.readouterr().out
    assert (AuditEvent.objects.count(), get_user_model().objects.count()) == (events, users)
