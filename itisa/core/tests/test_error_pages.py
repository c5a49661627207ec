"""With DEBUG off (as the demo and production run) errors show the site's own translated pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import override_settings
from django.urls import include, path


def _boom(request):
    raise ZeroDivisionError("secret detail")


def _denied(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("boom", _boom),
    path("denied", _denied),
    path("bad", _bad),
    path("", include("config.urls")),
]


@pytest.fixture
def error_urls():
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        yield


@pytest.mark.django_db
def test_it_shows_a_chinese_404(client, error_urls):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() and "返回首页" in response.content.decode()


@pytest.mark.django_db
def test_it_shows_a_500_without_the_error_detail(client, error_urls):
    client.raise_request_exception = False
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器错误" in body and "secret detail" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_it_shows_a_403_and_a_400(client, error_urls):
    assert "无权访问" in client.get("/denied").content.decode()
    response = client.get("/bad")
    assert response.status_code == 400 and "请求有误" in response.content.decode()


def test_uploaded_files_are_not_served_as_static_media(client, settings):
    # Documents are handed out only by views that check who asks; /media/ must not exist as a URL.
    with override_settings(DEBUG=False):
        from django.urls import Resolver404, resolve

        with pytest.raises(Resolver404):
            resolve(f"/{settings.MEDIA_URL}documents/ab/x.pdf".replace("//", "/"))


@pytest.mark.django_db
def test_an_unknown_host_gets_a_400_page_not_a_500(client, error_urls):
    # DisallowedHost is raised before the authentication middleware: the page must not need request.user.
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400 and "请求有误" in response.content.decode()
