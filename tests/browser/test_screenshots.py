"""The screenshots of ADR 0020 and the README, taken from the demo data by Debian Chromium.

Skipped unless ITISA_SCREENSHOTS names the folder to write to: ``make screenshots`` writes docs/adr/img/."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from .conftest import follow

OUT = os.environ.get("ITISA_SCREENSHOTS", "")
pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not OUT, reason="set ITISA_SCREENSHOTS=<folder> (make screenshots) to take them")]


def _page(chromium, live_server, username: str | None, *, locale: str = "zh-CN", width: int = 1280, height: int = 800):
    from itisa.demo.seeding import DEMO_PASSWORD

    context = chromium.new_context(locale=locale, viewport={"width": width, "height": height},
                                   base_url=live_server.url, device_scale_factor=1)
    context.set_default_timeout(15_000)
    page = context.new_page()
    if username:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        follow(page.locator("main button[type=submit]"))
    return page


def test_take_the_screenshots(chromium, live_server):
    call_command("seed_demo", alliances=0, stdout=io.StringIO(), stderr=io.StringIO())
    from itisa.accounts.models import RoleAssignment
    from itisa.workflow.models import Case

    out = Path(OUT)
    out.mkdir(parents=True, exist_ok=True)
    case = Case.objects.filter(state="notice", jurisdiction__code="kunming-kjj").first()
    coffee = RoleAssignment.objects.get(user__username="lead_km_coffee").alliance_id

    def take(page, url: str, name: str, at: str = "") -> None:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if at:  # scrolled to show this part of the page
            page.evaluate("sel => window.scrollTo(0, document.querySelector(sel).getBoundingClientRect().top"
                          " + window.scrollY - 16)", at)
        page.screenshot(path=str(out / f"{name}.png"))

    staff = _page(chromium, live_server, "staff_kunming")
    take(staff, f"/work/cases/{case.pk}/", "staff-case-overview")
    take(staff, f"/work/cases/{case.pk}/?tab=notice", "staff-case-notice")
    take(staff, "/dashboards/", "dashboards", at="section:has(canvas)")
    english = _page(chromium, live_server, "staff_kunming", locale="en")
    take(english, f"/work/cases/{case.pk}/?tab=decision", "staff-case-decision-en")
    lead = _page(chromium, live_server, "lead_km_coffee")
    take(lead, f"/my/a/{coffee}/application/", "lead-application-steps")
    public = _page(chromium, live_server, None)
    take(public, "/register/", "public-register")
    phone = _page(chromium, live_server, None, width=375, height=740)
    take(phone, "/register/", "public-register-phone")
    written = sorted(p.name for p in out.glob("*.png"))
    assert {"staff-case-overview.png", "public-register.png", "public-register-phone.png"} <= set(written)
