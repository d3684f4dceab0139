"""The site's URLconf mounted under /v2/ (tests/newsroom/test_links.py)."""

from django.urls import include, path

urlpatterns = [path("v2/", include("newsroom.urls"))]
