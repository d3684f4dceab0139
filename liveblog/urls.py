from django.urls import path

from articles.urls import UnicodeSlugConverter  # noqa: F401  (registers "uslug")

from . import feeds, views

app_name = "liveblog"

urlpatterns = [
    path("articles/<uslug:slug>/live/", views.poll, name="poll"),
    path("articles/<uslug:slug>/live/feed/", feeds.live_feed, name="feed"),
]
