"""The public pages on a 375 px phone, in Chinese: no sideways scrolling; each list row becomes a card whose
values sit under their column's name (the cell's data-label, site.css), the sort links kept above the cards."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from .conftest import zh

pytestmark = pytest.mark.django_db(transaction=True)

FITS = "document.documentElement.scrollWidth <= window.innerWidth"
#: The cells of the first row of the page's restacked list: their label and whether they are laid out as a card.
FIRST_ROW = """() => [...document.querySelectorAll('table.stack tbody tr:first-child td[data-label]')]
    .map(td => [td.dataset.label, getComputedStyle(td).display, getComputedStyle(td, '::before').content])"""


def test_the_public_lists_restack_into_cards_on_a_phone(chromium, live_server):
    call_command("seed_demo", alliances=0, stdout=io.StringIO(), stderr=io.StringIO())
    from itisa.recognition.models import Recognition

    code = Recognition.objects.order_by("pk").values_list("verification_code", flat=True).first()
    context = chromium.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    lists = {"/": zh("Name"), "/register/": zh("Name"), "/notices/": zh("Notice"), "/register/revoked/": zh("Alliance")}
    for url, first_label in lists.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "zh-hans", url
        assert page.evaluate(FITS), (url, page.evaluate("document.documentElement.scrollWidth"))
        cells = page.evaluate(FIRST_ROW)
        assert cells and cells[0][0] == first_label, (url, cells)
        assert all(display == "grid" and before == f'"{label}"' for label, display, before in cells), (url, cells)
    page.goto("/register/?sort=-name")  # the sort links stay usable above the cards
    assert page.locator("table.stack thead a.sort").first.is_visible()
    page.goto(f"/verify/{code}/")
    assert page.locator("h1").inner_text() == zh("Certificate verification")
    assert page.evaluate(FITS)
    page.set_viewport_size({"width": 1280, "height": 900})  # on a desk the same list is a table again
    page.goto("/register/")
    assert page.evaluate("getComputedStyle(document.querySelector('table.stack tbody td')).display") == "table-cell"
    context.close()
