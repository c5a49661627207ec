"""Accessibility in the browser (issue 10 §4; WCAG 2.1 AA, which GB/T 37668-2019 follows for the web).

axe-core (bundled by axe-playwright-python, run inside the page) checks the main pages of every demo role,
in Chinese and in English: no serious or critical violation. And a person without a mouse completes a form
with Tab, Space and Enter only, seeing where the focus is at every step.
"""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from .conftest import PASSWORD, follow, zh

pytestmark = pytest.mark.django_db(transaction=True)

#: WCAG 2.0/2.1 levels A and AA, and axe's best practices (landmarks, one main heading, …).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}
SERIOUS = {"serious", "critical"}


def _demo_pages() -> dict[str | None, list[str]]:
    """The main pages of each demo role (None: the public), read from the demo data just seeded."""
    from itisa.accounts.models import RoleAssignment
    from itisa.notices.models import PublicNotice
    from itisa.register.models import Alliance
    from itisa.workflow.models import Case

    lead = RoleAssignment.objects.get(user__username="lead_kunming").alliance_id
    in_notice = Case.objects.filter(state="notice").order_by("pk").first()
    recognised = Alliance.objects.filter(status="recognised").order_by("pk").first()
    notice = PublicNotice.objects.order_by("pk").first()
    tabs = ("overview", "materials", "review", "notice", "decision", "process")
    return {
        None: ["/", "/register/", f"/register/{recognised.pk}/", "/notices/", f"/notices/{notice.pk}/", "/regulations/",
               "/accounts/login/"],
        "staff_kunming": ["/", "/work/", *[f"/work/cases/{in_notice.pk}/?tab={t}" for t in tabs], "/dashboards/"],
        "lead_kunming": [f"/my/a/{lead}/", f"/my/a/{lead}/application/", f"/my/a/{lead}/facts/"],
        "expert_demo": ["/", "/review/"],
        "finance_kunming": ["/finance/", "/finance/ledger/"],
    }


def test_no_serious_accessibility_violation_on_the_main_pages_of_every_role(chromium, live_server):
    call_command("seed_demo", alliances=0, stdout=io.StringIO(), stderr=io.StringIO())
    from itisa.demo.seeding import DEMO_PASSWORD

    axe = Axe()
    found: list[str] = []
    checked = 0
    for locale in ("zh-CN", "en"):
        for username, urls in _demo_pages().items():
            context = chromium.new_context(locale=locale, viewport={"width": 1280, "height": 900},
                                           base_url=live_server.url)
            context.set_default_timeout(15_000)
            page = context.new_page()
            if username:
                page.goto("/accounts/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", DEMO_PASSWORD)
                follow(page.locator("main button[type=submit]"))
                assert "/accounts/login/" not in page.url, username
            for url in urls:
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == ("en" if locale == "en" else "zh-hans"), url
                result = axe.run(page, options=AXE_OPTIONS).response
                checked += 1
                for v in result["violations"]:
                    if v["impact"] in SERIOUS:
                        found.append(f"{locale} {username or 'public'} {url}: {v['id']} ({v['impact']}) "
                                     f"{[n['target'] for n in v['nodes'][:3]]}")
            context.close()
    assert checked >= 40
    assert not found, "\n".join(found)


def test_the_public_pages_fit_a_phone_and_pass_axe_there(chromium, live_server, make_alliance):
    """375 px wide (a small phone): no page wider than the screen, the navigation on one scrolling row."""
    make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj")
    context = chromium.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, base_url=live_server.url,
                                   is_mobile=True, has_touch=True)
    page = context.new_page()
    axe = Axe()
    for url in ("/", "/register/", "/notices/", "/regulations/", "/accounts/login/"):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{url} is {width} px wide"
        violations = [v["id"] for v in axe.run(page, options=AXE_OPTIONS).response["violations"]
                      if v["impact"] in SERIOUS]
        assert not violations, (url, violations)
    context.close()


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {id: e.id, tag: e.tagName, text: (e.textContent || e.value || '').trim().slice(0, 40), href: e.getAttribute('href'),
                outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }""")


def _tab_to(page, test, limit: int = 80) -> dict:
    """Press Tab until the focused element passes *test*; every stop on the way shows where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = _focused(page)
        assert now["outline"], f"no visible focus on {now}"
        if test(now):
            return now
    raise AssertionError("not reached with Tab")


def test_a_lead_unit_logs_in_and_updates_its_facts_with_the_keyboard_only(chromium, live_server, make_alliance,
                                                                         person):
    alliance = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj")
    assert not alliance.has_council
    person("kb_lead", role="lead_unit", alliance=alliance)
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")

    # The login form starts in its first field; Tab moves on, Enter sends.
    assert _focused(page)["id"] == "id_username"
    page.keyboard.type("kb_lead")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert "/accounts/login/" not in page.url

    # On the facts page the first Tab reaches the skip link; Enter jumps past the header's links to the content.
    page.goto(f"/my/a/{alliance.pk}/facts/")
    page.keyboard.press("Tab")
    first = _focused(page)
    assert (first["href"], first["text"]) == ("#main", zh("Skip to content")), first
    page.keyboard.press("Enter")
    after_skip = _tab_to(page, lambda f: True)
    assert page.evaluate("document.activeElement.closest('main') !== null"), after_skip
    _tab_to(page, lambda f: f["id"] == "id_has_council")
    page.keyboard.press("Space")  # a checkbox is ticked with Space
    assert page.locator("#id_has_council").is_checked()
    _tab_to(page, lambda f: f["id"] == "id_reason")
    page.keyboard.type("理事会已成立")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == zh("Save"), limit=5)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    alliance.refresh_from_db()
    assert alliance.has_council
    assert zh("The alliance's facts were updated.") in page.inner_text("main")
    context.close()
