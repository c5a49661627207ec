"""In the browser: the public home (linked rows, verification-code field) and each demo role's workbench
after login. (The user guides' pictures, docs/guide/img/, are taken by test_screenshots.py.)"""

from __future__ import annotations

from datetime import date

import pytest

from itisa.demo.seeding import DEMO_PASSWORD, seed_demo
from itisa.recognition.models import Recognition

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = (
    ("lead_kunming", "牵头单位", "我的联盟"),
    ("recommender_luolong", "推荐单位", "待办事项"),
    ("staff_kunming", "科技局工作人员", "待办事项"),
    ("expert_demo", "评审专家", "我的评审"),
    ("finance_kunming", "财务", "资金与台账"),
)


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo(alliances=10, today=date.today())


def test_the_public_home_links_rows_and_verifies_a_code(page, shot, demo):
    page.goto("/")
    first = page.locator("main table tbody a").first
    name = first.inner_text()
    shot(page, "guide-public-home")
    code = Recognition.objects.order_by("pk").first().verification_code
    page.get_by_label("核验证书：输入证书上的验证码").fill(code)
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state("networkidle")
    assert f"/verify/{code}/" in page.url
    shot(page, "guide-public-verify")
    page.goto("/")
    page.get_by_role("link", name=name).first.click()
    page.wait_for_load_state("networkidle")
    assert "/register/" in page.url and name in page.content()


@pytest.mark.parametrize(("username", "role", "section"), ROLES)
def test_each_role_lands_on_its_workbench(page, login, shot, demo, username, role, section):
    login(username, DEMO_PASSWORD)
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "我的工作台"
    assert page.get_by_role("heading", level=2, name=section).is_visible()
    shot(page, f"guide-{username}")
