"""The page a preview link opens: the article exactly as readers will see it, plus a
banner; `noindex`, `private, no-store`, and never kept by any cache."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles.views import article_context, article_page_queryset, with_parts
from newsroom.caching import mark_private
from newsroom.publishing import is_published

from .media import preview_url_map, rewrite, serve_article_file
from .models import PreviewLink

REFUSALS = {
    "invalid": (404, "This preview link does not exist",
                "Check that the whole address was copied, or ask the editor who sent it "
                "for a new one."),
    "revoked": (410, "This preview link was withdrawn",
                "The editor who shared it has revoked it. Ask them for a new link if you "
                "still need to see the article."),
    "expired": (410, "This preview link has expired",
                "Preview links work for a limited time. Ask the editor who sent it for a "
                "new one."),
}


def private(response):
    """What every answer to a preview address carries, whatever its status."""
    mark_private(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the address: never send it on to a site the reader follows a link to.
    response["Referrer-Policy"] = "no-referrer"
    return response


def refusal(request, problem):
    status, title, message = REFUSALS[problem]
    response = render(request, "previews/refused.html", {"title": title, "message": message},
                      status=status)
    return private(response)


def working_link(token):
    link, problem = PreviewLink.objects.resolve(token)
    return (None, problem) if problem else (link, None)


@require_GET
def article_preview(request, token):
    link, problem = working_link(token)
    if problem:
        return refusal(request, problem)
    article = article_page_queryset(link.article.__class__.objects.all()).filter(
        pk=link.article_id).first()
    if article is None:
        return refusal(request, "invalid")
    context = article_context(with_parts(article), preview=True, live=is_published(article), shared_link=link)
    response = render(request, "previews/article_preview.html", context)
    if not is_published(article):  # its photo is embargoed at /media/: serve it from here
        response.content = rewrite(response.content.decode(), preview_url_map(article, token))
    return private(response)


@require_GET
def article_media(request, token, path):
    link, problem = working_link(token)
    if problem:
        raise Http404("No such file.")
    return private(serve_article_file(request, link.article, path))
