"""The Simplified Chinese catalog is complete and compiled, and Chinese is the default language."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import pytest
from django.test import Client

import ducha

LC_MESSAGES = Path(ducha.__file__).resolve().parent / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # singular entries use index 0
    flags: set[str] = field(default_factory=set)
    line: int = 0


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(literal: str) -> str:
    # A PO string literal uses C escapes, which a Python string literal reads the same way
    # for everything gettext writes (\n, \t, \", \\).
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[Entry]:
    """Read a PO file: comments, flags, msgctxt, msgid, msgid_plural, msgstr and msgstr[n],
    each possibly continued on following "..." lines. Obsolete entries (#~) are skipped."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None  # the field the continuation lines add to
    started = False

    def finish() -> None:
        nonlocal current, target, started
        if started:
            entries.append(current)
        current, target, started = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if started:  # a comment after msgstr begins the next entry
                finish()
            if line.startswith("#,"):
                current.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation line outside an entry"
            name, index = target
            text = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, name, (getattr(current, name) or "") + text)
        else:
            match = _KEYWORD.match(line)
            assert match, f"{path}:{number}: cannot read {raw!r}"
            keyword, plural_index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and (started and current.msgstr):
                finish()  # an entry not separated from the previous one by a blank line
            if not started:
                current.line = number
            started = True
            text = _unquote(literal)
            if keyword.startswith("msgstr"):
                position = int(plural_index) if plural_index is not None else 0
                current.msgstr[position] = text
                target = ("msgstr", position)
            else:
                setattr(current, keyword, text)
                target = (keyword, 0)
    finish()
    return entries


def _key(entry: Entry) -> str:
    return entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"


def messages(entries: list[Entry]) -> list[Entry]:
    """The entries other than the header."""
    return [entry for entry in entries if not (entry.msgid == "" and entry.msgctxt is None)]


def test_catalog_is_complete() -> None:
    entries = parse_po(PO)
    header = next(entry for entry in entries if entry.msgid == "" and entry.msgctxt is None)
    assert "fuzzy" not in header.flags
    assert "Language: zh_Hans\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]

    found = messages(entries)
    assert found, "the catalog has no messages"
    fuzzy = [entry.msgid for entry in found if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    empty = [
        entry.msgid
        for entry in found
        if not entry.msgstr or any(not text for text in entry.msgstr.values())
    ]
    assert not empty, f"untranslated entries: {empty}"
    plural = [e.msgid for e in found if e.msgid_plural is not None and set(e.msgstr) != {0}]
    assert not plural, f"Chinese has one plural form (msgstr[0] only): {plural}"


def test_mo_is_current() -> None:
    """The committed .mo holds exactly what the .po says (run compilemessages after editing)."""
    with MO.open("rb") as compiled:
        catalog = dict(gettext.GNUTranslations(compiled)._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)  # the header

    expected: dict[object, str] = {}
    for entry in messages(parse_po(PO)):
        if entry.msgid_plural is None:
            expected[_key(entry)] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(_key(entry), index)] = text

    stale = {
        key: (catalog.get(key), text) for key, text in expected.items() if catalog.get(key) != text
    }
    assert not stale, f"django.mo is out of date for (mo, po): {stale}"
    extra = set(catalog) - set(expected)
    assert not extra, f"django.mo has messages the .po no longer has: {extra}"


def _header(html: str) -> str:
    match = re.search(r"<header\b.*?</header>", html, re.S)
    assert match, "the page has no <header>"
    return match.group(0)


def _breadcrumb(html: str) -> str:
    match = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert match, "the page has no breadcrumb"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


@pytest.mark.django_db
def test_chinese_is_default_and_english_selectable(client: Client) -> None:
    # Chinese whatever the browser asks for.
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-CN"' in html
    assert "督查在线" in html
    assert _breadcrumb(html) == "当前位置：首页 > 专题 > 督查在线 > 专项督查工作"

    # English once the user chooses it.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Supervision online" in html
    assert "督查在线" not in _header(html)
