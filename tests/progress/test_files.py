"""Evidence files are judged by their content, size and name together."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ducha.progress.files import check_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def office_file(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("图.png", PNG, "png"),
        ("照片.JPEG", JPG, "jpg"),
        ("汇报.docx", office_file("word"), "docx"),
        ("台账.xlsx", office_file("xl"), "xlsx"),
    ],
)
def test_accepted_types(name: str, data: bytes, kind: str) -> None:
    assert check_upload(SimpleUploadedFile(name, data)).kind == kind


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.pdf", b"MZ\x90\x00 not a pdf", "不是"),
        ("改名.pdf", PNG, "实际是"),
        ("假表.xlsx", office_file("word"), "实际是"),
        ("空.pdf", b"", "空"),
        ("压缩.zip", b"PK\x03\x04garbage", "不是"),
    ],
)
def test_refused_with_a_chinese_reason(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, data))
    assert message in error.value.messages[0]


def test_size_limit(settings: Any) -> None:
    settings.EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("大.png", PNG))
    assert "最大" in error.value.messages[0]
