"""The fonts of official documents on this machine: one fontconfig file, used by the PDF engine.

GB/T 9704 names Windows fonts (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体). The DOCX keeps
those names so the recipients' Word or WPS uses the real fonts; for the PDF, fontconfig maps
them to free fonts from Debian packages via `fontconfig/fonts.conf`, which includes the system
configuration and adds the aliases.
"""

from __future__ import annotations

import os
from pathlib import Path

FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"

# The free faces that stand in for the standard ones, by role (also listed in the README).
SUBSTITUTES = {
    "方正小标宋简体": "Noto Serif CJK SC Bold",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "楷体_GB2312": "AR PL UKai CN",
    "黑体": "Noto Sans CJK SC",
    "宋体": "Noto Serif CJK SC",
}


def use_project_fontconfig() -> None:
    """Point fontconfig at the project's file; must run before fontconfig first loads.

    An explicit FONTCONFIG_FILE set by the operator wins.
    """
    os.environ.setdefault("FONTCONFIG_FILE", str(FONTCONFIG_FILE))


def missing_substitutes() -> list[str]:
    """The substitute families fontconfig cannot find through the project's file."""
    import shutil
    import subprocess

    if shutil.which("fc-match") is None:
        return sorted(set(SUBSTITUTES.values()))
    env = {**os.environ, "FONTCONFIG_FILE": os.environ.get("FONTCONFIG_FILE", str(FONTCONFIG_FILE))}
    missing = []
    for standard, substitute in SUBSTITUTES.items():
        found = subprocess.run(
            ["fc-match", "-f", "%{family[0]} %{style[0]}", standard],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stdout
        family = substitute.removesuffix(" Bold")
        if not found.startswith(family):
            missing.append(f"{standard} → {substitute}")
    return missing
