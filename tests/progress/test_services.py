"""The workflow's use cases: state, audit row and mail after each transition."""

from __future__ import annotations

import datetime
import decimal
import os
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ducha.core.models import AuditEvent
from ducha.outbox.sender import send_outbox
from ducha.progress import services
from ducha.progress.enums import ReportState, RequestState
from ducha.progress.files import check_upload
from ducha.progress.models import Notification, ProgressReport
from ducha.review.models import Rating
from tests.factories import make_unit, status
from tests.progress.personas import World, build_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world() -> World:
    return build_world()


def submit(
    world: World, *, value: int = 293, narrative: str = "已到位资金293亿元。", **kw: Any
) -> ProgressReport:
    return services.save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative=narrative,
        values={world.target.pk: decimal.Decimal(value)},
        submit=True,
        **kw,
    )


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_submit_stores_values_files_and_audits(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = check_upload(SimpleUploadedFile("进展.pdf", PDF, content_type="application/pdf"))
    report = submit(world, files=[upload])
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_at is not None
    assert report.evidence.get().kind == "pdf"
    assert (tmp_path / report.evidence.get().file.name).read_bytes() == PDF
    event = last_event("report.submitted")
    assert event.actor == world.reporter_a
    assert event.before is None
    assert event.after["values"] == {str(world.target.pk): "293.00"}
    assert event.after["evidence"] == ["进展.pdf"]


def test_return_notifies_and_mails_the_unit(
    world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_report(
            report, reason="请补充佐证材料", actor=world.inspector, expected_version=report.version
        )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert report.return_reason == "请补充佐证材料"
    event = last_event("report.returned")
    assert event.before["state"] == "submitted"
    assert event.after["state"] == "returned"
    assert mailoutbox == []  # queued with the return, sent by the outbox's sender
    send_outbox()
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    assert "请补充佐证材料" in mailoutbox[0].body
    assert Notification.objects.get(user=world.reporter_a).text.startswith("您单位报送的")


def test_resubmit_then_accept(world: World) -> None:
    report = submit(world)
    services.return_report(report, reason="数据有误", actor=world.inspector)
    report = submit(world, value=300, expected_version=report.version + 1)
    assert report.state == ReportState.SUBMITTED
    assert report.return_reason == ""
    services.accept_report(report, actor=world.inspector, expected_version=report.version)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert last_event("report.accepted").after["state"] == "accepted"
    with pytest.raises(ValidationError):
        submit(world)  # accepted reports are final


def test_a_stale_page_cannot_overwrite(world: World) -> None:
    report = submit(world)
    services.accept_report(report, actor=world.inspector, expected_version=report.version)
    with pytest.raises(services.Conflict):
        services.return_report(
            report, reason="晚了", actor=world.inspector, expected_version=report.version
        )
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_reporter_cannot_review_and_other_unit_cannot_report(world: World) -> None:
    report = submit(world)
    with pytest.raises(PermissionDenied):
        services.accept_report(report, actor=world.reporter_a)
    with pytest.raises(PermissionDenied):
        services.save_report(
            world.item,
            world.round,
            unit=world.unit_a,
            actor=world.reporter_b,
            narrative="x",
            values={},
        )
    with pytest.raises(PermissionDenied):
        services.rate_item(
            world.round, world.item, status=status("on_track"), actor=world.reporter_a
        )


def test_return_needs_a_reason(world: World) -> None:
    report = submit(world)
    with pytest.raises(ValidationError):
        services.return_report(report, reason="  ", actor=world.inspector)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_submit_marks_behind_schedule(world: World) -> None:
    assert not submit(world, value=293).behind_schedule  # 52% against 50%
    world.item.refresh_from_db()
    report = ProgressReport.objects.get()
    services.return_report(report, reason="核实", actor=world.inspector)
    assert submit(world, value=100).behind_schedule  # 18% against 50%


def test_rating_confirms_or_overrides_the_suggestion(world: World) -> None:
    report = submit(world)
    services.accept_report(report, actor=world.inspector)
    with pytest.raises(ValidationError):
        services.rate_item(world.round, world.item, status=status("serious"), actor=world.inspector)
    assert not Rating.objects.exists()
    rating = services.rate_item(
        world.round, world.item, status=status("on_track"), actor=world.inspector
    )
    confirmed = last_event("rating.suggestion_confirmed")
    assert confirmed.before["suggested"] == "on_track"
    assert "占年度目标560亿元的52%" in confirmed.before["reason"]
    services.rate_item(
        world.round,
        world.item,
        status=status("needs_effort"),
        note="项目开工率偏低",
        actor=world.inspector,
        expected_updated_at=rating.updated_at,
    )
    overridden = last_event("rating.suggestion_overridden")
    assert overridden.after == {"status": "needs_effort", "note": "项目开工率偏低"}
    assert last_event("rating.changed").before["status_id"] == status("on_track").pk


def test_extension_approved_moves_the_deadline(
    world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.item.deadline = datetime.date(2017, 6, 30)
    world.item.save()
    request = services.request_extension(
        world.item,
        unit=world.unit_a,
        requested_deadline=datetime.date(2017, 9, 30),
        reason="征地手续未完成",
        actor=world.reporter_a,
    )
    with pytest.raises(ValidationError):
        services.request_extension(
            world.item,
            unit=world.unit_a,
            requested_deadline=datetime.date(2017, 10, 1),
            reason="再次",
            actor=world.reporter_a,
        )
    with pytest.raises(PermissionDenied):
        services.decide_request(request, approve=True, reason="同意", actor=world.reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_request(request, approve=True, reason="同意延期", actor=world.head)
    world.item.refresh_from_db()
    assert world.item.deadline == datetime.date(2017, 9, 30)
    assert last_event("workitem.deadline_extended").before["deadline"] == "2017-06-30"
    assert last_event("extension.decided").after["state"] == RequestState.APPROVED
    send_outbox()
    assert "已批准" in mailoutbox[0].subject


def test_close_out_by_lead_unit_only(world: World) -> None:
    co_unit = make_unit()
    world.item.co_units.add(co_unit)
    from tests.factories import make_reporter

    with pytest.raises(PermissionDenied):
        services.request_close_out(
            world.item, unit=co_unit, summary="完成", actor=make_reporter(co_unit)
        )
    request = services.request_close_out(
        world.item, unit=world.unit_a, summary="项目全部开工", actor=world.reporter_a
    )
    with pytest.raises(PermissionDenied):
        services.decide_request(request, approve=True, reason="核实无误", actor=world.inspector)
    services.decide_request(request, approve=True, reason="核实无误", actor=world.head)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    assert last_event("close_out.decided").before["state"] == "pending"


def test_combined_statement_written_once_with_versions(world: World) -> None:
    first = services.write_combined_statement(
        world.item, world.round, text="各单位协同推进。", actor=world.inspector, expected_version=0
    )
    with pytest.raises(services.Conflict):
        services.write_combined_statement(
            world.item, world.round, text="并发写入", actor=world.head, expected_version=0
        )
    second = services.write_combined_statement(
        world.item, world.round, text="修改后。", actor=world.head, expected_version=first.version
    )
    assert second.pk == first.pk and second.text == "修改后。"
    assert last_event("combined_statement.changed").before["text"] == "各单位协同推进。"


def test_assign_and_acknowledge(world: World) -> None:
    assignment = services.assign_item(world.item, unit=world.unit_a, actor=world.inspector)
    with pytest.raises(ValidationError):
        services.assign_item(world.item, unit=world.unit_b, actor=world.inspector)
    with pytest.raises(PermissionDenied):
        services.acknowledge_assignment(assignment, actor=world.reporter_b)
    services.acknowledge_assignment(assignment, actor=world.reporter_a)
    assignment.refresh_from_db()
    assert assignment.acknowledged_by == world.reporter_a
    assert last_event("assignment.acknowledged").before["acknowledged_at"] is None


@pytest.mark.skipif(
    os.environ.get("DUCHA_DATABASE_URL", "sqlite").startswith("sqlite"),
    reason="needs a server database for two writers at once",
)
@pytest.mark.django_db(transaction=True)
def test_return_and_accept_at_once_one_wins() -> None:
    import threading

    from django.db import connection

    world = build_world()
    report = submit(world)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(call: Any) -> None:
        barrier.wait()
        try:
            call()
            outcomes.append("ok")
        except services.Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    calls = [
        lambda: services.accept_report(
            report, actor=world.inspector, expected_version=report.version
        ),
        lambda: services.return_report(
            report, reason="退回", actor=world.head, expected_version=report.version
        ),
    ]
    threads = [threading.Thread(target=act, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    report.refresh_from_db()
    assert report.version == 2  # one change on top of the submitted version
    assert AuditEvent.objects.filter(action__in=["report.accepted", "report.returned"]).count() == 1
