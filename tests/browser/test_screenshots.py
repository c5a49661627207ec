"""The screenshots of ADR 0020 and the README, taken from the demo data by Debian Chromium.

Skipped unless ITISA_SCREENSHOTS names the folder to write to: ``make screenshots`` writes docs/adr/img/, and
the user guides' pictures to docs/guide/img/ (whatever the folder). Without it only the cheap check runs that the
guides show exactly the pictures taken."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from .conftest import follow

OUT = os.environ.get("ITISA_SCREENSHOTS", "")


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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not OUT, reason="set ITISA_SCREENSHOTS=<folder> (make screenshots) to take them")
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


# ---------------------------------------------------------------- the user guides' screenshots (docs/guide/)
# One row per picture: (file name <role>-<page>, who is logged in (None: a visitor), the page, the part of it
# scrolled to). Pages are named by the demo's stories (itisa/demo/stories.py), resolved once seeded.
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"
GUIDE_SHOTS: tuple[tuple[str, str | None, str, str], ...] = (
    ("staff-workbench", "staff_kunming", "/", ""),
    ("staff-case-overview", "staff_kunming", "/work/cases/{notice}/", ""),
    ("staff-case-materials", "staff_kunming", "/work/cases/{notice}/?tab=materials", ""),
    ("staff-case-review", "staff_kunming", "/work/cases/{digital}/?tab=review", ""),
    ("staff-case-notice", "staff_kunming", "/work/cases/{notice}/?tab=notice", ""),
    ("staff-case-decision", "staff_kunming", "/work/cases/{notice}/?tab=decision", ""),
    ("staff-case-process", "staff_kunming", "/work/cases/{notice}/?tab=process", ""),
    ("staff-experts", "staff_kunming", "/work/cases/{digital}/experts/", ""),
    ("staff-alliance", "staff_kunming", "/work/alliances/{metal}/", ""),
    ("staff-dissolution", "staff_jiangning", "/work/alliances/{aero}/dissolutions/{dissolution}/", ""),
    ("staff-exports", "staff_kunming", "/exports/", ""),
    ("lead-workbench", "lead_km_coffee", "/", ""),
    ("lead-application", "lead_km_coffee", "/my/a/{coffee}/application/", ""),
    ("lead-procedures", "lead_km_metal", "/my/a/{metal}/procedures/", ""),
    ("lead-dissolution", "lead_jiangning", "/my/a/{aero}/dissolution/", ""),
    ("lead-rectification", "lead_henan", "/my/a/{refractory}/rectifications/", ""),
    ("expert-workbench", "expert_demo", "/", ""),
    ("expert-case", "expert_demo", "/review/cases/{digital}/", ""),
    ("expert-sheet", "expert_demo", "/review/cases/{digital}/", "[id^=sheet-]"),
    ("finance-workbench", "finance_kunming", "/", ""),
    ("finance-budget", "finance_kunming", "/finance/", ""),
    ("finance-ledger", "finance_kunming", "/finance/ledger/", ""),
    ("finance-simulate", "finance_kunming", "/finance/simulate/", ""),
    ("finance-simulate-result", "finance_kunming", "/finance/simulate/?run=1&on={today}", "main table"),
    ("recommender-workbench", "recommender_luolong", "/", ""),
    ("recommender-case", "recommender_luolong", "/work/cases/{robot}/", ""),
    ("recommender-reports", "recommender_linwei", "/work/reports/", ""),
    ("public-home", None, "/", ""),
    ("public-register", None, "/register/", ""),
    ("public-alliance", None, "/register/{flower}/", ""),
    ("public-verify", None, "/verify/{code}/", ""),
    ("public-notices", None, "/notices/", ""),
    ("public-revoked", None, "/register/revoked/", ""),
)


def _guide_places() -> dict[str, object]:
    """The demo's objects the guide's pages show, by the names GUIDE_SHOTS uses."""
    from django.utils import timezone

    from itisa.recognition.models import Recognition
    from itisa.register.models import Alliance
    from itisa.supervision.models import Dissolution
    from itisa.workflow.models import Case

    def alliance(name: str) -> int | None:
        return Alliance.objects.filter(name=name).values_list("pk", flat=True).first()

    def case(name: str) -> int | None:
        return Case.objects.filter(alliance__name=name).order_by("-pk").values_list("pk", flat=True).first()

    aero = alliance("江宁区航空零部件产业技术创新战略联盟")
    return {
        "notice": case("昆明高原特色农业产业技术创新战略联盟"),
        "digital": case("昆明数字经济产业技术创新战略联盟"),
        "robot": case("洛阳市机器人产业技术创新战略联盟"),
        "metal": alliance("昆明有色金属新材料产业技术创新战略联盟"),
        "coffee": alliance("昆明咖啡产业技术创新战略联盟"),
        "flower": alliance("昆明花卉产业技术创新战略联盟"),
        "refractory": alliance("河南省耐火材料产业技术创新战略联盟"),
        "aero": aero,
        "dissolution": Dissolution.objects.filter(alliance__name="江宁区航空零部件产业技术创新战略联盟")
        .values_list("pk", flat=True).first(),
        "today": timezone.localdate().isoformat(),
        "code": Recognition.objects.filter(alliance__name="昆明花卉产业技术创新战略联盟")
        .values_list("verification_code", flat=True).first(),
    }


def _small(path: Path) -> None:
    """The picture in 128 colours without dithering (a page is flat colour and text): a third of the size, the
    same to the eye. Pillow comes with WeasyPrint."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def test_every_guide_picture_is_taken_and_every_one_taken_is_shown():
    """Cheap, no browser: the guides show exactly the pictures GUIDE_SHOTS takes, and each is in docs/guide/img/."""
    import re

    names = [name for name, *_ in GUIDE_SHOTS]
    assert len(names) == len(set(names))
    shown = {m for md in GUIDE.glob("*.md") for m in re.findall(r"\(img/([^)]+)\.png\)", md.read_text("utf-8"))}
    assert shown == set(names)
    assert {p.stem for p in (GUIDE / "img").glob("*.png")} == set(names)
    assert all(re.fullmatch(r"(staff|lead|expert|finance|recommender|public)-[a-z-]+", n) for n in names)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not OUT, reason="set ITISA_SCREENSHOTS=<folder> (make screenshots) to take them")
def test_take_the_guide_screenshots(chromium, live_server):
    """docs/guide/img/<role>-<page>.png: 1280 px wide viewport pictures of the pages each guide describes."""
    call_command("seed_demo", alliances=0, stdout=io.StringIO(), stderr=io.StringIO())
    places = _guide_places()
    out = GUIDE / "img"
    pages: dict[str | None, Any] = {}
    failed: list[str] = []
    for name, username, url, at in GUIDE_SHOTS:
        if username not in pages:
            pages[username] = _page(chromium, live_server, username)
        page = pages[username]
        try:
            response = page.goto(url.format(**places))
            assert response is not None and response.ok, f"{response and response.status}"
            page.wait_for_load_state("networkidle")
            if at:
                page.evaluate("sel => window.scrollTo(0, document.querySelector(sel).getBoundingClientRect().top"
                              " + window.scrollY - 16)", at)
            page.screenshot(path=str(out / f"{name}.png"))
            _small(out / f"{name}.png")
        except Exception as error:  # every other picture is still taken; the list says which failed
            failed.append(f"{name} {url.format(**places)}: {error}")
    assert not failed, failed
