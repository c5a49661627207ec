"""A deployment check: certificates need a font that covers Chinese (Debian fonts-noto-cjk)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning, register


@register("recognition")
def cjk_fonts(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from itisa.recognition.pdf import cjk_fonts_installed

    if cjk_fonts_installed():
        return []
    return [Warning("No font covering Chinese is installed: recognition PDFs would show empty boxes.",
                    hint="Install the Debian package fonts-noto-cjk (see .ci/system-packages.txt).",
                    id="recognition.W001")]
