"""The site's URLs plus the recognition app's, until config/urls.py includes them."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = [*site, path("", include("itisa.recognition.urls"))]
