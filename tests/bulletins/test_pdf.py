"""The PDF: same text as the txt rendering, A4 with the standard margins, real CJK fonts.

Checked on the PDF itself (pypdf, poppler's pdftotext/pdffonts/pdftoppm); page 1 is kept as a
PNG under var/test-artefacts/ to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from ducha.bulletins.document import BulletinDocument
from ducha.bulletins.renderers import DocxRenderer, PdfRenderer, TxtRenderer
from ducha.lib.fonts import FONTCONFIG_FILE

pytestmark = pytest.mark.django_db  # the module-scoped document fixture needs the test database

# Not test-results/: pytest-playwright empties that folder at the start of every run.
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts"
MM = 72 / 25.4
CJK_FONTS = ("Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "AR-PL-UKai-CN")


@pytest.fixture(scope="module")
def pdf(demo_document: BulletinDocument, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "bulletin.pdf"
    path.write_bytes(PdfRenderer().render(demo_document))
    return path


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u3000", "")


def words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word poppler finds: (page, x0, y0, x1, y1, text), in points from the top left."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
        if match:
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            out.append((page, x0, y0, x1, y1, match.group(5)))
    return out


def test_pdf_text_is_the_txt_rendering(demo_document: BulletinDocument, pdf: Path) -> None:
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    body = re.sub(r"—\d+—", "", squeeze(text))  # the page numbers are not part of the text
    assert body == squeeze(TxtRenderer().render(demo_document).decode())


def test_pages_are_a4(pdf: Path) -> None:
    for page in PdfReader(pdf).pages:
        assert round(float(page.mediabox.width) / MM) == 210
        assert round(float(page.mediabox.height) / MM) == 297


def test_text_stays_inside_the_type_area(pdf: Path) -> None:
    body = [w for w in words(pdf) if not re.fullmatch(r"—|\d+", w[5])]
    assert min(w[1] for w in body) == pytest.approx(28 * MM, abs=1 * MM)  # 订口 28 mm
    assert max(w[3] for w in body) <= (210 - 26 + 0.5) * MM  # right margin 26 mm
    assert min(w[2] for w in body if w[0] == 1) >= 36 * MM  # 天头 37 mm
    assert max(w[4] for w in body) <= (297 - 35 + 0.5) * MM  # bottom margin 35 mm


def test_colophon_stands_at_the_foot_of_the_last_page(pdf: Path) -> None:
    found = words(pdf)
    last = max(w[0] for w in found)
    printed = [w for w in found if w[5].endswith("印发")]
    assert [w[0] for w in printed] == [last]
    # Its last line is within two lines of the type area's bottom edge (262 mm).
    assert (297 - 35) * MM - 2 * 28.95 < printed[0][4] <= (297 - 35) * MM
    signature = [w for w in found if w[5] == "市政府督查室" and w[0] == last]
    assert signature[0][4] < printed[0][2] - 4 * 28.95  # blank lines between, not mid-page


def test_page_numbers_sit_below_the_type_area_odd_right_even_left(pdf: Path) -> None:
    numbers = [w for w in words(pdf) if w[5] == "—"]
    assert numbers, "no page numbers"
    for number in numbers:
        assert number[2] >= (297 - 35 + 6) * MM  # 7 mm below the type area (glyph box ± 1 mm)
    first_dash = {page: x0 for page, x0, *_ in reversed(numbers)}
    assert first_dash[1] > 150 * MM  # page 1, odd: right
    assert first_dash[2] < 60 * MM  # page 2, even: left


def test_only_embedded_cjk_fonts_are_used(pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[-1] for line in listing}
    assert names and all(name.startswith(CJK_FONTS) for name in names), names
    assert all(line.split()[-5] == "yes" for line in listing)  # embedded
    # The title's 小标宋 stand-in is the heavy Song, the level-2 leads are in Kai.
    assert "Noto-Serif-CJK-SC-Bold" in names and "AR-PL-UKai-CN" in names


def test_page_one_renders_as_an_official_document(pdf: Path) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    prefix = ARTEFACTS / "bulletin-2017-H1-page1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), prefix],
        check=True,
    )
    image = Image.open(f"{prefix}.png").convert("L")
    width, height = image.size
    ink = [
        (x, y)
        for y in range(0, height, 2)
        for x in range(0, width, 2)
        if image.getpixel((x, y)) < 128
    ]
    title = [x for x, y in ink if y < height * 47 / 297]  # the title line: 37–47 mm
    # The title is centred between the margins 28 mm and 26 mm.
    centre = (min(title) + max(title)) / 2
    assert centre == pytest.approx(width * (28 + (210 - 28 - 26) / 2) / 210, abs=width * 0.02)
    assert min(x for x, _ in ink) >= width * 27 / 210


def test_fontconfig_file_maps_every_standard_name_to_an_installed_cjk_font() -> None:
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}
    for name, expected in [
        ("仿宋_GB2312", "Noto Serif CJK SC:Regular"),
        ("仿宋", "Noto Serif CJK SC:Regular"),
        ("FangSong", "Noto Serif CJK SC:Regular"),
        ("楷体_GB2312", "AR PL UKai CN"),
        ("楷体", "AR PL UKai CN"),
        ("KaiTi", "AR PL UKai CN"),
        ("黑体", "Noto Sans CJK SC:Regular"),
        ("SimHei", "Noto Sans CJK SC:Regular"),
        ("方正小标宋简体", "Noto Serif CJK SC:Bold"),
        ("宋体", "Noto Serif CJK SC:Regular"),
        ("SimSun", "Noto Serif CJK SC:Regular"),
    ]:
        found = subprocess.run(
            ["fc-match", "-f", "%{family[0]}:%{style[0]}", name],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        assert found.startswith(expected), (name, found)


def test_docx_opens_in_libreoffice_with_the_layout(
    demo_document: BulletinDocument, tmp_path: Path
) -> None:
    """LibreOffice (as a recipient might use it) lays the DOCX out on A4 in CJK fonts."""
    docx = tmp_path / "bulletin.docx"
    docx.write_bytes(DocxRenderer().render(demo_document))
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE), "HOME": str(tmp_path)}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    converted = tmp_path / "bulletin.pdf"
    reader = PdfReader(converted)
    assert round(float(reader.pages[0].mediabox.width) / MM) == 210
    text = squeeze("".join(page.extract_text() for page in reader.pages))
    assert text.startswith("市政府1-6月份重大工作事项落实情况")
    listing = subprocess.run(
        ["pdffonts", str(converted)], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto" in listing and "UKai" in listing and "DejaVu" not in listing
    body = [w for w in words(converted) if not re.fullmatch(r"—|\d+", w[5])]
    assert min(w[1] for w in body) == pytest.approx(28 * MM, abs=1 * MM)
    ARTEFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(converted),
            ARTEFACTS / "bulletin-2017-H1-docx-libreoffice-page1",
        ],
        check=True,
    )


def test_font_check_is_silent_when_the_substitutes_are_installed() -> None:
    from ducha.bulletins.checks import check_document_fonts

    assert check_document_fonts() == []


def test_font_check_warns_when_fontconfig_finds_no_substitute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ducha.bulletins.checks import check_document_fonts

    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    [warning] = check_document_fonts()
    assert warning.id == "bulletins.W001" and "仿宋_GB2312" in warning.msg


def test_the_reader_reads_our_own_pdf_back_exactly(
    demo_document: BulletinDocument, pdf: Path
) -> None:
    """The same document as the txt rendering gives: paragraphs rebuilt across lines and
    pages, page numbers dropped, and no defect found in our own text."""
    from ducha.bulletins.reader import read_bytes, read_text

    from_pdf = read_bytes(pdf.read_bytes(), "通报.pdf")
    from_txt = read_text(TxtRenderer().render(demo_document).decode("utf-8"))
    assert from_pdf.findings == ()
    assert (from_pdf.title, from_pdf.total, from_pdf.categories) == (
        from_txt.title,
        from_txt.total,
        from_txt.categories,
    )
    assert from_pdf.sections == from_txt.sections
    assert from_pdf.highlights == from_txt.highlights
    assert from_pdf.recommendations == from_txt.recommendations
