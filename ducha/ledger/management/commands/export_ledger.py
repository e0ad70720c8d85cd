"""`ducha export-ledger FILE [--round CODE]`: the ledger (or a round's ratings) as a file.

The format follows the file's suffix: .xlsx, .csv (UTF-8 with BOM) or .json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.ledger.exports import ledger_table
from ducha.lib.files import InputFileError, write_output_file
from ducha.lib.tables import Table, csv_lines, json_bytes, xlsx_bytes
from ducha.review.exports import ratings_table
from ducha.review.models import Round

WRITERS = {
    ".xlsx": xlsx_bytes,
    ".csv": lambda table: "".join(csv_lines(table)).encode(),
    ".json": json_bytes,
}


class Command(BaseCommand):
    help = "Write the ledger, one item a row, as .xlsx, .csv or .json (the import's columns)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--round", help="write this round's ratings instead (round code)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        writer = WRITERS.get(path.suffix.lower())
        if writer is None:
            raise CommandError(
                "文件名须以 .xlsx、.csv 或 .json 结尾 "
                "(the file name must end in .xlsx, .csv or .json)"
            )
        table = self._table(options["round"])
        try:
            write_output_file(path, writer(table))
        except InputFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"已写出{len(table.rows)}行到 {path}")

    def _table(self, code: str | None) -> Table:
        if not code:
            return ledger_table()
        round = Round.objects.filter(code=code).first()
        if round is None:
            raise CommandError(f"没有编号为 {code} 的督查轮次 (no round {code})")
        return ratings_table(round)
