"""The site's own address: every absolute URL (pages, feeds, sitemaps, robots.txt,
structured data, mail) is built here from SITE_URL, never from a request's Host."""

from django.conf import settings


def absolute_url(path):
    """`path` on this site as an absolute URL (an absolute URL is returned as it is)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"
