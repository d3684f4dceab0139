from django.conf import settings


def site(request):
    """Site-wide names for templates (no per-user data: pages stay cacheable), and the
    search box's query, empty but for search's own page (which sets it): a name the
    template engine does not find costs it a chain of exceptions every lookup."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "query": ""}
