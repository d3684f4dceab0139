from django.urls import path

from . import views

app_name = "previews"

# Under /preview/: the caches and the replica router already pass it to the app's primary.
urlpatterns = [
    path("preview/<str:token>/", views.article_preview, name="article"),
    path("preview/<str:token>/media/<path:path>", views.article_media, name="media"),
]
