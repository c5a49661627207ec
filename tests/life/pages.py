"""What every page story does: act on a given day as a given person, read the page, read its errors, upload a PDF,
press a move on the staff or the lead unit's case page. Shared so the five stories hold only their own steps."""

from __future__ import annotations

import re
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

PDF = b"%PDF-1.7\n%%EOF\n"
SH = ZoneInfo("Asia/Shanghai")


def on_day(day: date):
    """The pages see *day* as today (10:00 in Shanghai)."""
    return mock.patch("django.utils.timezone.now", return_value=datetime(day.year, day.month, day.day, 10, tzinfo=SH))


def as_(user) -> Client:
    """A browser session logged in as *user*."""
    c = Client()
    c.force_login(user)
    return c


def text(response) -> str:
    return response.content.decode()


def errors(response) -> list[str]:
    """The error lists a refused form shows."""
    return re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', text(response), re.S)


def pdf(name: str) -> SimpleUploadedFile:
    """A PDF as the browser uploads it."""
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def decide(client: Client, case, action: str, day: date, reason: str = ""):
    """The bureau presses *action* on the staff case page (the confirmation is client-side)."""
    case.refresh_from_db()
    prefix = f"act-{action}"
    with on_day(day):
        return client.post(reverse("staff:decide", args=[case.pk]), {
            "move": action, "prefix": prefix, f"{prefix}-action": action,
            f"{prefix}-expected_version": case.lock_version, f"{prefix}-reason": reason})


def lead_moves(client: Client, alliance, case, action: str, day: date, reason: str = ""):
    """The lead unit presses *action* on its generic case page."""
    case.refresh_from_db()
    with on_day(day):
        return client.post(reverse("leadunit:case_act", args=[alliance.pk, case.pk]), {
            "move": action, f"mv-{action}-action": action, f"mv-{action}-expected_version": case.lock_version,
            f"mv-{action}-reason": reason})
