"""`ducha lint-bulletin FILE`: the defects of a bulletin, one a line; exit 1 on an error.

Notes (说明) are not defects: what the reader could not map (a status phrase its synonym
table does not decide, a number it could not assign)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ducha.bulletins.management.reading import read_file
from ducha.bulletins.reader.document import Finding, Severity


def finding_line(finding: Finding) -> str:
    level = {Severity.ERROR: "错误", Severity.NOTE: "说明"}.get(finding.severity, "警告")
    return (
        f"{finding.code}\t{level}\t{finding.offset}\t{finding.excerpt}\t"
        f"{finding.message}{finding.suggestion}"
    )


class Command(BaseCommand):
    help = "Check a published bulletin; exits with status 1 when a finding is an error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        doc = read_file(options["file"])
        out = "".join(finding_line(f) + "\n" for f in doc.findings)
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
        if doc.has_errors:
            sys.exit(1)
