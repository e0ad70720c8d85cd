"""Each kind of document as PDF and DOCX per GB/T 9704: measured on the PDF's word boxes and
on the DOCX read back; page 1 of each is kept as a PNG under var/test-artefacts/."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from docx import Document as read_docx
from docx.oxml.ns import qn
from PIL import Image

from ducha.documents import render, services, wording
from ducha.documents.models import Document, DocumentSeries
from ducha.documents.services import Issue
from tests.bulletins.test_pdf import ARTEFACTS, MM, words
from tests.progress.personas import DUE, World, build_world

pytestmark = pytest.mark.django_db

KINDS = ["notice", "urge", "order-yellow", "order-red"]


@pytest.fixture(scope="module")
def documents(django_db_setup: None, django_db_blocker: Any) -> dict[str, Document]:
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        DocumentSeries.objects.create(
            kind="order",
            pattern="许督〔{year}〕{n}号",
            issuer="许昌市人民政府督查室",
            printed_by="许昌市人民政府督查室",
        )
        out = {
            "notice": services.assign_with_notice(
                world.item, unit=world.unit_a, actor=world.inspector
            )
        }
        for key, draft in _drafts(world).items():
            out[key] = services.issue_document(
                Issue(draft=draft, unit=world.unit_a, item=world.item, round=world.round),
                actor=world.inspector,
            )
        documents = {
            k: Document.objects.select_related("bulletin").get(pk=v.pk) for k, v in out.items()
        }
        transaction.set_rollback(True)
    return documents


def _drafts(world: World) -> dict[str, wording.Draft]:
    args = (world.item, world.unit_a, world.round, DUE, 8)
    return {
        "urge": wording.urge(*args),
        "order-yellow": wording.order(*args, level="yellow"),
        "order-red": wording.order(*args, level="red", copy_to=str(world.leader)),
    }


@pytest.fixture(scope="module")
def pdfs(
    documents: dict[str, Document], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("documents")
    out = {}
    for key, document in documents.items():
        path = folder / f"{key}.pdf"
        path.write_bytes(render.render(document, "pdf"))
        out[key] = path
    return out


@pytest.mark.parametrize("key", KINDS)
def test_masthead_number_and_rule_on_page_one(
    key: str, documents: dict[str, Document], pdfs: dict[str, Path]
) -> None:
    document, found = documents[key], words(pdfs[key])
    # The masthead's letter spacing may split it into several words on its line.
    first = [w for w in found if w[0] == 1 and w[5] in document.issuer]
    top = min(w[2] for w in first)
    line = [w for w in first if abs(w[2] - top) < 2]
    assert "".join(w[5] for w in line) == document.issuer
    head = [(1, min(w[1] for w in line), top, max(w[3] for w in line), max(w[4] for w in line))]
    # 发文机关标志: its top 35 mm below the type area's top (37 mm), centred.
    assert head and head[0][2] == pytest.approx((37 + 35) * MM, abs=4 * MM)
    centre = (28 + 156 / 2) * MM
    assert (head[0][1] + head[0][3]) / 2 == pytest.approx(centre, abs=3 * MM)
    number = [w for w in found if w[0] == 1 and w[5] == document.number]
    assert number and (number[0][1] + number[0][3]) / 2 == pytest.approx(centre, abs=3 * MM)
    assert number[0][2] > head[0][4] + 1.5 * 28.95  # two lines below
    # 主送 flush left below the title, ends with a full-width colon.
    main_to = [w for w in found if w[5].endswith("：") and w[5].startswith(document.main_to[:3])]
    assert main_to and main_to[0][1] == pytest.approx(28 * MM, abs=1 * MM)
    _page_one_png(pdfs[key], key, number[0][4])


def _page_one_png(pdf: Path, key: str, number_bottom: float) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTEFACTS / f"document-{key}-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), prefix],
        check=True,
    )
    image = Image.open(f"{prefix}.png").convert("RGB")
    width, height = image.size
    scale = height / (297 * MM)
    # The red rule: a row of red pixels across the type area, about 4 mm below the number.
    red_rows = [
        y
        for y in range(int((number_bottom) * scale), int((number_bottom + 12 * MM) * scale))
        if sum(1 for x in range(0, width, 3) if _red(image.getpixel((x, y)))) * 3 > width * 0.6
    ]
    assert red_rows, "no red separator line below the number"
    # The masthead is red too.
    masthead_band = [
        image.getpixel((x, y))
        for y in range(int(72 * MM * scale), int(86 * MM * scale))
        for x in range(0, width, 2)
    ]
    assert any(_red(p) for p in masthead_band)


def _red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 180 and r - g > 60 and r - b > 60


@pytest.mark.parametrize("key", KINDS)
def test_signature_date_and_colophon_at_the_foot_of_the_last_page(
    key: str, documents: dict[str, Document], pdfs: dict[str, Path]
) -> None:
    document, found = documents[key], words(pdfs[key])
    last = max(w[0] for w in found)
    printed = [w for w in found if w[5].endswith("印发")]
    assert printed and printed[0][0] == last
    assert (297 - 35) * MM - 2 * 28.95 < printed[0][4] <= (297 - 35) * MM
    copies = [w for w in found if w[5].startswith("抄送：")]
    assert bool(copies) == bool(document.copy_to)
    year = document.issued_at.year
    assert any(w[5].startswith(f"{year}年") and not w[5].endswith("印发") for w in found)


@pytest.mark.parametrize("key", KINDS)
def test_docx_reads_back_with_masthead_number_main_to_and_colophon(
    key: str, documents: dict[str, Document]
) -> None:
    document = documents[key]
    docx = read_docx(io.BytesIO(render.render(document, "docx")))
    by_style = {p.style.name: p for p in docx.paragraphs}
    masthead = by_style["发文机关标志"]
    assert masthead.text == document.issuer
    assert str(masthead.runs[0].font.color.rgb) == "E60000"
    number = by_style["发文字号"]
    assert number.text == document.number
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "E60000"
    assert by_style["主送机关"].text == f"{document.main_to}："
    assert by_style["公文标题"].text == document.title
    body = [p.text for p in docx.paragraphs if p.style.name == "Normal" and p.text]
    assert body == document.paragraphs
    colophon = [p.text for p in docx.paragraphs if p.style.name == "版记"]
    assert colophon[-1].startswith(document.printed_by) and colophon[-1].endswith("印发")
    assert (f"抄送：{document.copy_to}。" in colophon) == bool(document.copy_to)
