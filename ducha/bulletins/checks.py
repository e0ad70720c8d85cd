"""System check: the PDF renderer's fonts are installed (else PDFs fall back to other faces)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register

from ducha.lib.fonts import missing_substitutes


@register()
def check_document_fonts(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    missing = missing_substitutes()
    if not missing:
        return []
    return [
        Warning(
            "公文字体未安装，PDF 将使用其他字体：" + "；".join(missing),
            hint="Run `make system-packages` (fonts-noto-cjk, fonts-arphic-ukai).",
            id="bulletins.W001",
        )
    ]
