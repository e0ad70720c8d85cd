"""The `ducha` console command: this project's manage.py.

Whatever goes wrong, a person at the terminal gets one line in Chinese and English and
exit code 1, never a traceback: a bad setting, an unreachable database, a path that
cannot be read or written. `--traceback` shows the traceback for a developer.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ducha.settings")
    # Commands are spelled with hyphens on the command line (`ducha send-reminders`).
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        sys.argv[1] = sys.argv[1].replace("-", "_")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if "--traceback" in sys.argv:
            raise
        sys.stderr.write(failure_line(error) + "\n")
        sys.exit(1)


def failure_line(error: BaseException) -> str:
    """One line that says what failed, in Chinese and English."""
    from django.db import Error as DatabaseError

    from ducha.lib.env import ConfigError

    detail = " ".join(str(error).split())[:300]
    if isinstance(error, ConfigError):
        return f"配置错误 (configuration error): {detail}"
    if isinstance(error, DatabaseError):
        return f"数据库错误，请检查 DUCHA_DATABASE_URL 与数据库服务 (database error): {detail}"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        reason = error.strerror or detail
        return f"文件操作失败{where}：{reason} (file error{where}: {reason})"
    name = type(error).__name__
    return f"内部错误 (internal error): {name}: {detail}（加 --traceback 查看详情）"


if __name__ == "__main__":
    main()
