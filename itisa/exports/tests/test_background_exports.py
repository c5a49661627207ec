"""Exports read plain rows with labels looked up once; a workbook longer than ITISA_EXCEL_INLINE_MAX_ROWS is
built in the background for the person who asked, who follows it on "My exports" and alone downloads it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from itisa.exports.models import ExportJob, ExportStatus
from itisa.register.models import Alliance
from itisa.register.synthetic import generate_register
from tests.support import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_of_30(db):
    generate_register(alliances=30, seed=7, today=date(2026, 11, 21))
    return Alliance.objects.count()


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser(username="boss", password="x")


def test_a_csv_export_costs_the_same_few_queries_for_any_number_of_rows(client, register_of_30, boss,
                                                                        django_assert_max_num_queries):
    client.force_login(boss)
    with django_assert_max_num_queries(8):  # session, user, roles, the rows: none per row
        text = body(client.get(reverse("staff:alliances"), {"export": "csv"})).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == register_of_30 + 1
    statuses = {str(label) for _code, label in Alliance._meta.get_field("status").flatchoices}
    assert {line.split(",")[2] for line in text.strip().splitlines()[1:]} <= statuses  # words, not codes


def test_a_short_workbook_is_built_in_the_request(client, register_of_30, boss, settings):
    settings.ITISA_EXCEL_INLINE_MAX_ROWS = 1000
    client.force_login(boss)
    response = client.get(reverse("staff:alliances"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


def test_a_long_workbook_is_built_in_the_background_and_only_its_requester_downloads_it(
        client, register_of_30, boss, settings, django_user_model, django_capture_on_commit_callbacks):
    settings.ITISA_EXCEL_INLINE_MAX_ROWS = 10
    client.force_login(boss)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get(reverse("staff:alliances"), {"export": "xlsx", "q": ""})
    assert answer.status_code == 302 and answer["Location"] == reverse("exports:mine")
    job = ExportJob.objects.get()
    assert (job.requester, job.kind, job.status) == (boss, "alliances", ExportStatus.DONE)
    assert job.rows == job.progress == register_of_30 and job.finished_at is not None
    page = client.get(reverse("exports:mine")).content.decode()
    assert reverse("exports:download", args=[job.pk]) in page and "hx-trigger" not in page  # done: no polling
    sheet = load_workbook(io.BytesIO(body(client.get(reverse("exports:download", args=[job.pk]))))).active
    assert sheet.max_row == register_of_30 + 2  # title, header, the rows
    other = django_user_model.objects.create_user(username="other", password="x")
    client.force_login(other)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert reverse("exports:download", args=[job.pk]) not in client.get(reverse("exports:mine")).content.decode()
    client.logout()
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 302  # to the login page


def test_a_job_being_built_shows_its_progress_and_the_page_polls(client, django_user_model):
    me = django_user_model.objects.create_user(username="me", password="x")
    ExportJob.objects.create(requester=me, kind="cases", rows=200, progress=50, status=ExportStatus.RUNNING)
    client.force_login(me)
    page = client.get(reverse("exports:mine")).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page and "<script" not in page.split("<main")[1]
    fragment = client.get(reverse("exports:mine"), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="export-jobs"')


def test_a_requester_who_lost_the_list_gets_a_failed_job_and_no_file(register_of_30, boss, settings):
    from itisa.exports.build import build

    job = ExportJob.objects.create(requester=boss, kind="alliances", rows=30,
                                   params={"path": reverse("staff:alliances"), "query": "export=xlsx"})
    boss.is_superuser = False
    boss.save()
    build(job)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and not job.file


def test_progress_is_reported_while_the_workbook_is_written():
    from itisa.core.exports import xlsx_write

    seen: list[int] = []
    written = xlsx_write(io.BytesIO(), "t", ["a"], ([i] for i in range(25)), progress=seen.append, every=10)
    assert written == 25 and seen == [10, 20]


def test_an_anonymous_visitor_gets_the_public_register_workbook_in_the_request(client, register_of_30, settings):
    settings.ITISA_EXCEL_INLINE_MAX_ROWS = 1
    response = client.get(reverse("public:register"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()
