"""The ground floor's own routes (health checks). The root URL configuration adds, under the same ``core``
namespace, the home page (``itisa.workbench``) and the region picker (``itisa.register``): ``core`` imports
no other app."""

from django.urls import path

from itisa.core import health

app_name = "core"
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
