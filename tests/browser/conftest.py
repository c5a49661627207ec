"""Real Chromium (Debian's package, launched by path: no browser download) against a real server.

The server is pytest-django's ``live_server`` (a threaded WSGI server on loopback). Screenshots go to
``test-output/screenshots/`` for people to look at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make here are
# ordinary synchronous calls between page actions, not from inside a coroutine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--metrics-recording-only", "--mute-audio"]


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` (see .ci/system-packages.txt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page):
    def do(username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")

    return do



# ---------------------------------------------------------------- the stories' cast and clock
# (fixtures used by the story modules: people who log in, experts, a server clock one can move, PDFs)

from datetime import date as _date  # noqa: E402
from datetime import timedelta as _timedelta  # noqa: E402

PASSWORD = "Browser-2026-pass"
PDF_BYTES = b"%PDF-1.7\n%%EOF\n"


def zh(msgid: str) -> str:
    """What the Chinese interface shows for *msgid* (the zh-hans catalogue; the msgid itself where the
    catalogue has no translation yet), so the tests read the page as a person does."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return translation.gettext(msgid)


@pytest.fixture(autouse=True)
def _browser_media(settings, tmp_path):
    """Uploads and rendered certificates go to a per-test folder (the live server shares the settings)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(django_user_model):
    """A user who can log in (password ``PASSWORD``) holding one role assignment, e.g.
    ``person("km_staff", role="bureau_staff", jurisdiction=…)``."""
    from itisa.accounts.models import RoleAssignment

    def make(username: str, **role):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, full_name=username,
                                                     email=f"{username}@example.cn")
        if role:
            RoleAssignment.objects.create(user=user, **role)
        return user

    return make


@pytest.fixture
def make_expert(person, make_org, jurisdiction):
    """An expert of the pool (a user who can log in) working for a new outside organisation."""
    from itisa.reviews.services import expert_profile_create

    keeper: list = []

    def make(username: str, region: str = "320102"):
        if not keeper:
            keeper.append(person(f"{username}_pool_keeper", role="bureau_staff", jurisdiction=jurisdiction("most")))
        org = make_org(f"{username}所在大学", region=region, kind="university")
        user = person(username)
        user.organisation = org
        user.save(update_fields=["organisation"])
        return expert_profile_create(actor=keeper[0], user=user, organisation=org)

    return make


@pytest.fixture
def pdf_upload():
    """A file for Playwright's ``set_input_files``: a minimal PDF under *name*."""
    return lambda name: {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


@pytest.fixture
def browser_as(chromium, live_server):
    """``browser_as("km_lead")``: a browser of that person's own (a new context), logged in; ``browser_as(None)``:
    an anonymous visitor. Each person keeps their own cookies, as people at different desks do."""
    contexts = []

    def open_(username: str | None):
        context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                       base_url=live_server.url, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        pg = context.new_page()
        if username is not None:
            pg.goto("/accounts/login/")
            pg.fill("#id_username", username)
            pg.fill("#id_password", PASSWORD)
            with pg.expect_navigation(wait_until="load"):
                pg.click("main button[type=submit]")
            assert "/accounts/login/" not in pg.url, f"{username} could not log in"
        return pg

    yield open_
    for context in contexts:
        context.close()


class Clock:
    """The server's clock, moved by whole days. The live server runs in a thread of this process and every
    page reads "today" through ``django.utils.timezone.now`` (``localdate`` calls it), so patching that one
    function moves the date for the pages and the services they call; time of day keeps running."""

    def __init__(self, real_now):
        self._real_now = real_now
        self.shift = _timedelta(0)

    def now(self):
        return self._real_now() + self.shift

    def real_today(self) -> _date:
        from django.utils import timezone

        return timezone.localtime(self._real_now()).date()

    def today(self) -> _date:
        from django.utils import timezone

        return timezone.localtime(self.now()).date()

    def set(self, day: _date) -> None:
        self.shift = _timedelta(days=(day - self.real_today()).days)

    def reset(self) -> None:
        self.shift = _timedelta(0)


@pytest.fixture
def clock(monkeypatch):
    from django.utils import timezone

    c = Clock(timezone.now)
    monkeypatch.setattr(timezone, "now", c.now)
    return c


def follow(locator) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded."""
    with locator.page.expect_navigation(wait_until="load"):
        locator.click()


def press(scope, label: str):
    """The button that performs *label*: behind its confirmation when the act is irreversible (a
    ``details.confirm`` names the consequence; its summary is opened first, as a person does)."""
    summary = scope.locator("details.confirm > summary").filter(has_text=label)
    if summary.count():
        summary.first.click()
        return scope.locator("details.confirm[open]").get_by_role("button", name=zh("Yes: %(act)s") % {"act": label})
    return scope.get_by_role("button", name=label)


def case_tab(page, name: str) -> None:
    """Open the staff case page's tab *name* (its English word: "Decision", "Public notice", …) as a person
    does, by clicking it in the tab bar; nothing when it is already open (ADR 0020)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        label = translation.pgettext("case tab", name)
    link = page.get_by_role("navigation", name=zh("Case sections")).get_by_role("link", name=label, exact=True)
    if link.get_attribute("aria-current") != "page":
        follow(link)
