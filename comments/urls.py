from django.urls import path

from articles.urls import UnicodeSlugConverter  # noqa: F401  (registers "uslug")

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<uslug:slug>/comments/", views.post_comment, name="post"),
    path("articles/<uslug:slug>/comments/token/", views.form_token, name="token"),
    path("comments/<int:pk>/report/", views.report_comment, name="report"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
