from urllib.parse import urlsplit

from django.core import signing
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.views import article_context, get_published_article
from newsroom.caching import OWN_COMMENTS_COOKIE, mark_private

from . import services
from .forms import CommentForm
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


def is_cross_site(request):
    """True for a POST another site's page made (the form is not CSRF-token protected)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc != request.get_host()
    return False


# Comment forms are served inside publicly cached pages, so they cannot carry a
# per-user CSRF token. The signed form token, the Origin/Sec-Fetch-Site check and
# moderation of every comment take its place (see comments/forms.py).
@csrf_exempt
@require_POST
def post_comment(request, slug):
    if is_cross_site(request):
        return HttpResponseForbidden("Comments can only be posted from this site's own pages.")
    article = get_published_article(slug)
    form = CommentForm(request.POST, article=article)
    if not article.comments_open:
        form.is_valid()
        form.add_error(None, "Comments are closed on this article.")
        return render_form_errors(request, article, form, status=403)
    if not form.is_valid():
        return render_form_errors(request, article, form)
    comment = services.comment_create(
        article=article,
        form=form,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
        user=request.user,
    )
    response = HttpResponseRedirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    if comment.status == Comment.Status.PENDING:
        ids = [i for i in own_comment_ids(request) if i != comment.pk] + [comment.pk]
        response.set_signed_cookie(
            OWN_COMMENTS_COOKIE, ",".join(map(str, ids[-OWN_COMMENTS_LIMIT:])),
            salt=OWN_COMMENTS_COOKIE, max_age=OWN_COMMENTS_MAX_AGE,
            httponly=True, samesite="Lax", secure=request.is_secure(),
        )
    return response


def render_form_errors(request, article, form, status=400):
    """Show the article again with the form's errors and everything the reader typed."""
    context = article_context(article, comment_form=form)
    response = render(request, "articles/article_detail.html", context, status=status)
    return mark_private(response)
