"""The layout in a real browser (ADR 0020): the English header on one line each, dates never broken, the
case page printed whole without the screen's navigation and forms, the favicon served."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from .conftest import follow

pytestmark = pytest.mark.django_db(transaction=True)

#: Elements whose text is broken over two lines or more (one client rect per line for inline boxes).
BROKEN = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null)
    .filter(e => { const r = document.createRange(); r.selectNodeContents(e);
                   const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top))); return tops.size > 1; })
    .map(e => e.textContent.trim())"""


def _login(chromium, live_server, username: str, locale: str = "zh-CN", width: int = 1280):
    from itisa.demo.seeding import DEMO_PASSWORD

    context = chromium.new_context(locale=locale, viewport={"width": width, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    follow(page.locator("main button[type=submit]"))
    return page


def test_header_dates_print_and_favicon(chromium, live_server):
    call_command("seed_demo", alliances=0, stdout=io.StringIO(), stderr=io.StringIO())
    from itisa.workflow.models import Case

    # English, the administrator (the most links): the site's name, every link and the account links each
    # on one line, and the main navigation within the window.
    admin = _login(chromium, live_server, "admin", locale="en")
    admin.goto("/work/")
    assert admin.locator("html").get_attribute("lang") == "en"
    assert admin.evaluate(BROKEN, ".brand span, .main-nav a, .account-nav a, .account-nav button, .who") == []
    assert admin.evaluate("(() => { const n = document.querySelector('.main-nav'); "
                          "return n.scrollWidth <= n.clientWidth; })()")
    brand_top = admin.locator(".brand").bounding_box()["y"]
    account_top = admin.locator(".account-nav").bounding_box()["y"]
    assert abs(brand_top - account_top) < 20  # the account links beside the name, not below it

    # Dates stay whole, also in the narrow columns of the dashboards (where "2026-12-\n15" used to happen).
    staff = _login(chromium, live_server, "staff_kunming")
    for url in ("/dashboards/", "/work/", "/work/deadlines/"):
        staff.goto(url)
        assert staff.locator(".date").count() > 0, url
        assert staff.evaluate(BROKEN, ".date") == [], url
    staff.set_viewport_size({"width": 375, "height": 740})
    staff.goto("/notices/")
    assert staff.evaluate(BROKEN, ".date, .badge") == []

    # The public pages of one alliance, one notice and one regulation fit a 375 px phone.
    from itisa.notices.models import PublicNotice
    from itisa.register.models import Alliance

    recognised = Alliance.objects.filter(status="recognised").order_by("pk").first()
    notice = PublicNotice.objects.order_by("pk").first()
    for url in (f"/register/{recognised.pk}/", f"/notices/{notice.pk}/", "/regulations/530100-kunming/2016/"):
        staff.goto(url)
        assert staff.evaluate("document.documentElement.scrollWidth") <= 375, url
        assert staff.evaluate(BROKEN, ".date, .badge") == [], url

    # The printed case: every tab's content one after the other, no navigation, no forms, no buttons.
    case = Case.objects.filter(state="notice", jurisdiction__code="kunming-kjj").first()
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.goto(f"/work/cases/{case.pk}/")
    assert staff.locator(".tab-panel:visible").count() == 1
    staff.emulate_media(media="print")
    assert staff.locator(".tab-panel:visible").count() == staff.locator(".tab-panel").count() >= 6
    for hidden in (".main-nav", ".account-nav", ".crumbs", ".tabs", "nav.toolbar", "main form"):
        assert staff.locator(f"{hidden}:visible").count() == 0, hidden
    pdf = staff.pdf(format="A4")
    assert pdf.startswith(b"%PDF")

    # The favicon, as the page names it (SVG, with an ICO for browsers without SVG icons).
    for href, kind in ((staff.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href"), "image/svg+xml"),
                       (staff.locator("link[rel=icon][sizes]").get_attribute("href"), "image/")):
        response = staff.request.get(href)
        assert response.ok and response.headers["content-type"].startswith(kind), href
    for p in (admin, staff):
        p.context.close()
