"""No dead ends in the wizard (issue 10 §2): the submit button stays disabled while required materials are
missing and the checklist names them; a case returned for revision reopens the uploads; submitting sits
behind a confirmation naming its consequence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from itisa.workflow.models import Case
from itisa.workflow.services import case_act

pytestmark = pytest.mark.django_db


def test_submit_is_disabled_while_materials_are_missing_and_says_what(client, wn, pdf_upload):
    alliance = wn["alliance"]
    client.force_login(wn["lead"])
    client.post(reverse("leadunit:application_open", args=[alliance.pk]), {})
    case = Case.objects.get(alliance=alliance)
    url = reverse("leadunit:application", args=[alliance.pk])
    page = client.get(url).content.decode()
    assert 'id="missing-materials"' in page and "推荐单位签署的意见" in page and "第十一条" in page
    assert 'disabled aria-describedby="missing-materials"' in page
    for material in ("application_form", "supporting_materials", "recommender_opinion"):
        client.post(
            reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
            {"material_id": material, "file": pdf_upload(f"{material}.pdf")},
        )
    page = client.get(url).content.decode()
    assert 'id="missing-materials"' not in page and 'disabled aria-describedby="missing-materials"' not in page
    assert '<details class="confirm">' in page  # the submission is confirmed, naming what follows


def test_a_returned_case_reopens_the_uploads(client, wn, pdf_upload):
    alliance = wn["alliance"]
    client.force_login(wn["lead"])
    client.post(reverse("leadunit:application_open", args=[alliance.pk]), {})
    case = Case.objects.get(alliance=alliance)
    for material in ("application_form", "supporting_materials", "recommender_opinion"):
        client.post(
            reverse("leadunit:application_material", args=[alliance.pk, case.pk]),
            {"material_id": material, "file": pdf_upload(f"{material}.pdf")},
        )
    attach = reverse("leadunit:application_material", args=[alliance.pk, case.pk])
    client.post(
        reverse("leadunit:application_act", args=[alliance.pk, case.pk]), {"action": "submit", "expected_version": 0}
    )
    url = reverse("leadunit:application", args=[alliance.pk])
    assert f'action="{attach}"' not in client.get(url).content.decode()  # submitted: uploads closed
    case_act(actor=wn["recommender"], case=case, action="return_for_revision", reason="请补充材料。")
    page = client.get(url).content.decode()
    assert f'action="{attach}"' in page  # returned: uploads open again
    replaced = client.post(attach, {"material_id": "supporting_materials", "file": pdf_upload("more.pdf")})
    assert replaced.status_code == 302
    assert case.materials.filter(material_id="supporting_materials").count() >= 1
