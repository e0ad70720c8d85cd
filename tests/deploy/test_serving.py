"""What production serving adds: the health check, request ids, logged errors, Chinese error
pages, hashed static files from WhiteNoise, evidence handed to nginx."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path

from ducha.progress import services
from ducha.progress.files import check_upload
from ducha.urls import urlpatterns as site_urls
from tests.progress.personas import World, build_world

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def boom(request: Any) -> Any:
    raise ZeroDivisionError("a bug in a view")


# A URLconf for the 500 tests: the site plus a view that fails.
urlpatterns = [path("boom/", boom), *site_urls]


def run_python(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    base |= {"DJANGO_SETTINGS_MODULE": "ducha.settings", "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-c", script], env=base, capture_output=True, text=True, check=False
    )


@pytest.mark.django_db
def test_healthz_answers_ok_with_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_and_logs_when_the_database_is_gone(tmp_path: Path) -> None:
    script = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    done = run_python(
        script,
        DUCHA_DATABASE_URL="sqlite:////nonexistent-folder/ducha.sqlite3",
        DUCHA_ALLOWED_HOSTS="testserver",
    )
    assert done.stdout.startswith("503"), done.stdout + done.stderr
    assert '"database": "unavailable"' in done.stdout
    assert "health check: the database does not answer" in done.stderr


def test_a_500_is_logged_with_its_traceback_and_request_id(tmp_path: Path) -> None:
    script = (
        "import django; django.setup();"
        "from django.test import Client, override_settings;"
        "c = Client(raise_request_exception=False);"
        "plain = {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},"
        " 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}};"
        "r = override_settings(ROOT_URLCONF='tests.deploy.test_serving', STORAGES=plain)("
        "lambda: c.get("
        "'/boom/', HTTP_X_REQUEST_ID='req-4711'))();"
        "print(r.status_code, r['X-Request-ID']); print(r.content.decode())"
    )
    done = run_python(
        script,
        DUCHA_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DUCHA_ALLOWED_HOSTS="testserver",
        DUCHA_BEHIND_PROXY="1",
    )
    assert done.stdout.startswith("500 req-4711"), done.stdout + done.stderr
    assert "服务器错误" in done.stdout and "返回首页" in done.stdout
    assert re.search(
        r"ERROR \[req-4711\] django.request: Internal Server Error: /boom/", done.stderr
    )
    assert "Traceback" in done.stderr and "ZeroDivisionError: a bug in a view" in done.stderr


@pytest.mark.django_db
def test_a_404_is_logged_with_its_request_id(client: Client, caplog: Any) -> None:
    from ducha.core.request import RequestIdFilter

    with caplog.at_level("WARNING", logger="django.request"):
        caplog.handler.addFilter(RequestIdFilter())
        response = client.get("/no-such-page/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == response["X-Request-ID"]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_requests_get_an_id_and_only_a_trusted_proxy_may_give_it(
    client: Client, settings: Any
) -> None:
    made = client.get("/healthz", HTTP_X_REQUEST_ID="from-the-client")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    settings.BEHIND_PROXY = True
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc123")["X-Request-ID"] == "abc123"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\ny")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


@pytest.mark.django_db
def test_a_missing_page_is_chinese_with_the_header_and_a_way_back(client: Client) -> None:
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 id="error-title">页面不存在</h1>' in html
    assert '<header class="office">' in html and "督查室工作平台" in html
    assert '<a href="/">返回首页</a>' in html and "登录" in html


@pytest.mark.django_db
def test_a_forbidden_page_is_chinese_and_leads_back_to_the_users_work(client: Client) -> None:
    world = build_world()
    client.force_login(world.reporter_a)
    response = client.get("/office/audit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html and "返回收件箱" in html and "返回工作台" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.deploy.test_serving")
def test_a_server_error_is_chinese(settings: Any) -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_form_is_explained_in_chinese() -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()


def test_static_files_are_hashed_compressed_and_cached_for_a_year(tmp_path: Path) -> None:
    env = {
        "DUCHA_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DUCHA_STATIC_ROOT": str(tmp_path / "static"),
        "DUCHA_ALLOWED_HOSTS": "testserver",
    }
    script = (
        "import re, django; django.setup(); from django.core.management import call_command;"
        "call_command('migrate', verbosity=0); call_command('collectstatic', verbosity=0,"
        " interactive=False); from django.test import Client; c = Client();"
        "html = c.get('/').content.decode();"
        "css = re.search(r'/static/portal/portal\\.[0-9a-f]{12}\\.css', html).group();"
        "r = c.get(css, HTTP_ACCEPT_ENCODING='gzip');"
        "print(css, r.status_code, r['Cache-Control'], r.get('Content-Encoding'));"
        "print(c.get('/favicon.ico').status_code)"
    )
    done = run_python(script, **env)
    first, second = done.stdout.splitlines()[:2]
    assert first.endswith("200 max-age=315360000, public, immutable gzip"), done.stderr
    assert second == "200"
    assert (tmp_path / "static" / "staticfiles.json").exists()


@pytest.mark.django_db
def test_behind_nginx_evidence_is_handed_over_after_the_check(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ACCEL_REDIRECT = "/protected-evidence/"
    world: World = build_world()
    upload = SimpleUploadedFile("进展 材料.pdf", PDF)
    report = services.save_report(
        world.item,
        world.round,
        unit=world.unit_a,
        actor=world.reporter_a,
        narrative="进展",
        values={},
        files=[check_upload(upload)],
        submit=True,
    )
    evidence = report.evidence.get()
    owner, stranger = Client(), Client()
    owner.force_login(world.reporter_a)
    stranger.force_login(world.reporter_b)

    response = owner.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"].startswith("/protected-evidence/")
    assert response["X-Accel-Redirect"].endswith(".pdf") and " " not in response["X-Accel-Redirect"]
    assert (settings.MEDIA_ROOT / evidence.file.name).read_bytes() == PDF
    assert "attachment" in response["Content-Disposition"]
    assert stranger.get(f"/evidence/{evidence.pk}/").status_code == 404


@pytest.mark.django_db
def test_behind_a_tls_proxy_logins_are_accepted(settings: Any) -> None:
    from tests.factories import PASSWORD, make_inspector

    user = make_inspector()
    settings.ALLOWED_HOSTS = ["ducha.example.gov.cn"]
    proxied = {"HTTP_HOST": "ducha.example.gov.cn", "HTTP_X_FORWARDED_PROTO": "https"}

    def log_in(origin: str) -> int:
        client = Client(enforce_csrf_checks=True)
        client.get("/accounts/login/", **proxied)
        form = {"username": user.username, "password": PASSWORD}
        form["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
        return client.post("/accounts/login/", form, HTTP_ORIGIN=origin, **proxied).status_code

    # Without trusting the proxy's scheme header the https origin looks foreign: refused.
    settings.SECURE_PROXY_SSL_HEADER = None
    assert log_in("https://ducha.example.gov.cn") == 403
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert log_in("https://ducha.example.gov.cn") == 302
    # Another origin (e.g. the address users type when nginx rewrites the host) must be listed.
    assert log_in("https://ducha.city.gov.cn") == 403
    settings.CSRF_TRUSTED_ORIGINS = ["https://ducha.city.gov.cn"]
    assert log_in("https://ducha.city.gov.cn") == 302
