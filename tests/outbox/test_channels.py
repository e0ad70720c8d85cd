"""SMS, 企业微信 and 钉钉 sent to a real HTTP server on 127.0.0.1 that checks the payloads."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from ducha.documents import services
from ducha.outbox.models import DeliveryAttempt, OutboxMessage, UnitChannels, UserChannels
from ducha.outbox.sender import send_outbox
from tests.progress.personas import World, build_world

SECRET = "SEC-测试secret"


class Gateway(BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, Any]]] = []
    fail = False

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, json.loads(body.decode("utf-8"))))
        if Gateway.fail:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"down")
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode": 0, "errmsg": "ok", "code": 0}')

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    Gateway.received, Gateway.fail = [], False
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def world(db: None, gateway: str, settings: Any) -> World:
    settings.SMS_URL = f"{gateway}/sms"
    settings.SITE_URL = "https://ducha.example.gov.cn"
    world = build_world()
    UserChannels.objects.create(user=world.reporter_a, mobile="13900000000", by_sms=True)
    UnitChannels.objects.create(
        unit=world.unit_a,
        wecom_webhook=f"{gateway}/cgi-bin/webhook/send?key=K1",
        dingtalk_webhook=f"{gateway}/robot/send?access_token=T1",
        dingtalk_secret=SECRET,
    )
    return world


def test_sms_wecom_and_dingtalk_payloads(world: World) -> None:
    services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector)
    outcome = send_outbox()
    assert outcome.sent == 4  # mail, SMS, WeCom, DingTalk
    paths = {path.split("?")[0]: (path, body) for path, body in Gateway.received}
    link = f"https://ducha.example.gov.cn/items/{world.item.pk}/"
    sms = paths["/sms"][1]
    assert sms["mobile"] == "13900000000" and sms["content"].endswith(link)
    assert "督查通知单" in sms["content"] and len(sms["content"]) <= 140
    wecom = paths["/cgi-bin/webhook/send"]
    assert wecom[0].endswith("key=K1") and wecom[1]["msgtype"] == "text"
    assert wecom[1]["text"]["content"].endswith(link)
    path, body = paths["/robot/send"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected] and query["access_token"] == ["T1"]
    assert body["text"]["content"] == wecom[1]["text"]["content"]


def test_a_gateway_that_fails_is_retried_and_each_attempt_recorded(world: World) -> None:
    Gateway.fail = True
    services.assign_with_notice(world.item, unit=world.unit_a, actor=world.inspector)
    send_outbox()
    sms = OutboxMessage.objects.get(channel="sms")
    assert sms.state == "pending" and "HTTP 500" in sms.last_error
    assert DeliveryAttempt.objects.filter(message=sms, ok=False).count() == 1
    Gateway.fail = False
    send_outbox(now=sms.next_attempt_at)
    sms.refresh_from_db()
    assert sms.state == "sent"
    assert list(DeliveryAttempt.objects.filter(message=sms).values_list("ok", flat=True)) == [
        True,
        False,
    ]
