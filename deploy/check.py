"""Try the production deployment on this machine, as a new IT person would, and check it.

    .venv/bin/python deploy/check.py [--database-url URL] [--https-port 8443] [--http-port 8180]

With the files in deploy/ as they are shipped: the environment file's production values,
gunicorn started by `ducha serve`, nginx (Debian's package) with the site file and a
self-signed certificate made here by openssl, DUCHA_DEBUG=0. Then, in Chromium through
HTTPS: the portal with its static files, plain HTTP redirected, a Chinese 404 page, a unit
reporter's login and a report with an evidence file (downloaded back through nginx's
protected location), and no Content-Security-Policy report on any page. It also runs
`ducha check --deploy` with the production values. It exits 1 at the first failure.

Everything runs on 127.0.0.1 in a temporary folder; the database is a new SQLite file, or
the (empty, spare) database --database-url names.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DUCHA = Path(sys.executable).with_name("ducha")
HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = ROOT / "var" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ITEM = "加快重点项目建设"


class Failed(Exception):
    pass


def step(message: str) -> None:
    print(f"deploy check: {message}", flush=True)


def expect(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


def production_env(folder: Path, args: argparse.Namespace) -> dict[str, str]:
    """deploy/ducha.env as shipped, with this machine's host, ports and folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUCHA_")}
    for line in (DEPLOY / "ducha.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    origin = f"https://{HOST}:{args.https_port}"
    env |= {
        "DUCHA_ALLOWED_HOSTS": HOST,
        "DUCHA_CSRF_TRUSTED_ORIGINS": origin,
        "DUCHA_DATABASE_URL": args.database_url or f"sqlite:///{folder / 'ducha.sqlite3'}",
        "DUCHA_SECRET_KEY_FILE": str(folder / "secret_key"),
        "DUCHA_MEDIA_ROOT": str(folder / "media"),
        "DUCHA_STATIC_ROOT": str(folder / "static"),
        "DUCHA_BIND": f"{HOST}:{args.app_port}",
        "DUCHA_WORKERS": "2",
        "DUCHA_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
    }
    expect(env["DUCHA_DEBUG"] == "false", "deploy/ducha.env must keep DUCHA_DEBUG=false")
    return env


def ducha(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(DUCHA), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise Failed(f"ducha {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout + done.stderr


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "ducha.crt", folder / "ducha.key"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    command += ["-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}"]
    command += ["-keyout", str(key), "-out", str(cert)]
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


def nginx_site(folder: Path, args: argparse.Namespace, cert: Path, key: Path) -> str:
    """deploy/nginx/ducha.conf as shipped, with this machine's ports, names and folders."""
    site = (DEPLOY / "nginx" / "ducha.conf").read_text(encoding="utf-8")
    replacements = {
        "listen 80;": f"listen {HOST}:{args.http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen {HOST}:{args.https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "server_name ducha.example.gov.cn;": f"server_name {HOST};",
        "/etc/ssl/ducha/ducha.crt": str(cert),
        "/etc/ssl/ducha/ducha.key": str(key),
        "/var/log/nginx/": f"{folder}/",
        "http://127.0.0.1:8000": f"http://{HOST}:{args.app_port}",
        "alias /var/lib/ducha/media/;": f"alias {folder / 'media'}/;",
        "https://$host$request_uri": f"https://$host:{args.https_port}$request_uri",
    }
    for old, new in replacements.items():
        expect(old in site, f"deploy/nginx/ducha.conf no longer has {old!r}")
        site = site.replace(old, new)
    return site


def nginx_conf(folder: Path, site: Path) -> Path:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the temporary folder
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\npid {folder}/nginx.pid;\nerror_log stderr;\n"
        "events { worker_connections 256; }\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n"
        f"  scgi_temp_path {folder}/scgi;\n  include {site};\n}}\n",
        encoding="utf-8",
    )
    return conf


@contextmanager
def running(argv: list[str], env: dict[str, str], log: Path, ready: str) -> Iterator[None]:
    """A server we start, waited for on the URL `ready`, stopped (by its pid) at the end."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):  # `ducha serve` first collects the static files
            if process.poll() is not None:
                raise Failed(f"{argv[0]} stopped:\n{log.read_text(errors='replace')}")
            try:
                urllib.request.urlopen(ready, timeout=2, context=_insecure())
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.2)
        else:
            raise Failed(f"{argv[0]} does not answer at {ready}")
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _insecure() -> Any:
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=_insecure())
    )
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def check_http(base: str, args: argparse.Namespace) -> None:
    status, headers, _ = fetch(f"http://{HOST}:{args.http_port}/bulletins/2017-H1/")
    expect(status == 301, f"plain HTTP answers {status}, not a redirect")
    expect(headers["Location"] == f"{base}/bulletins/2017-H1/", headers["Location"])
    status, headers, body = fetch(f"{base}/healthz")
    expect(status == 200 and b'"database": "ok"' in body, f"/healthz: {status} {body[:80]!r}")
    expect(re.fullmatch(r"[0-9a-f]{32}", headers.get("X-Request-ID", "")), "no request id")
    status, headers, _ = fetch(f"{base}/")
    expect("max-age=31536000" in headers.get("Strict-Transport-Security", ""), "no HSTS")
    expect("script-src 'self'" in headers.get("Content-Security-Policy", ""), "no CSP")
    status, _, _ = fetch(f"{base}/protected-evidence/")
    expect(status == 404, f"the internal evidence location answers {status} from outside")
    step("HTTP redirects to HTTPS; /healthz, HSTS, CSP and request ids are there")


def browse(base: str, media: Path) -> None:
    from playwright.sync_api import expect as see
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                problems.append(f"{page.url}: {m.text} {m.location.get('url', '')}")
                if m.type == "error"
                else None
            ),
        )
        page.on(
            "response",
            lambda r: problems.append(f"{r.url}: {r.status}") if r.status >= 400 else None,
        )

        page.goto(f"{base}/")
        colour = page.evaluate("getComputedStyle(document.querySelector('header.site')).display")
        expect(colour != "inline", "the portal's stylesheet did not load")
        page.locator(".column-list a").first.click()
        see(page.locator("article h1")).to_contain_text("重大工作事项落实情况")
        page.screenshot(path=str(SHOTS / "deploy-article.png"), full_page=True)
        step("the portal and its article load with their static files over HTTPS")

        page.goto(f"{base}/accounts/login/")
        page.get_by_label("用户名").fill("fgw")
        page.get_by_label("密码").fill("fgw-2017")
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        cookies = {c["name"]: c for c in context.cookies()}
        expect(cookies["sessionid"]["secure"] and cookies["csrftoken"]["secure"], "cookies")
        page.goto(f"{base}/inbox/")
        page.locator("#due").get_by_role("link", name=ITEM).click()
        page.get_by_role("button", name="签收").click()
        page.get_by_label("工作进展").fill("1-6月全市重点项目到位资金293亿元。")
        page.get_by_label("到位资金").fill("293")
        evidence = media.parent / "一季度重点项目进展.pdf"
        evidence.write_bytes(PDF)
        page.get_by_label("佐证材料").set_input_files(str(evidence))
        page.get_by_role("button", name="报送督查室").click()
        see(page.locator(".messages")).to_contain_text("已报送")
        page.screenshot(path=str(SHOTS / "deploy-report-sent.png"), full_page=True)
        step("a unit reporter logged in and sent a report with a file through HTTPS")

        with page.expect_download() as download:
            page.get_by_role("link", name="一季度重点项目进展.pdf").click()
        saved = download.value.path()
        expect(saved is not None and Path(saved).read_bytes() == PDF, "evidence download")
        expect(download.value.suggested_filename == "一季度重点项目进展.pdf", "file name")
        step("the evidence file came back through nginx's protected location")

        page.goto(f"{base}/no-such-page/")
        see(page.locator("h1")).to_contain_text("页面不存在")
        see(page.locator("header")).to_contain_text("督查")
        page.screenshot(path=str(SHOTS / "deploy-404.png"))
        problems[:] = [p for p in problems if "/no-such-page/" not in p]
        page.goto(f"{base}/api/docs/")
        see(page.locator(".swagger-ui")).to_be_visible()
        page.wait_for_timeout(1000)
        step("the Chinese 404 page and the API docs page work")
        browser.close()
    expect(not problems, "browser errors (CSP reports included):\n" + "\n".join(problems))
    step("no console error and no failed request on any page (CSP passes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="a spare, empty database")
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--http-port", type=int, default=8180)
    parser.add_argument("--app-port", type=int, default=8121)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    for tool in ("nginx", "openssl"):
        path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
        expect(path, f"{tool} is not installed: run `make system-packages`")
    folder = Path(tempfile.mkdtemp(prefix="ducha-deploy-"))
    try:
        run(folder, args)
    except Failed as failure:
        print(f"deploy check FAILED: {failure}\n(logs in {folder})", file=sys.stderr)
        sys.exit(1)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    step("passed")


def run(folder: Path, args: argparse.Namespace) -> None:
    env = production_env(folder, args)
    (folder / "secret_key").write_text(os.urandom(32).hex(), encoding="utf-8")
    ducha(env, "migrate", "--no-input", "-v", "0")
    ducha(env, "demo")
    report = ducha(env, "check", "--deploy", "--fail-level", "WARNING")
    expect("no issues" in report, f"check --deploy reports:\n{report}")
    step("`ducha check --deploy` with the production values: no issues")
    cert, key = make_certificate(folder)
    site = folder / "ducha-site.conf"
    site.write_text(nginx_site(folder, args, cert, key), encoding="utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = nginx_conf(folder, site)
    subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(folder)], check=True, capture_output=True
    )
    base = f"https://{HOST}:{args.https_port}"
    app = running(
        [str(DUCHA), "serve"],
        env,
        folder / "gunicorn.log",
        f"http://{HOST}:{args.app_port}/healthz",
    )
    proxy = running(
        [nginx, "-c", str(conf), "-p", str(folder)], env, folder / "nginx.log", f"{base}/healthz"
    )
    with app, proxy:
        check_http(base, args)
        browse(base, folder / "media")
    log = (folder / "gunicorn.log").read_text(errors="replace")
    expect("Traceback" not in log, f"the application logged an error:\n{log[-3000:]}")


if __name__ == "__main__":
    main()
