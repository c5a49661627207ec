from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from itisa.api.endpoints import api
from itisa.core import urls as core_urls
from itisa.register.views_regions import region_options
from itisa.workbench.views import home

# The ``core`` namespace keeps its names (core:home, core:region_options) while the views live in their apps.
core_patterns = [
    path("", home, name="home"),
    path("regions/options", region_options, name="region_options"),
    *core_urls.urlpatterns,
]

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
    path("exports/", include("itisa.exports.urls")),
    path("api/v1/", api.urls),
    path("api/", include("itisa.api.urls")),
    path("", include((core_patterns, "core"))),
]
# Uploaded files are never served as static media: each is handed out by a view that checks who asks.
