from django.urls import path

from itisa.experts import views

app_name = "experts"
urlpatterns = [
    path("", views.home, name="home"),
]
