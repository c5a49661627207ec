"""The name an alliance is recognised under, built from its jurisdiction's template.

Reading of “×××” / “××” (the topic): the alliance's own field of work as it applied. It is read
from the alliance's registered name when that name already follows the pattern — the region's
name in front (with or without 市/区/省) and 产业技术创新战略联盟 behind are taken off
(“昆明市花卉产业技术创新战略联盟” → 花卉); a name that does not follow the pattern gives the name
of its industry field instead (from the bureau's catalogue); with neither, the registered name
without the suffix. So a recognition never invents a topic, and two alliances in one field keep
the names they applied with.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.recognition.conf import SUFFIX
from itisa.register.models import Alliance


def _prefixes(prefix: str) -> list[str]:
    stem = prefix.rstrip("市区省县")
    variants = {prefix, stem} | {stem + s for s in "市区省县"}
    return sorted((v for v in variants if v), key=len, reverse=True)


def alliance_topic(alliance: Alliance, template: str) -> str:
    prefix, _sep, suffix = template.partition("{topic}")
    name = alliance.name.strip()
    if suffix and name.endswith(suffix):
        rest = name[: -len(suffix)]
        for p in _prefixes(prefix):
            if p and rest.startswith(p):
                rest = rest[len(p):]
                break
        if rest.strip():
            return rest.strip()
    if alliance.industry_field_id and alliance.industry_field is not None:
        return alliance.industry_field.name
    topic = name.removesuffix(SUFFIX).strip()
    if not topic:
        raise ValidationError(_("The alliance's topic cannot be read from its name “%(name)s”; correct the name in "
                                "the register first."), code="no_topic", params={"name": alliance.name})
    return topic


def recognised_name(alliance: Alliance, template: str) -> str:
    return template.format(topic=alliance_topic(alliance, template))
