"""Keep a commenter's own view of their pending comments out of search engines."""

from .views import NOINDEX


class NoindexOwnCommentsMiddleware:
    """A page that shows the reader their own comments awaiting moderation is theirs
    alone: `comment_thread` marks the request, and the response says noindex."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "shows_own_pending_comments", False):
            response["X-Robots-Tag"] = NOINDEX
        return response
