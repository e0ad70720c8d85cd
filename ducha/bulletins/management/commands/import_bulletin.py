"""`ducha import-bulletin FILE --round CODE [--dry-run]`: a published bulletin as a round."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.bulletins.import_services import import_bulletin
from ducha.bulletins.importer import ImportRefused, build_plan
from ducha.bulletins.management.reading import read_file


def period_argument(value: str) -> tuple[datetime.date, datetime.date]:
    start, _, end = value.partition(":")
    try:
        return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    except ValueError:
        raise CommandError(
            f"期间“{value}”的格式应为 2017-01-01:2017-06-30 (period must read START:END)"
        ) from None


class Command(BaseCommand):
    help = "Import a published bulletin as a round; --dry-run shows what would be created."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--round", required=True, help="code of the new round, e.g. 2020-Q1")
        parser.add_argument("--period", help="START:END when the bulletin names no period")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        doc = read_file(options["file"])
        period = period_argument(options["period"]) if options["period"] else None
        try:
            plan = build_plan(doc, code=options["round"], period=period)
            lines = plan.summary_lines()
            if not options["dry_run"]:
                import_bulletin(doc, plan, actor=None)
        except ImportRefused as error:
            raise CommandError(f"未导入 (not imported)：{error}") from None
        except ValidationError as error:
            raise CommandError(
                f"未导入，没有写入任何数据 (nothing imported)：{'；'.join(error.messages)}"
            ) from None
        head = "试运行，未写入任何数据。将创建：" if options["dry_run"] else "已导入："
        out = "\n".join([head, *lines]) + "\n"
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
