from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.post_comment, name="post"),
    path("articles/<slug:slug>/comments/token/", views.form_token, name="token"),
    path("comments/<int:pk>/report/", views.report_comment, name="report"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
