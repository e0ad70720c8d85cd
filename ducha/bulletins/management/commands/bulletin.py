"""`ducha bulletin ROUND --format txt -o FILE`: compose and render a round's bulletin."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ducha.bulletins.compose import compose_bulletin
from ducha.bulletins.models import Bulletin, BulletinState
from ducha.bulletins.renderers import RENDERERS
from ducha.review.models import Round


class Command(BaseCommand):
    help = "Compose a round's bulletin from the database and write it in one format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", help="round code, e.g. 2017-H1")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="txt")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            round = Round.objects.get(code=options["round"])
        except Round.DoesNotExist:
            raise CommandError(f"没有编号为 {options['round']} 的督查轮次") from None
        published = (
            Bulletin.objects.filter(round=round, state=BulletinState.PUBLISHED)
            .order_by("-version")
            .values_list("published_at", flat=True)
            .first()
        )
        document = compose_bulletin(round, published_at=published)
        data = RENDERERS[options["format"]]().render(document)
        if options["output"]:
            options["output"].write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
