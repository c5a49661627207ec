"""Per-jurisdiction formats of what a recognition issues: the document number and the name.

Where a text names the pattern (Luoyang 第七条(三) “洛阳市×××产业技术创新战略联盟”, Kunming 第十一条
“昆明××产业技术创新战略联盟”) the name template is the pack's ``naming`` section (law, cited there). Document
numbers, and names the other texts leave open, are a bureau's office convention: they live here, keyed by the
jurisdiction's pack family, and a deployment overrides any entry with ``settings.RECOGNITION_FORMATS``
(same keys; a partial entry is merged over the default).

- ``number_format``: ``str.format`` with ``{year}`` and ``{number}`` (the sequence, from 1 each year).
  The defaults are placeholders in the usual 机关代字〔年份〕序号号 shape; each bureau should confirm its own.
- ``name_template``: with ``{topic}``; the topic is read from the alliance as described in
  :func:`itisa.recognition.naming.alliance_topic`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from policy.api import naming

SUFFIX = "产业技术创新战略联盟"

DEFAULT_FORMATS: dict[str, dict[str, str]] = {
    # Luoyang and Kunming: the name comes from the pack's naming section (第七条(三), 第十一条).
    "410300-luoyang": {"number_format": "洛科〔{year}〕{number}号"},
    "530100-kunming": {"number_format": "昆科〔{year}〕{number}号"},
    # The Henan, Weinan and Jiangning texts name no pattern: the region's name, as the other two do.
    "410000-henan": {"number_format": "豫科〔{year}〕{number}号", "name_template": "河南省{topic}" + SUFFIX},
    "610500-weinan": {"number_format": "渭科发〔{year}〕{number}号", "name_template": "渭南市{topic}" + SUFFIX},
    "320115-jiangning": {"number_format": "江宁科〔{year}〕{number}号", "name_template": "江宁区{topic}" + SUFFIX},
}
FALLBACK = {"number_format": "〔{year}〕{number}号", "name_template": "{topic}" + SUFFIX}


def formats_for(pack_family: str, pack_id: str | None = None) -> dict[str, str]:
    """Fallback < this module's default < the pack's ``naming`` (the text's own pattern) < the deployment's
    settings."""
    overrides: dict[str, Any] = getattr(settings, "RECOGNITION_FORMATS", {}) or {}
    law: dict[str, str] = {}
    try:
        name = naming(pack_id or pack_family).name if (pack_id or pack_family) else None
    except (KeyError, ValueError):  # a family with no pack in this system: conventions only
        name = None
    if name:
        law["name_template"] = name
    return {**FALLBACK, **DEFAULT_FORMATS.get(pack_family, {}), **law, **overrides.get(pack_family, {})}
