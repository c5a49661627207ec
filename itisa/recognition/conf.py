"""Per-jurisdiction formats of what a recognition issues: the document number and the name.

The packs carry no naming template (the texts name the pattern in words: Luoyang 第七条
“洛阳市×××产业技术创新战略联盟”, Kunming 第十一条 “昆明××产业技术创新战略联盟”), and document
numbers are a bureau's office convention, not law: so both live here, keyed by the jurisdiction's
pack family, and a deployment overrides any entry with ``settings.RECOGNITION_FORMATS``
(same keys; a partial entry is merged over the default).

- ``number_format``: ``str.format`` with ``{year}`` and ``{number}`` (the sequence, from 1 each year).
  The defaults are placeholders in the usual 机关代字〔年份〕序号号 shape; each bureau should confirm its own.
- ``name_template``: with ``{topic}``; the topic is read from the alliance as described in
  :func:`itisa.recognition.naming.alliance_topic`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

SUFFIX = "产业技术创新战略联盟"

DEFAULT_FORMATS: dict[str, dict[str, str]] = {
    # 洛政办〔2018〕54号 第七条: 命名为“洛阳市×××产业技术创新战略联盟”
    "410300-luoyang": {"number_format": "洛科〔{year}〕{number}号", "name_template": "洛阳市{topic}" + SUFFIX},
    # 昆明市科学技术局公告第18号 第十一条: 命名为“昆明××产业技术创新战略联盟”
    "530100-kunming": {"number_format": "昆科〔{year}〕{number}号", "name_template": "昆明{topic}" + SUFFIX},
    # The Henan, Weinan and Jiangning texts name no pattern: the region's name, as the other two do.
    "410000-henan": {"number_format": "豫科〔{year}〕{number}号", "name_template": "河南省{topic}" + SUFFIX},
    "610500-weinan": {"number_format": "渭科发〔{year}〕{number}号", "name_template": "渭南市{topic}" + SUFFIX},
    "320115-jiangning": {"number_format": "江宁科〔{year}〕{number}号", "name_template": "江宁区{topic}" + SUFFIX},
}
FALLBACK = {"number_format": "〔{year}〕{number}号", "name_template": "{topic}" + SUFFIX}


def formats_for(pack_family: str) -> dict[str, str]:
    overrides: dict[str, Any] = getattr(settings, "RECOGNITION_FORMATS", {}) or {}
    return {**FALLBACK, **DEFAULT_FORMATS.get(pack_family, {}), **overrides.get(pack_family, {})}
