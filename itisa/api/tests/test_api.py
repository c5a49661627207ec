"""The REST API: scoped like the pages, authenticated by personal tokens, one error shape (docs/api.md)."""

from __future__ import annotations

import pytest

from itisa.api.models import ApiToken
from itisa.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["items"]}


def test_the_public_reads_only_the_public_register(client, cast):
    assert names(client.get("/api/v1/alliances")) == {"昆明花卉产业技术创新战略联盟"}
    hidden = client.get(f"/api/v1/alliances/{cast['luoyang'].pk}")
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "not_found"


def test_a_lead_unit_token_sees_its_own_alliance_in_preparation(client, cast, token_for):
    key = token_for(cast["lead_luoyang"])
    assert "洛阳市轴承产业技术创新战略联盟" in names(client.get("/api/v1/alliances", headers=bearer(key)))
    detail = client.get(f"/api/v1/alliances/{cast['luoyang'].pk}", headers=bearer(key)).json()
    assert detail["status"] == "preparing" and detail["status_label"]
    members = client.get(f"/api/v1/alliances/{cast['luoyang'].pk}/members", headers=bearer(key)).json()
    assert [m["organisation"]["name"] for m in members["items"]] == ["洛阳轴研科技股份有限公司"]


def test_another_bureau_cannot_read_an_alliance_outside_its_scope(client, cast, token_for):
    key = token_for(cast["staff_kunming"])
    assert client.get(f"/api/v1/alliances/{cast['luoyang'].pk}", headers=bearer(key)).status_code == 404
    assert (
        client.get(f"/api/v1/alliances/{cast['luoyang'].pk}/eligibility?on=2024-06-01", headers=bearer(key)).status_code
        == 404
    )


def test_eligibility_names_the_regulation_and_its_articles(client, cast, token_for):
    key = token_for(cast["lead_luoyang"])
    body = client.get(f"/api/v1/alliances/{cast['luoyang'].pk}/eligibility?on=2019-06-01", headers=bearer(key)).json()
    assert body["regulation"].startswith("410300-luoyang")
    assert body["result"]["conditions"], body
    assert all(c["citation"]["article"] for c in body["result"]["conditions"])


def test_engine_answers_need_a_caller(client, cast):
    refused = client.get(f"/api/v1/alliances/{cast['kunming'].pk}/deadlines?on=2024-06-01")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


def test_a_bad_token_is_refused_not_treated_as_the_public(client, cast):
    refused = client.get("/api/v1/alliances", headers=bearer("itisa_not-a-real-token"))
    assert refused.status_code == 401


def test_a_revoked_token_no_longer_works(client, cast, token_for):
    from itisa.api.services import api_token_revoke

    key = token_for(cast["lead_luoyang"])
    token = ApiToken.objects.get(user=cast["lead_luoyang"])
    api_token_revoke(actor=cast["lead_luoyang"], token=token)
    assert client.get("/api/v1/applications", headers=bearer(key)).status_code == 401


def test_tokens_are_created_and_revoked_on_the_web_with_audit_events(client, cast):
    client.force_login(cast["nobody"])
    page = client.post("/api/tokens/", {"name": "数据交换"})
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key.startswith("itisa_")
    token = ApiToken.objects.get(user=cast["nobody"])
    assert token.key_hash != key and key not in token.key_hash  # only a hash is kept
    assert client.get("/api/tokens/").content.decode().count(key) == 0  # shown once
    client.post(f"/api/tokens/{token.pk}/revoke/")  # without confirming: nothing happens
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(f"/api/tokens/{token.pk}/revoke/", {"confirm": "1"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    actions = list(
        AuditEvent.objects.filter(target_type="api.apitoken").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["api_token.create", "api_token.revoke"]


def test_nobody_revokes_someone_elses_token(client, cast, token_for):
    token_for(cast["lead_luoyang"])
    token = ApiToken.objects.get(user=cast["lead_luoyang"])
    client.force_login(cast["nobody"])
    assert client.post(f"/api/tokens/{token.pk}/revoke/", {"confirm": "1"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_name_of_only_invisible_characters_is_refused(client, cast):
    client.force_login(cast["nobody"])
    page = client.post("/api/tokens/", {"name": "\u200b \u200b"})
    assert page.context["new_key"] is None
    assert not ApiToken.objects.exists()


def test_errors_have_one_shape(client, cast):
    bad_date = client.get(f"/api/v1/alliances/{cast['kunming'].pk}/deadlines?on=2018-13-40", headers=bearer("itisa_x"))
    assert bad_date.status_code in (401, 422)
    invalid = client.get("/api/v1/alliances?page=0")
    assert invalid.status_code == 422
    error = invalid.json()["error"]
    assert error["code"] == "invalid" and error["details"][0]["field"] == "page"


def test_lists_are_paginated_with_a_count(client, cast):
    body = client.get("/api/v1/alliances?page_size=1").json()
    assert body["count"] == 1 and len(body["items"]) == 1


def test_a_lead_unit_reads_its_applications_but_not_others(client, cast, token_for, django_user_model):
    from itisa.workflow.models import Case

    key = token_for(cast["lead_luoyang"])
    assert (
        client.get("/api/v1/applications", headers=bearer(key)).json()["count"]
        == Case.objects.filter(alliance=cast["luoyang"]).count()
    )
    other = token_for(cast["staff_kunming"])
    for case in Case.objects.filter(alliance=cast["luoyang"]):
        assert client.get(f"/api/v1/applications/{case.pk}", headers=bearer(other)).status_code == 404


def test_the_rate_limit_answers_429_with_retry_after(client, cast, settings):
    from django.core.cache import cache

    from itisa.api.endpoints import THROTTLES

    cache.clear()
    throttle = THROTTLES[0]
    original = throttle.rate, throttle.num_requests, throttle.duration
    throttle.rate, throttle.num_requests, throttle.duration = "2/m", 2, 60
    try:
        codes = [client.get("/api/v1/regulations").status_code for _ in range(3)]
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = original
        cache.clear()
    assert codes == [200, 200, 429]


def test_the_openapi_schema_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/alliances/{alliance_id}/entitlements" in schema["paths"]
    assert "BearerAuth" in str(schema["components"]["securitySchemes"]) or schema["components"]["securitySchemes"]
