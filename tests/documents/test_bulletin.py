"""The published bulletin registered with its 期号 and 主送: its DOCX and PDF gain the 版头,
the portal article stays as it is."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from docx import Document as read_docx

from ducha.bulletins.models import Bulletin
from ducha.demo.loader import load_demo
from ducha.documents import render, services
from ducha.documents.models import DocumentSeries
from tests.bulletins.test_pdf import ARTEFACTS, MM, words

pytestmark = pytest.mark.django_db
MAIN_TO = "各县（市、区）人民政府，市人民政府各部门"


def test_registered_bulletin_has_masthead_issue_number_and_main_to(tmp_path: Path) -> None:
    load_demo()
    from django.contrib.auth import get_user_model

    inspector = get_user_model().objects.get(username="inspector")
    DocumentSeries.objects.create(
        kind="bulletin", pattern="{year}年第{n}期", issuer="许昌市人民政府督查室"
    )
    bulletin = Bulletin.objects.get(round__code="2017-H1", state="published")
    document = services.register_bulletin(bulletin, main_to=MAIN_TO + "：", actor=inspector)
    assert document.number.endswith("年第1期") and document.main_to == MAIN_TO
    with pytest.raises(ValidationError):
        services.register_bulletin(bulletin, main_to=MAIN_TO, actor=inspector)

    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(render.render(document, "pdf"))
    found = words(pdf)
    number = [w for w in found if w[0] == 1 and w[5] == document.number]
    assert number and (number[0][1] + number[0][3]) / 2 == pytest.approx((28 + 78) * MM, abs=3 * MM)
    main_to = [w for w in found if w[0] == 1 and w[5].startswith("各县")]
    assert main_to and main_to[0][1] == pytest.approx(28 * MM, abs=1 * MM)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         ARTEFACTS / "document-bulletin-page1"],
        check=True,
    )  # fmt: skip

    docx = read_docx(io.BytesIO(render.render(document, "docx")))
    texts = [p.text for p in docx.paragraphs]
    assert "许昌市人民政府督查室" in texts and document.number in texts
    assert f"{MAIN_TO}：" in texts

    # The portal article is unchanged: no 版头, no 期号.
    article = Client().get("/bulletins/2017-H1/").content.decode()
    assert document.number not in article and "许昌市人民政府督查室" not in article
