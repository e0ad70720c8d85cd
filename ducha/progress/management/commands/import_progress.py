"""`ducha import-progress FILE --user NAME`: a unit's filled-in progress sheet, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.lib.excel import MAX_FILE_BYTES, SpreadsheetError
from ducha.lib.files import InputFileError, read_input_file
from ducha.lib.sheetimport import ImportFailed
from ducha.progress import queries
from ducha.progress.permissions import items_visible_to, sheet_units_for
from ducha.progress.services import import_progress_sheet
from ducha.progress.sheets import SheetPlan, plan_sheet, unit_parts


class Command(BaseCommand):
    help = "Read a unit's progress sheet into its reports for a round, as the reporter --user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the unit's reporter who uploads it")
        parser.add_argument("--round", help="round code (default: the latest round)")
        parser.add_argument("--submit", action="store_true", help="send the reports at once")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = read_input_file(path, max_bytes=MAX_FILE_BYTES)
        except InputFileError as error:
            raise CommandError(str(error)) from None
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"没有用户名为 {options['user']} 的用户 (no user {options['user']})")
        round = queries.round_by_code(options["round"])
        if round is None:
            raise CommandError(
                f"没有编号为 {options['round']} 的督查轮次 (no round {options['round']})"
            )
        try:
            units = sheet_units_for(user)
            parts = unit_parts(items_visible_to(user), units, round)
            plan = plan_sheet(
                data,
                path.name,
                parts=parts,
                units=units,
                round=round,
                submit=options["submit"],
            )
        except PermissionDenied:
            raise CommandError(
                f"用户 {user} 不是任何单位的联络员 ({user} reports for no unit)"
            ) from None
        except (ImportFailed, SpreadsheetError) as error:
            raise CommandError(str(error)) from None
        self._report(plan)
        if options["dry_run"]:
            self.stdout.write("试运行：未写入任何数据。")
            return
        try:
            result = import_progress_sheet(plan, round, actor=user, filename=path.name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"已保存{result.saved}份草稿，报送{result.submitted}份，未变{result.unchanged}份。"
        )

    def _report(self, plan: SheetPlan) -> None:
        for error in plan.errors:
            self.stderr.write(str(error))
        if plan.errors:
            raise CommandError(
                f"共{len(plan.errors)}处错误，未写入任何数据。"
                f"({len(plan.errors)} errors, nothing written)"
            )
        self.stdout.write(
            f"工作表「{plan.sheet}」：保存{plan.count('save')}份，报送{plan.count('submit')}份，"
            f"未变{plan.count('keep')}份。"
        )
