from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from itisa.api.endpoints import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("itisa.accounts.urls")),
    path("", include("itisa.recognition.urls")),
    path("", include("itisa.public.urls")),
    path("my/", include("itisa.leadunit.urls")),
    path("work/holidays/", include("itisa.notices.urls")),
    path("work/register/", include("itisa.register.urls")),
    path("work/", include("itisa.staff.urls")),
    path("review/", include("itisa.experts.urls")),
    path("finance/", include("itisa.finance.urls")),
    path("dashboards/", include("itisa.dashboards.urls")),
    path("api/v1/", api.urls),
    path("api/", include("itisa.api.urls")),
    path("", include("itisa.core.urls")),
]
# Uploaded files are never served as static media: each is handed out by a view that checks who asks.
