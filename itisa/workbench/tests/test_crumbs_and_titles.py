"""Breadcrumbs on every inner page from one table, the current page marked in the navigation, and a home
page title that names the site once (ADR 0020)."""

from __future__ import annotations

import re

import pytest

from itisa.workbench.templatetags.crumbs import here

pytestmark = pytest.mark.django_db


def _crumbs(page: str) -> list[str]:
    nav = re.search(r'<nav class="crumbs"[^>]*>(.*?)</nav>', page, re.S)
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', nav.group(1)) if nav else []


def test_the_home_page_title_names_the_site_once(client):
    page = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()
    assert title == "产业技术创新战略联盟管理平台"
    assert _crumbs(page) == []  # no trail on the home page itself


def test_an_inner_page_title_is_the_page_then_the_site(client):
    title = re.search(r"<title>(.*?)</title>", client.get("/notices/").content.decode(), re.S).group(1)
    assert title == "公示 · 产业技术创新战略联盟管理平台"


def test_public_pages_have_their_trail(client, make_alliance):
    alliance = make_alliance("昆明花卉产业技术创新战略联盟", juris="kunming-kjj")
    assert _crumbs(client.get("/register/").content.decode()) == ["首页"]
    assert _crumbs(client.get(f"/register/{alliance.pk}/").content.decode()) == ["首页", "联盟名录"]


def test_the_current_page_and_its_section_are_marked():
    nav = '<nav><a href="/work/">W</a><a href="/work/calls/">C</a><a href="/register/">R</a></nav>'
    assert '<a href="/work/calls/" aria-current="page">' in here(nav, "/work/calls/")
    assert '<a href="/work/calls/" aria-current="true">' in here(nav, "/work/calls/7/")  # the deepest section
    assert '<a href="/work/" aria-current="true">' in here(nav, "/work/cases/3/")
    assert "aria-current" not in here(nav, "/verify/abc/")
    marked = '<nav><a href="/my/a/1/" aria-current="page">O</a><a href="/my/a/1/members/">M</a></nav>'
    assert here(marked, "/my/a/1/members/") == marked  # a block that marks itself is left alone
