from django.urls import path

from itisa.finance import funds_views, inspections_views, views

app_name = "finance"
urlpatterns = [
    path("", views.home, name="home"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<int:pk>/pay/", views.pay, name="pay"),
    path("ledger/<int:pk>/claw-back/", views.claw_back, name="claw_back"),
    path("simulate/", views.simulate, name="simulate"),
    path("funds/", funds_views.funds, name="funds"),
    path("funds/<int:fund>/", funds_views.fund_detail, name="fund"),
    path("inspections/", inspections_views.inspections, name="inspections"),
    path("inspections/alliances/<int:pk>/", inspections_views.inspection_new, name="inspection"),
]
