"""The application's step indicator (ADR 0020): where the applicant is, and what is done."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _steps(page: str) -> list[tuple[str, str, bool]]:
    """(class, label, current) per step."""
    block = re.search(r'<ol class="steps">(.*?)</ol>', page, re.S).group(1)
    return [(cls, label.strip(), bool(cur)) for cls, cur, label in re.findall(
        r'<li class="(\w+)"( aria-current="step")?><span class="step-n" aria-hidden="true">\d</span> ([^<]+)<', block)]


def test_the_steps_follow_the_application_from_opening_to_the_materials(client, km):
    client.force_login(km["lead"])
    alliance = km["alliance"]
    url = reverse("leadunit:application", args=[alliance.pk])
    before = _steps(client.get(url).content.decode())
    assert [s[1] for s in before] == ["启动申报", "上传材料", "检查条件", "提交申报", "审核办理中"]
    assert [(s[0], s[2]) for s in before] == [("current", True)] + [("todo", False)] * 4
    client.post(reverse("leadunit:application_open", args=[alliance.pk]), {"call": km["call"].pk})
    opened = _steps(client.get(url).content.decode())
    assert [(s[0], s[2]) for s in opened] == [("done", False), ("current", True)] + [("todo", False)] * 3
