"""`ducha read-bulletin FILE [--json]`: read a published bulletin into the document model."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ducha.bulletins.management.reading import read_file, summary


class Command(BaseCommand):
    help = "Read a published bulletin (.txt, .html, .docx) and print it as a document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the document as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        doc = read_file(options["file"])
        if options["json"]:
            out = json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            out = summary(doc)
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
