from django.urls import path

from itisa.public import views

app_name = "public"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/<int:pk>/", views.alliance_detail, name="alliance"),
    path("register/revoked/", views.revoked, name="revoked"),
    path("documents/<int:pk>/", views.public_document, name="document"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("regulations/", views.packs, name="packs"),
    path("regulations/<str:folder>/<str:year>/", views.pack_detail, name="pack"),
]
