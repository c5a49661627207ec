from django.urls import path

from itisa.leadunit import claims_views, procedure_views, views

app_name = "leadunit"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:pk>/", views.alliance, name="alliance"),
    path("a/<int:pk>/deadlines.ics", views.deadlines_ics, name="deadlines_ics"),
    path("a/<int:pk>/facts/", views.facts, name="facts"),
    path("a/<int:pk>/members/", views.members, name="members"),
    path("a/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("a/<int:pk>/members/<int:mid>/end/", views.member_end, name="member_end"),
    path("a/<int:pk>/members/import/", views.member_import, name="member_import"),
    path("a/<int:pk>/members/import/template.xlsx", views.import_template, name="import_template"),
    path("a/<int:pk>/members/import/confirm/", views.member_import_confirm, name="member_import_confirm"),
    path("a/<int:pk>/documents/", views.documents, name="documents"),
    path("a/<int:pk>/documents/<int:did>/", views.document_file, name="document"),
    path("a/<int:pk>/achievements/", views.achievements, name="achievements"),
    path("a/<int:pk>/application/", views.application, name="application"),
    path("a/<int:pk>/application/eligibility/", views.eligibility, name="eligibility"),
    path("a/<int:pk>/application/open/", views.application_open, name="application_open"),
    path("a/<int:pk>/application/<int:cid>/material/", views.application_material, name="application_material"),
    path("a/<int:pk>/application/<int:cid>/act/", views.application_act, name="application_act"),
    path("a/<int:pk>/procedures/", procedure_views.procedures, name="procedures"),
    path("a/<int:pk>/procedures/open/", procedure_views.procedure_open, name="procedure_open"),
    path("a/<int:pk>/cases/<int:cid>/", procedure_views.case_detail, name="case"),
    path("a/<int:pk>/cases/<int:cid>/material/", procedure_views.case_material, name="case_material"),
    path("a/<int:pk>/cases/<int:cid>/act/", procedure_views.case_move, name="case_act"),
    path("a/<int:pk>/reports/", views.reports, name="reports"),
    path("a/<int:pk>/reports/new/<slug:kind>/", views.report_new, name="report_new"),
    path("a/<int:pk>/money/", views.money, name="money"),
    path("a/<int:pk>/claims/", claims_views.claims, name="claims"),
    path("a/<int:pk>/claims/new/<str:claim_kind>/", claims_views.claim_new, name="claim_new"),
    path("a/<int:pk>/claims/preview/<str:claim_kind>/", claims_views.claim_preview_view, name="claim_preview"),
    path("a/<int:pk>/claims/<int:claim>/", claims_views.claim_detail, name="claim"),
    path("a/<int:pk>/rectifications/", views.rectifications, name="rectifications"),
    path("a/<int:pk>/rectifications/<int:rid>/", views.rectification, name="rectification"),
]
