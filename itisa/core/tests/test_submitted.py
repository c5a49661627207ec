"""The one form → service → page step: success redirects with its message; a refusal lands on the form with
what was typed; an invalid form never reaches the service."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from itisa.core.forms import TextField, submitted


class NameForm(forms.Form):
    name = TextField(max_length=20)


def _request():
    request = RequestFactory().post("/", {"name": "江宁"})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_success_runs_the_service_once_then_redirects_with_its_message():
    request, calls = _request(), []
    form = NameForm({"name": "江宁联盟"})
    response = submitted(request, form, lambda d: calls.append(d["name"]) or len(calls),
                         done=lambda n: f"第{n}次保存", then=lambda n: f"/done/{n}/")
    assert calls == ["江宁联盟"]
    assert response.status_code == 302 and response["Location"] == "/done/1/"
    assert [str(m) for m in get_messages(request)] == ["第1次保存"]


@pytest.mark.parametrize("refusal, where", [
    (ValidationError({"name": ValidationError("名称已被使用")}), "name"),
    (ValidationError("第十条：不在受理期内"), "__all__"),
    (PermissionDenied("无权办理"), "__all__"),
])
def test_a_refusal_goes_on_the_form_and_keeps_what_was_typed(refusal, where):
    def act(_data):
        raise refusal

    request = _request()
    form = NameForm({"name": "江宁联盟"})
    assert submitted(request, form, act, done="saved", then="/done/") is None
    assert form.errors[where] and form["name"].value() == "江宁联盟"
    assert not list(get_messages(request))


def test_an_invalid_form_never_reaches_the_service():
    calls = []
    form = NameForm({"name": "   "})
    assert submitted(_request(), form, lambda d: calls.append(d), done="saved", then="/done/") is None
    assert calls == [] and form.errors["name"]


def test_another_level_or_no_message_and_a_response_instead_of_a_redirect():
    from django.contrib import messages
    from django.http import HttpResponse

    request = _request()
    response = submitted(request, NameForm({"name": "江宁联盟"}), lambda d: [],
                         done=lambda applied: (messages.INFO, "没有新的后果"), then="/done/")
    assert [(m.level, str(m)) for m in get_messages(request)] == [(messages.INFO, "没有新的后果")]
    assert response.status_code == 302

    request = _request()
    response = submitted(request, NameForm({"name": "江宁联盟"}), lambda d: d["name"], done=None,
                         then=lambda name: HttpResponse(f"测算：{name}"))
    assert response.status_code == 200 and response.content.decode() == "测算：江宁联盟"
    assert not list(get_messages(request))


def test_refused_answers_after_the_refusal_is_on_the_form():
    from django.http import HttpResponse

    def act(_data):
        raise ValidationError("已被他人处理", code="stale")

    seen = []
    form = NameForm({"name": "江宁联盟"})
    response = submitted(_request(), form, act, done="saved", then="/done/",
                         refused=lambda exc: seen.append(form.errors["__all__"]) or HttpResponse(status=409))
    assert response.status_code == 409 and seen == [["已被他人处理"]]


@pytest.mark.parametrize("refusal, words", [(PermissionDenied(), "不得办理此申报"),
                                            (PermissionDenied("无权办理"), "无权办理")])
def test_denied_words_stand_in_only_for_a_permission_denied_without_words(refusal, words):
    def act(_data):
        raise refusal

    form = NameForm({"name": "江宁联盟"})
    assert submitted(_request(), form, act, done="saved", then="/done/", denied="不得办理此申报") is None
    assert form.errors["__all__"] == [words]
