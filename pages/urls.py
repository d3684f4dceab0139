from django.urls import path

from articles.urls import UnicodeSlugConverter  # noqa: F401  (registers "uslug")

from . import views

app_name = "pages"

urlpatterns = [
    path("pages/<uslug:slug>/", views.page_detail, name="detail"),
]
