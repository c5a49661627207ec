from django.urls import path

from itisa.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.holidays, name="holidays"),
]
