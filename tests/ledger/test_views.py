"""The office's import pages: upload, preview, confirm; only the office may use them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ducha.ledger.models import ImportState, LedgerImport, WorkItem
from tests.factories import make_inspector, make_reporter, make_unit
from tests.ledger.sheets import OFFICE_HEADER, Registered, office_ledger, xlsx


@pytest.fixture(autouse=True)
def inline_jobs(settings: Any) -> None:
    # The check and the import run inline in tests; the browser test runs them in threads.
    settings.DUCHA_IMPORT_THREADS = False


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def upload(client: Client, data: bytes, name: str = "台账.xlsx", capture: Any = None) -> Any:
    with capture(execute=True):
        return client.post(
            "/office/ledger/import/",
            {"file": SimpleUploadedFile(name, data), "year": 2017},
        )


def test_inspector_previews_then_confirms_and_gets_the_items(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, make_inspector())
    response = upload(client, office_ledger(), capture=django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    assert response["Location"] == job.get_absolute_url()
    preview = client.get(job.get_absolute_url()).content.decode()
    assert LedgerImport.objects.get().state == ImportState.CHECKED
    assert "工作表「台账」：4行；将新建4项，更新0项，未变0项。" in preview
    assert "拆迁安置" in preview and "2017年12月31日" in preview
    assert not WorkItem.objects.exists()  # nothing before confirmation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/ledger/import/{job.token}/confirm/")
    assert WorkItem.objects.count() == 4
    done = client.get(job.get_absolute_url()).content.decode()
    assert LedgerImport.objects.get().state == ImportState.DONE
    assert "已导入：新建4项，更新0项，未变0项；新建单位0个，新建领导0名。" in done
    assert bytes(LedgerImport.objects.get().data) == b""  # the file is not kept once imported


def test_errors_are_shown_by_row_and_column_and_there_is_no_import_button(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, make_inspector())
    rows = [OFFICE_HEADER, [1, "修路", "石迎军", "市住建局", None, "尽快", "政府工作报告"]]
    upload(client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "F列「完成时限」" in page and "尽快" in page
    assert 'id="confirm"' not in page
    # Confirming anyway (a forged POST) writes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/ledger/import/{job.token}/confirm/")
    assert not WorkItem.objects.exists()
    assert LedgerImport.objects.get().state == ImportState.FAILED


def test_unknown_units_need_the_confirmation_box(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, make_inspector())
    rows = [OFFICE_HEADER, [1, "修路", "张三", "市新设局", None, "6月底", "政府工作报告"]]
    upload(client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "市新设局" in page and "张三" in page and 'name="create_missing"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/ledger/import/{job.token}/confirm/")
    assert not WorkItem.objects.exists()
    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert "单位「市新设局」不在单位名录中" in client.get(job.get_absolute_url()).content.decode()


def test_confirming_twice_imports_once(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, make_inspector())
    upload(client, office_ledger(), capture=django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/office/ledger/import/{job.token}/confirm/")
    assert WorkItem.objects.count() == 4


def test_a_hostile_file_is_answered_with_a_clear_message(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, make_inspector())
    upload(client, b"PK\x03\x04 not really", capture=django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    assert job.state == ImportState.FAILED
    assert "不是 Excel 表格" in client.get(job.get_absolute_url()).content.decode()


def test_script_cells_are_escaped_in_the_preview(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, make_inspector())
    rows = [
        OFFICE_HEADER,
        [1, "<script>alert(1)</script>", "石迎军", "市住建局", None, "6月底", "政府工作报告"],
    ]
    upload(client, xlsx(rows), capture=django_capture_on_commit_callbacks)
    page = client.get(LedgerImport.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_units_reporters_may_not_import_export_or_see_imports(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    inspector = make_inspector()
    login(client, inspector)
    upload(client, office_ledger(), capture=django_capture_on_commit_callbacks)
    job = LedgerImport.objects.get()
    client.logout()
    login(client, make_reporter(make_unit()))
    for url in (
        "/office/ledger/import/",
        job.get_absolute_url(),
        "/office/ledger/template.xlsx",
        "/office/ledger/export.csv",
    ):
        assert client.get(url).status_code == 403
    assert client.post(f"/office/ledger/import/{job.token}/confirm/").status_code == 403
    assert not WorkItem.objects.exists()
    client.logout()
    anonymous = client.get("/office/ledger/export.csv")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_inspector_downloads_template_and_exports(client: Client, registered: Registered) -> None:
    login(client, make_inspector())
    template = client.get("/office/ledger/template.xlsx")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(template.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]
    csv = b"".join(client.get("/office/ledger/export.csv").streaming_content)  # type: ignore[attr-defined]
    assert csv.decode("utf-8").startswith("\ufeff事项编号,事项名称")
    page = client.get("/office/ledger/import/").content.decode()
    assert 'href="/office/ledger/template.xlsx"' in page


def test_a_ratings_sheet_uploaded_for_a_round_sets_the_ratings(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    from ducha.review.models import Rating
    from tests.factories import make_round

    round = make_round("2017-H1")
    login(client, make_inspector())
    rows = [
        [*OFFICE_HEADER, "状态", "督查意见"],
        [1, "修路", "石迎军", "市住建局", None, "6月底", "政府工作报告", "需要加大力度", "进度慢"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/office/ledger/import/",
            {"file": SimpleUploadedFile("评定.xlsx", xlsx(rows)), "year": 2017, "round": round.pk},
        )
    job = LedgerImport.objects.get()
    assert "将设定轮次2017-H1评定1项。" in client.get(job.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/ledger/import/{job.token}/confirm/")
    rating = Rating.objects.get(round=round)
    assert (rating.item.title, rating.status.label, rating.note) == (
        "修路",
        "需要加大力度",
        "进度慢",
    )


def _dead_pid() -> int:
    import subprocess

    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_whose_process_died_is_failed_with_a_message_and_can_be_restarted(
    client: Client, registered: Registered, django_capture_on_commit_callbacks: Any
) -> None:
    import socket

    from ducha.core.models import AuditEvent

    inspector = make_inspector()
    login(client, inspector)
    job = LedgerImport.objects.create(
        created_by=inspector,
        filename="台账.xlsx",
        data=office_ledger(),
        year=2017,
        state=ImportState.IMPORTING,
        worker=f"{socket.gethostname()}:{_dead_pid()}",
    )
    page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    # It stayed 校验中 for ever, its page refreshing.
    assert job.state == ImportState.FAILED
    assert 'http-equiv="refresh"' not in page
    assert "导入中断" in page and "未写入任何数据" in page
    assert 'id="restart"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/office/ledger/import/{job.token}/restart/")
    job.refresh_from_db()
    assert job.state == ImportState.CHECKED
    assert job.report["counts"]["create"] == 4
    assert AuditEvent.objects.filter(action="ledgerimport.restarted", actor=inspector).exists()


def test_a_job_without_progress_for_half_an_hour_is_failed(
    client: Client, registered: Registered
) -> None:
    import datetime

    from django.utils import timezone

    inspector = make_inspector()
    login(client, inspector)
    long_ago = timezone.now() - datetime.timedelta(minutes=31)
    job = LedgerImport.objects.create(
        created_by=inspector, filename="a.xlsx", data=b"x", year=2017,
        state=ImportState.CHECKING, worker="another-host:1", heartbeat_at=long_ago,
    )  # fmt: skip
    fresh = LedgerImport.objects.create(
        created_by=inspector, filename="b.xlsx", data=b"x", year=2017,
        state=ImportState.CHECKING, worker="another-host:1", heartbeat_at=timezone.now(),
    )  # fmt: skip
    client.get(job.get_absolute_url())
    client.get(fresh.get_absolute_url())
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.state, fresh.state) == (ImportState.FAILED, ImportState.CHECKING)
