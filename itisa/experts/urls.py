from django.urls import path

from itisa.experts import moves, views

app_name = "experts"
urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/sheet/<str:round>/", views.sheet, name="sheet"),
    path("cases/<int:pk>/act/", moves.case_move, name="case_act"),
    path("cases/<int:pk>/site-visit/", views.site_visit, name="site_visit"),
    path("cases/<int:pk>/materials/<int:doc>/", views.material, name="material"),
]
