"""`ducha import-ledger FILE [--dry-run] [--create-missing]`: import a ledger, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ducha.ledger.models import Source
from ducha.ledger.services import import_ledger
from ducha.ledger.sheets import LedgerPlan, Registry, plan_import
from ducha.lib.excel import MAX_FILE_BYTES, SpreadsheetError
from ducha.lib.files import InputFileError, read_input_file
from ducha.lib.sheetimport import ImportFailed
from ducha.review.models import Round


class Command(BaseCommand):
    help = "Import a ledger (.xlsx, .xls, .ods or .csv): every row or, if any row is bad, none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--create-missing", action="store_true", help="create units and leaders not yet known"
        )
        parser.add_argument("--source", help="source of rows without a 事项来源 cell")
        parser.add_argument(
            "--year", type=int, help="year of dates written without one (default: this year)"
        )
        parser.add_argument("--round", help="round whose ratings the 状态 column gives (code)")
        parser.add_argument("--user", help="username the audit trail names (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = read_input_file(path, max_bytes=MAX_FILE_BYTES)
        except InputFileError as error:
            raise CommandError(str(error)) from None
        actor = _user(options["user"])
        round = _round(options["round"])
        registry = Registry.load(
            year=options["year"] or timezone.localdate().year,
            create_missing=options["create_missing"],
            default_source=_source(options["source"]),
            round=round,
        )
        try:
            plan = plan_import(data, path.name, registry=registry, progress=self._progress("校验"))
        except (ImportFailed, SpreadsheetError) as error:
            raise CommandError(str(error)) from None
        self._report(plan)
        if plan.errors:
            raise CommandError(
                f"共{len(plan.errors)}处错误，未导入任何数据。"
                f"({len(plan.errors)} errors, nothing imported)"
            )
        if options["dry_run"]:
            self.stdout.write("试运行：未写入任何数据。")
            return
        result = import_ledger(
            plan,
            actor=actor,
            create_missing=options["create_missing"],
            round=round,
            progress=self._progress("写入"),
        )
        self.stdout.write(
            f"已导入：新建{result.created}项，更新{result.updated}项，未变{result.unchanged}项；"
            f"新建单位{result.units_created}个，新建领导{result.leaders_created}名"
            + (f"；评定{result.ratings}项。" if round else "。")
        )

    def _progress(self, what: str) -> Any:
        def show(done: int, total: int) -> None:
            sys.stderr.write(f"\r{what} {done}/{total} 行")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return show

    def _report(self, plan: LedgerPlan) -> None:
        for error in plan.errors:
            self.stderr.write(str(error))
        if plan.missing_units:
            self.stdout.write("将新建单位：" + "、".join(plan.missing_units))
        if plan.missing_leaders:
            self.stdout.write("将新建领导：" + "、".join(plan.missing_leaders))
        self.stdout.write(
            f"工作表「{plan.sheet}」：{plan.rows}行；新建{plan.count('create')}项，"
            f"更新{plan.count('update')}项，未变{plan.count('keep')}项"
            + (f"；设定评定{plan.ratings}项。" if plan.ratings else "。")
        )


def _source(name: str | None) -> Source | None:
    if not name:
        return None
    source = Source.objects.filter(name=name).first()
    if source is None:
        raise CommandError(f"没有名为「{name}」的事项来源 (no source {name})")
    return source


def _round(code: str | None) -> Round | None:
    if not code:
        return None
    round = Round.objects.filter(code=code).first()
    if round is None:
        raise CommandError(f"没有编号为 {code} 的督查轮次 (no round {code})")
    return round


def _user(username: str | None) -> Any:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"没有用户名为 {username} 的用户 (no user {username})")
    return user
