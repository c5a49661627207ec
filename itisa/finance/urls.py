from django.urls import path

from itisa.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.home, name="home"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/<int:pk>/pay/", views.pay, name="pay"),
    path("ledger/<int:pk>/claw-back/", views.claw_back, name="claw_back"),
    path("simulate/", views.simulate, name="simulate"),
]
