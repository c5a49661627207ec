from django.urls import path

from itisa.staff import claims_views, procedures, views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/decide/", views.case_decide, name="decide"),
    path("cases/<int:pk>/documents/<int:doc>/", views.case_document, name="document"),
    path("cases/<int:pk>/objections/<int:objection>/resolve/", views.objection_decide, name="objection_resolve"),
    path("cases/<int:pk>/experts/", views.case_experts, name="experts"),
    path("cases/<int:pk>/experts/<int:assignment>/withdraw/", views.case_unassign, name="unassign"),
    path("alliances/", views.alliances, name="alliances"),
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance"),
    path("alliances/<int:pk>/grade/", views.alliance_grade, name="grade"),
    path("alliances/<int:pk>/consequences/", views.alliance_apply, name="consequences_apply"),
    path("alliances/<int:pk>/rectifications/<int:rectification>/judge/", views.rectification_decide,
         name="rectification_judge"),
    path("alliances/<int:pk>/revoke/", views.alliance_revoke_view, name="revoke"),
    path("alliances/<int:pk>/compare/", views.alliance_compare, name="compare"),
    path("alliances/<int:pk>/procedures/open/", procedures.open_case, name="open_case"),
    path("alliances/<int:pk>/levels/", procedures.record_level, name="record_level"),
    path("money/", views.money, name="money"),
    path("money/propose/", views.money_propose, name="propose"),
    path("money/<int:pk>/", views.money_detail, name="proposal"),
    path("money/claims/", claims_views.claims, name="claims"),
    path("money/claims/<int:claim>/", claims_views.claim_detail, name="claim"),
    path("money/claims/<int:claim>/documents/<int:doc>/", claims_views.claim_document, name="claim_document"),
    path("money/outside/", claims_views.outside_funding, name="outside_funding"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/endorse/", views.report_endorse_view, name="endorse"),
]
