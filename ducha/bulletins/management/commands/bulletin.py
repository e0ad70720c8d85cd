"""`ducha bulletin ROUND --format txt|html|docx|pdf -o FILE`: compose and render a bulletin.

The published version is printed as published (from its snapshot); `--current` composes the
round as it stands now, with the wording of its latest version.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.renderers import RENDERERS
from ducha.lib.files import InputFileError, write_output_file
from ducha.review.models import Round


class Command(BaseCommand):
    help = "Compose a round's bulletin from the database and write it in one format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", help="round code, e.g. 2017-H1")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="txt")
        parser.add_argument(
            "-o", "--output", type=Path, help="file to write (default, or -: stdout)"
        )
        parser.add_argument(
            "--current",
            action="store_true",
            help="compose from today's ratings even when a version has been published",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            round = Round.objects.get(code=options["round"])
        except Round.DoesNotExist:
            raise CommandError(
                f"没有编号为 {options['round']} 的督查轮次 (no round {options['round']})"
            ) from None
        published = Bulletin.objects.filter(round=round, state=BulletinState.PUBLISHED).first()
        latest = Bulletin.objects.filter(round=round).order_by("-version").first()
        if published is not None and published.snapshot is not None and not options["current"]:
            document = published.snapshot_document()
        else:
            document = compose_bulletin(round, wording=latest.wording if latest else None)
        data = RENDERERS[options["format"]]().render(document)
        if options["output"] and str(options["output"]) != "-":
            try:
                write_output_file(options["output"], data)
            except InputFileError as error:
                raise CommandError(str(error)) from None
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
