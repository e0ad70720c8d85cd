"""`ducha demo`: load the demo round (idempotent) and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ducha.demo.loader import DEMO_LOGINS, DemoRefused, load_demo


class Command(BaseCommand):
    help = "Load the demo: the 2017年1-6月 round of the seed bulletin, with one user per role."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_demo()
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        if loaded:
            self.stdout.write("演示数据已载入 (demo loaded): 2017年1-6月, 131项工作")
        else:
            self.stdout.write("演示数据已存在，未作改动 (demo already loaded, nothing changed)")
        self.stdout.write("演示账号 (demo logins):")
        for login in DEMO_LOGINS:
            self.stdout.write(
                f"  {login.username:<10} 密码 {login.password:<16} {login.description}"
            )
