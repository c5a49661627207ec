"""The permanent no-codes crawl (issue 10 §1): every demo role, logged in, reads every page it can reach
from its landing page — in Chinese and in English — and no page shows an internal identifier, nor English
words inside a Chinese page. The demo set is the small one (10 alliances) so that the crawl stays short."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from itisa.accounts.models import Role, RoleAssignment
from tests.crawl.scanner import findings

pytestmark = pytest.mark.django_db

#: Pages each role reads per language (breadth-first); URLs differing only in numbers count once.
MAX_PAGES = 35
SKIP = re.compile(
    r"^/(accounts/logout|i18n/|static/|media/|admin/|api/|healthz|readyz)|/(export|download|file|pdf|ics|csv)\b"
)
#: People read these as they are (the login names are added from the database).
ALLOW: set[str] = set()
#: Findings known and left, each with its reason: (URL prefix, text in the snippet, why). Anything else fails.
KNOWN: list[tuple[str, str, str]] = []


def _cast() -> list:
    """One person per role and area: all bureau staff and one lead unit under each bureau (each pack reads
    differently: its deadlines, its money), one of each other role, one expert, the administrator."""
    from itisa.accounts.models import User

    picked: dict[str, object] = {}
    for ra in RoleAssignment.objects.select_related("user", "jurisdiction", "alliance").order_by("user__username"):
        key = ra.role if ra.role != Role.BUREAU_STAFF else f"{ra.role}:{ra.jurisdiction_id}"
        if ra.role == Role.LEAD_UNIT and ra.alliance is not None:
            key = f"{ra.role}:{ra.alliance.jurisdiction_id}"
        picked.setdefault(key, ra.user)
    picked["admin"] = User.objects.get(username="admin")
    return list(picked.values())


def _key(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


HREF = re.compile(r'(?:href|hx-get)="([^"#]+)')


#: Pages that read the same for everyone: scanned once per language, not once per person.
PUBLIC = re.compile(r"^/(regulations|register|notices|verify|certificates)/")


def crawl(client: Client, lang: str, public_seen: set[str]) -> dict[str, list[tuple[str, str]]]:
    """URL → findings, breadth-first from the landing page."""
    client.cookies["django_language"] = lang
    start = client.get("/", follow=True)
    first = start.redirect_chain[-1][0] if start.redirect_chain else "/"
    queue, seen, keys, found = deque([first]), {first}, {_key(first)}, {}
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        if PUBLIC.match(url):
            if url in public_seen:
                continue
            public_seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if getattr(response, "streaming", False):
            continue
        pages += 1
        html = response.content.decode()
        hits = findings(html, chinese=lang == "zh-hans", allow=ALLOW)
        if hits:
            found[url] = hits
        for href in HREF.findall(html):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or path in seen or _key(path) in keys:
                continue
            seen.add(path)
            keys.add(_key(path))
            queue.append(path)
    return found


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", alliances=10, stdout=open("/dev/null", "w"))


def test_no_page_shows_a_code_or_untranslated_english(demo):
    from itisa.accounts.models import User

    report: list[str] = []
    known: list[str] = []
    people = _cast()
    # Login names are what people type to sign in; the roles page shows them next to the person's name.
    ALLOW.update(User.objects.values_list("username", flat=True))
    assert len(people) >= 8
    public_seen: dict[str, set[str]] = {"zh-hans": set(), "en": set()}
    for user in [None, *people]:
        for lang in ("zh-hans", "en"):
            client = Client()
            if user is not None:
                client.force_login(user)
            who = getattr(user, "username", "anonymous")
            for url, hits in crawl(client, lang, public_seen[lang]).items():
                for what, snippet in hits:
                    line = f"[{who} {lang}] {url}: {what}: {snippet}"
                    if any(url.startswith(p) and text in snippet for p, text, _why in KNOWN):
                        known.append(line)
                    else:
                        report.append(line)
    print(f"{len(known)} known findings (see KNOWN):", *sorted(set(known))[:40], sep="\n  known ")
    print("\n".join(report))
    assert not report, f"{len(report)} codes or untranslated strings on pages (see the output above)"
