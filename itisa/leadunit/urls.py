from django.urls import path

from itisa.leadunit import views

app_name = "leadunit"
urlpatterns = [
    path("", views.home, name="home"),
]
