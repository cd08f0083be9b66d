"""The site's URLs plus the API at /api/, for tests (the lead mounts the API in config/urls.py)."""

from django.urls import path

from archive.api import api
from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("api/", api.urls), *site_urlpatterns]
