"""What the reader's commands share: reading a file into a document, printing a summary."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from ducha.bulletins.reader.document import ReadDocument
from ducha.bulletins.reader.inputs import ReaderInputError
from ducha.bulletins.reader.installation import read_upload
from ducha.lib.files import InputFileError, read_input_file

MAX_BYTES = 5 * 1024 * 1024  # as an upload (ducha.bulletins.forms.MAX_UPLOAD)


def read_file(path: Path) -> ReadDocument:
    """The document in `path`; CommandError with a Chinese message when it cannot be read."""
    try:
        data = read_input_file(path, max_bytes=MAX_BYTES)
    except InputFileError as error:
        raise CommandError(str(error)) from None
    try:
        return read_upload(data, path.name)
    except ReaderInputError as error:
        raise CommandError(str(error)) from None


def summary(doc: ReadDocument) -> str:
    year = f"{doc.year}年" if doc.year else "正文未写明年份"
    lines = [f"标题：{doc.title}", f"发布单位：{doc.issuer}", f"期间：{doc.period}（{year}）"]
    total = doc.total if doc.total is not None else "未写明"
    reason = f"（{doc.total_reason}）" if doc.total_reason else ""
    lines.append(f"总数：{total}{reason}")
    if len(doc.total_candidates) > 1:
        lines.append(f"  通报写明的总数：{'、'.join(map(str, doc.total_candidates))}")
    for c in doc.categories:
        count = "未写明" if c.count is None else c.count
        canonical = c.canonical_status or "未对应"
        parts = "+".join(f"{phrase}{n}" for phrase, n in c.phrases) if len(c.phrases) > 1 else ""
        within = "，已含在其他数量中" if c.within else ""
        shown = f"（{parts}）" if parts else ""
        lines.append(
            f"  {c.status}（{canonical}）：{count}{shown}{within}；举例 {len(c.examples)} 项"
        )
    lines.append(f"工作亮点：{len(doc.highlights)} 条；督查建议：{len(doc.recommendations)} 条")
    notes = len(doc.findings) - len(doc.defects)
    lines.append(f"发现问题：{len(doc.defects)} 处；说明：{notes} 条")
    return "\n".join(lines) + "\n"
