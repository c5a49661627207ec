from django.urls import path

from itisa.register import views

app_name = "register"
urlpatterns = [
    path("organisations/import/", views.organisations_import, name="organisations_import"),
    path("organisations/template.xlsx", views.organisations_template, name="organisations_template"),
    path("alliances/import/", views.register_import_page, name="register_import"),
    path("alliances/template.xlsx", views.register_template, name="register_template"),
]
