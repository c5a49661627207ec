from django.urls import path

from itisa.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.download, name="download"),
]
