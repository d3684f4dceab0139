from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("preview/articles/<int:pk>/", views.article_preview, name="preview"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
]
