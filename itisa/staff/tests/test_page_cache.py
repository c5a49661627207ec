"""The main lists kept per data version (``itisa.core.page_cache``): a second view of an unchanged register is
served without reading the list again, any audited write shows at once, and what one person was shown never
reaches another person, another language, a page with a message, or an export."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itisa.register.models import Alliance
from itisa.register.services import alliance_update

pytestmark = pytest.mark.django_db
LIST = "/work/alliances/"


@pytest.fixture(autouse=True)
def kept(settings):
    settings.ITISA_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def luoyang(make_alliance, person, jurisdiction):
    alliance = make_alliance("洛阳市轴承产业技术创新战略联盟", juris="luoyang-kjj")
    return alliance, person("ly_staff", role="bureau_staff", jurisdiction=jurisdiction("luoyang-kjj"))


def _plain(page: str) -> str:
    """The page without its CSRF tokens (each serving masks the visitor's secret anew)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "<token>", page)


def _get(client, path=LIST, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_second_view_of_an_unchanged_register_reads_no_list(client, luoyang):
    alliance, staff = luoyang
    client.force_login(staff)
    first, first_queries = _get(client)
    second, second_queries = _get(client)
    assert alliance.name in first
    assert _plain(second) == _plain(first)
    assert second_queries <= 4 < first_queries  # the session, the user, the data version: no list, no count


def test_an_audited_write_shows_at_once(client, luoyang, system_actor):
    alliance, staff = luoyang
    client.force_login(staff)
    assert "洛阳市轴承" in _get(client)[0]
    alliance_update(actor=system_actor, alliance=alliance, reason="更名", name="洛阳市精密轴承产业技术创新战略联盟")
    page = _get(client)[0]
    assert "洛阳市精密轴承产业技术创新战略联盟" in page


def test_a_write_no_audit_event_marks_waits_for_the_time_limit(client, luoyang, settings):
    alliance, staff = luoyang
    client.force_login(staff)
    _get(client)
    Alliance.objects.filter(pk=alliance.pk).update(name="未经服务改名的联盟")  # as a bulk load would
    assert "未经服务改名的联盟" not in _get(client)[0]  # the kept page, until ITISA_PAGE_CACHE_SECONDS pass
    settings.ITISA_PAGE_CACHE_SECONDS = 0
    assert "未经服务改名的联盟" in _get(client)[0]


def test_each_person_is_shown_their_own_scope(client, luoyang, make_alliance, person, jurisdiction):
    alliance, staff = luoyang
    other = make_alliance("渭南市煤化工产业技术创新战略联盟", juris="weinan-kjj")
    weinan_staff = person("wn_staff", role="bureau_staff", jurisdiction=jurisdiction("weinan-kjj"))
    client.force_login(staff)
    _get(client)
    client.force_login(weinan_staff)
    page = _get(client)[0]
    assert other.name in page and alliance.name not in page


def test_english_and_chinese_are_kept_apart(client, luoyang, settings):
    _, staff = luoyang
    client.force_login(staff)
    assert 'lang="zh-hans"' in _get(client)[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert 'lang="en"' in _get(client)[0]


def test_a_message_is_shown_once_and_never_kept(client, luoyang):
    _, staff = luoyang
    client.force_login(staff)
    plain = _get(client)[0]
    store = CookieStorage(RequestFactory().get(LIST))
    client.cookies["messages"] = store._encode([Message(constants.SUCCESS, "已保存：联盟信息")])
    with_message = _get(client)[0]
    assert "已保存：联盟信息" in with_message and "已保存：联盟信息" not in plain
    assert "已保存：联盟信息" not in _get(client)[0]  # shown once; the next view is the kept page again


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _secret_of(client) -> str:
    from django.conf import settings

    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_a_kept_page_carries_each_visitors_own_token_and_its_forms_are_accepted(luoyang):
    from django.middleware.csrf import _unmask_cipher_token

    _, staff = luoyang
    one, two = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one.force_login(staff)
    two.force_login(staff)  # the same person in another browser: another session, another secret (a sign-in is audited)
    _get(one)
    page, queries = _get(two)
    assert queries <= 4  # the page kept for the first browser
    tokens = set(re.findall(r"\b[A-Za-z0-9]{64}\b", page))
    assert tokens and {_unmask_cipher_token(t) for t in tokens} == {_secret_of(two)} != {_secret_of(one)}
    for client, body in ((one, _get(one)[0]), (two, page)):
        answer = client.post(reverse("set_language"), {"language": "en", "next": LIST,
                                                       "csrfmiddlewaretoken": TOKEN.search(body).group(1)})
        assert answer.status_code == 302


def test_visitors_share_the_public_register_but_never_a_token(client, make_alliance, system_actor):
    from django.middleware.csrf import _unmask_cipher_token

    from itisa.register.services import alliance_set_status

    alliance = make_alliance("昆明市高原特色农业产业技术创新战略联盟", juris="kunming-kjj")
    alliance_set_status(actor=system_actor, alliance=alliance, status="recognised", reason="认定")
    path = reverse("public:register")
    _, first_queries = _get(client, path)
    other = Client(enforce_csrf_checks=True)
    second, second_queries = _get(other, path)
    assert alliance.name in second and second_queries < first_queries
    assert _unmask_cipher_token(TOKEN.search(second).group(1)) == _secret_of(other) != _secret_of(client)
    answer = other.post(reverse("set_language"), {"language": "en", "next": path,
                                                  "csrfmiddlewaretoken": TOKEN.search(second).group(1)})
    assert answer.status_code == 302


def test_an_export_is_read_afresh(client, luoyang):
    alliance, staff = luoyang
    client.force_login(staff)

    def export() -> str:
        response = client.get(LIST, {"export": "csv"})
        assert response["Content-Type"].startswith("text/csv")
        return b"".join(response.streaming_content).decode("utf-8-sig")

    assert alliance.name in export()
    Alliance.objects.filter(pk=alliance.pk).update(name="导出时的新名称")  # no audit event: a kept page would not move
    assert "导出时的新名称" in export()


def test_the_public_register_is_kept_for_a_visitor_and_moves_with_a_recognition(client, make_alliance, system_actor):
    from itisa.register.services import alliance_set_status

    alliance = make_alliance("昆明市高原特色农业产业技术创新战略联盟", juris="kunming-kjj")
    path = reverse("public:register")
    first, first_queries = _get(client, path)
    second, second_queries = _get(client, path)
    assert alliance.name not in first and _plain(second) == _plain(first) and second_queries < first_queries
    alliance_set_status(actor=system_actor, alliance=alliance, status="recognised", reason="认定")
    assert alliance.name in _get(client, path)[0]


def test_a_made_up_long_query_is_not_kept(client, luoyang):
    _, staff = luoyang
    client.force_login(staff)
    path = LIST + "?q=" + "联" * 200
    _get(client, path)
    assert _get(client, path)[1] > 4  # read again: such queries cannot fill the cache
