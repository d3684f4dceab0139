from django.http import HttpResponsePermanentRedirect

from .addresses import lookup, query_form


class OldAddressMiddleware:
    """Answer the old site's addresses with a 301 to their pages here.

    Looked up only when the address is one of WordPress's query forms on the front
    page ("/?p=12") or would otherwise be a 404, so no other page pays a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        query = query_form(request.path, request.GET)
        if query and request.path == "/":
            target = lookup([query])
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            target = lookup([query, request.path] if query else [request.path])
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
