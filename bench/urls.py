"""The site's URLs plus the baselines the benchmarks compare pages with: a minimal view,
and a plain Django article page and index of the same shape as the site's.

Used only when the BENCH setting is on (see newsroom/settings.py), and by
`bench/render.py`.
"""

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from newsroom.urls import handler400, handler403, handler404, handler500  # noqa: F401

PLAIN_ARTICLE = """<!DOCTYPE html><html lang="en"><head><title>{{ article.headline }}</title>
</head><body><h1>{{ article.headline }}</h1><p>{{ article.standfirst }}</p>
{{ article.body|safe }}<ul>{% for other in others %}<li><a href="/articles/{{ other.slug }}/">
{{ other.headline }}</a></li>{% endfor %}</ul></body></html>"""

PLAIN_INDEX = """<!DOCTYPE html><html lang="en"><head><title>Latest</title></head><body>
<h1>Latest</h1>{% for article in articles %}<article><h2><a href="/articles/{{ article.slug }}/">
{{ article.headline }}</a></h2><p>{{ article.standfirst }}</p>
<p>{{ article.published_at|date:"j F Y" }}</p>
</article>{% endfor %}</body></html>"""


@cache
def template(source):
    """Compiled once per process, as Django's cached template loader would."""
    return engines["django"].from_string(source)


def hello(request):
    """The least a Django view can do: the ceiling for any page on this server."""
    return HttpResponse(b"Hello, world.\n", content_type="text/plain")


def plain_article(request):
    """A plain Django article page: two queries, one small template."""
    from articles.models import Article

    article = Article.objects.only("headline", "standfirst", "body").order_by("-pk").first()
    others = Article.objects.only("slug", "headline").order_by("-pk")[:20]
    return HttpResponse(template(PLAIN_ARTICLE).render({"article": article, "others": others}))


def plain_index(request):
    """A plain Django index of 20 items: one query, one small template."""
    from articles.models import Article

    articles = Article.objects.only("slug", "headline", "standfirst", "published_at") \
        .order_by("-pk")[:20]
    return HttpResponse(template(PLAIN_INDEX).render({"articles": articles}))


urlpatterns = [
    path("bench/hello", hello),
    path("bench/plain-article", plain_article),
    path("bench/plain-index", plain_index),
    path("", include("newsroom.urls")),
]
