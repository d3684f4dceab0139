from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The root URLconf wires the apps together, so it may import them
# (see [tool.importlinter] in pyproject.toml).
from articles.media import serve_media
from articles.urls import sitemap_urlpatterns

from . import health, views

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

urlpatterns = [
    path("", include("frontpage.urls")),  # the front page, named "home"
    path("robots.txt", views.robots_txt, name="robots"),
    path("search/", views.search, name="search"),
    *sitemap_urlpatterns,
    path("healthz", health.healthz, name="health"),
    path("readyz", health.readyz, name="ready"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("authors.urls")),
    path("", include("comments.urls")),
    path("", include("pages.urls")),
    path("", include("liveblog.urls")),
    path("", include("previews.urls")),
    path("api/v1/", include("api.urls")),
]

handler400 = "newsroom.views.bad_request"
handler403 = "newsroom.views.permission_denied"
handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

if settings.SERVE_MEDIA:
    # Uploaded images straight from disk: fine for one server; in production put
    # media behind the web server or object storage and set SERVE_MEDIA=off (and keep
    # unpublished articles' images private there too).
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]
