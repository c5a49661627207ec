"""In the browser: the Content-Security-Policy blocks nothing our own pages need (no violation reported
on the register, the work list, the dashboards with their charts, or the two-step sign-in page)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_raise_no_csp_violation(browser_as, person, jurisdiction, make_alliance, settings):
    make_alliance("洛阳市轴承产业技术创新战略联盟")
    person("csp_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj"))
    page = browser_as("csp_staff")
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    for url in ("/", "/register/", "/work/", "/dashboards/", "/accounts/password/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.htmx") == "object"  # our own scripts load under the policy
    settings.ITISA_SKIP_2FA = False
    page.goto("/work/")
    assert "/accounts/2fa/setup/" in page.url and page.locator("img[src^='data:image/svg+xml']").is_visible()
    assert violations == []
