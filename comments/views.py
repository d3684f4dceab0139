from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from articles.views import article_context, get_published_article
from newsroom import ratelimit
from newsroom.caching import OWN_COMMENTS_COOKIE, mark_private

from . import moderation, notifications, services, threads
from .forms import CommentForm, make_token
from .models import Comment

OWN_COMMENTS_MAX_AGE = 60 * 60 * 24 * 30
OWN_COMMENTS_LIMIT = 20


def own_comment_ids(request):
    """Ids of comments this browser posted (a signed cookie; unreadable or forged → none)."""
    try:
        raw = request.get_signed_cookie(OWN_COMMENTS_COOKIE, salt=OWN_COMMENTS_COOKIE,
                                        max_age=OWN_COMMENTS_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return []
    return [int(part) for part in raw.split(",") if part.isdigit()][-OWN_COMMENTS_LIMIT:]


class HttpResponseSeeOther(HttpResponseRedirect):
    """After a POST, GET the page (303), whatever the browser did with the method before."""

    status_code = 303


NOINDEX = "noindex, nofollow"


def is_cross_site(request):
    """True for a POST another site's page made (the form is not CSRF-token protected)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc != request.get_host()
    return False


def is_unvouched(request):
    """True for a POST with neither Origin nor Sec-Fetch-Site: every current browser sends
    at least one with a form post, so this is a script (the form has no CSRF token)."""
    return not (request.headers.get("Origin") or request.headers.get("Sec-Fetch-Site"))


def refuse_foreign_post(request, what):
    """A 403 page for a post that did not come from this site's own pages, or None."""
    if not (is_cross_site(request) or is_unvouched(request)):
        return None
    response = render(request, "comments/refused.html", {"what": what}, status=403)
    return mark_private(response)


# Comment forms are served inside publicly cached pages, so they cannot carry a
# per-user CSRF token. The signed form token, the Origin/Sec-Fetch-Site check and
# moderation of every comment take its place (see comments/forms.py).
@csrf_exempt
@require_POST
def post_comment(request, slug):
    refused = refuse_foreign_post(request, "Comments")
    if refused:
        return refused
    article = get_published_article(slug)
    form = CommentForm(request.POST, article=article)
    if not moderation.comments_are_open(article):
        form.is_valid()
        form.add_error(None, "Comments are closed on this article.")
        return render_form_errors(request, article, form, status=403)
    if not form.is_valid():
        return render_form_errors(request, article, form)
    try:
        comment = services.comment_create(
            article=article,
            form=form,
            ip_address=request.META.get("REMOTE_ADDR"),
            user_agent=request.headers.get("User-Agent", ""),
            user=request.user,
        )
    except moderation.Refusal as refusal:
        form.add_error(None, refusal.message)
        response = render_form_errors(request, article, form, status=refusal.status)
        if refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response
    ids = [i for i in own_comment_ids(request) if i != comment.pk] + [comment.pk]
    # Back to the page of threads that shows the new comment (to its author).
    response = HttpResponseSeeOther(threads.comment_url(comment, own_ids=ids))
    if comment.status == Comment.Status.PENDING:
        response.set_signed_cookie(
            OWN_COMMENTS_COOKIE, ",".join(map(str, ids[-OWN_COMMENTS_LIMIT:])),
            salt=OWN_COMMENTS_COOKIE, max_age=OWN_COMMENTS_MAX_AGE,
            httponly=True, samesite="Lax", secure=request.is_secure(),
        )
    return response


@require_GET
def form_token(request, slug):
    """A form token of this reader's own, timed from now: the comment form's script
    swaps it in, since the form itself may come from a cache."""
    article = get_object_or_404(Article.objects.published().only("pk"), slug=slug)
    return mark_private(JsonResponse({"token": make_token(article.pk)}))


def render_form_errors(request, article, form, status=400):
    """Show the article again with the form's errors and everything the reader typed.

    The form posts to `…/comments/#respond`, so the browser lands on the form, where an
    error summary takes focus (see templates/comments/respond.html)."""
    context = article_context(article, comment_form=form)
    response = render(request, "articles/article_detail.html", context, status=status)
    response["X-Robots-Tag"] = NOINDEX
    return mark_private(response)


@csrf_exempt
@require_POST
def report_comment(request, pk):
    """A reader's "Report this comment": rate-limited, one per reader and comment."""
    refused = refuse_foreign_post(request, "Reports")
    if refused:
        return refused
    comment = get_object_or_404(
        Comment.objects.approved().select_related("article"),
        pk=pk, article__in=Article.objects.published(),
    )
    ip_address = request.META.get("REMOTE_ADDR")
    limit = ratelimit.parse_limit(settings.COMMENT_FLAG_RATE_LIMIT)
    try:
        wait = ratelimit.hit("flag-ip", ip_address or "unknown", limit)
    except ratelimit.CacheUnavailable:
        wait = 60  # fail closed: a report can wait, a flood of them cannot slip through
    if wait:
        response = render(request, "comments/reported.html",
                          {"comment": comment, "wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return mark_private(response)
    services.comment_flag(comment=comment, ip_address=ip_address)
    return mark_private(render(request, "comments/reported.html", {"comment": comment}))


@csrf_exempt  # one-click unsubscribe (RFC 8058): mail clients POST without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes."""
    comment = notifications.comment_from_unsubscribe_token(token)
    if comment is None or not comment.author_email:
        raise Http404("This unsubscribe link is not valid.")
    done = request.method == "POST"
    if done:
        services.commenter_unsubscribe(email=comment.author_email)
    return mark_private(render(request, "comments/unsubscribe.html", {"done": done}))
