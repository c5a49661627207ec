from django.urls import path

from itisa.recognition import views

app_name = "recognition"
urlpatterns = [
    path("verify/<str:code>/", views.verify, name="verify"),
]
