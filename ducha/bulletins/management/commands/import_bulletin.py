"""`ducha import-bulletin FILE --round CODE [--period START:END] [--match-similar |
--create-similar] [--dry-run]`: a published bulletin as a round, joined to the ledger."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.bulletins.import_services import import_bulletin
from ducha.bulletins.importer import ImportRefused, build_plan, suggested_period
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
        similar = parser.add_mutually_exclusive_group()
        similar.add_argument(
            "--match-similar",
            action="store_true",
            help="names similar to a ledger item's title are that item (listed by --dry-run)",
        )
        similar.add_argument(
            "--create-similar",
            action="store_true",
            help="names similar to a ledger item's title become new items",
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        doc = read_file(options["file"])
        period = period_argument(options["period"]) if options["period"] else None
        try:
            plan = build_plan(doc, code=options["round"], period=period)
            if options["match_similar"] or options["create_similar"]:
                answer = bool(options["match_similar"])
                answers = {item.title: answer for item in plan.items if item.unanswered}
                plan = build_plan(doc, code=options["round"], period=period, answers=answers)
            lines = plan.summary_lines()
            if not options["dry_run"]:
                import_bulletin(doc, plan, actor=None)
        except ImportRefused as error:
            hint = ""
            if "相近" in str(error):
                hint = "用 --match-similar 采用台账中的事项，或用 --create-similar 新建。"
            elif "期间" in str(error):
                suggested = suggested_period(doc)
                example = f"{suggested[0]}:{suggested[1]}" if suggested else "2017-01-01:2017-06-30"
                hint = f"用 --period 指定，例如 --period {example}（按发布日期推算，请核对）。"
            raise CommandError(f"未导入 (not imported)：{error}{hint}") from None
        except ValidationError as error:
            raise CommandError(
                f"未导入，没有写入任何数据 (nothing imported)：{'；'.join(error.messages)}"
            ) from None
        head = "试运行，未写入任何数据。将创建：" if options["dry_run"] else "已导入："
        out = "\n".join([head, *lines]) + "\n"
        sys.stdout.buffer.write(out.encode("utf-8"))
        sys.stdout.flush()
