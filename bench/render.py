"""Render each readers' page type in process, with no HTTP and no page cache.

    python -m bench.render [--scale default] [--renders 200]

Uses the data set `make bench` generates (bench/run.py prepares it). Each page is
rendered through Django's test client with the page cache off, so a figure is a real
render: middleware, view, queries and templates. Beside them, a plain Django page of
the same shape (one object, twenty teasers, one template) is the baseline. Reports
milliseconds per render, queries per render and milliseconds of SQL, in seconds.
"""

import argparse
import os
import time

PLAIN = """<!DOCTYPE html><html lang="en"><head><title>{{ article.headline }}</title></head>
<body><h1>{{ article.headline }}</h1><p>{{ article.standfirst }}</p>{{ article.body|safe }}
<ul>{% for other in others %}<li><a href="/articles/{{ other.slug }}/">{{ other.headline }}</a>
</li>{% endfor %}</ul></body></html>"""


def plain_view(request):
    """The baseline: a plain Django article page, two queries, one small template."""
    from django.http import HttpResponse
    from django.template import engines

    from articles.models import Article

    article = Article.objects.only("headline", "standfirst", "body").first()
    others = Article.objects.only("slug", "headline")[:20]
    html = engines["django"].from_string(PLAIN).render({"article": article, "others": others})
    return HttpResponse(html)


def pages():
    from articles.models import Article, Section, Tag
    from authors.models import Author

    article = Article.objects.published().order_by("-published_at").first()
    return [
        ("Plain Django article page (baseline)", "/bench/plain"),
        ("Article page", article.get_absolute_url()),
        ("Front page", "/"),
        ("Section page", Section.objects.first().get_absolute_url()),
        ("Tag page", Tag.objects.first().get_absolute_url()),
        ("Author page", Author.objects.filter(articles__isnull=False).first().get_absolute_url()),
        ("Search", "/search/?q=election"),
        ("Feed", "/feed/"),
    ]


def measure(client, path, renders):
    from django.db import connection, reset_queries

    client.get(path)  # the first render loads templates and warms the connection
    reset_queries()
    started = time.perf_counter()
    for _ in range(renders):
        response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    queries = connection.queries
    sql = sum(float(q["time"]) for q in queries)
    return elapsed / renders * 1000, len(queries) / renders, sql / renders * 1000


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="default")
    parser.add_argument("--renders", type=int, default=200)
    args = parser.parse_args(argv)
    from bench.run import bench_env

    env = bench_env(args.scale, page_cache=False)
    os.environ.update(env)
    import django
    from django.conf import settings

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path

    import bench.urls

    bench.urls.urlpatterns.insert(0, path("bench/plain", plain_view))
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    # DEBUG-style query logging without DEBUG's other effects.
    from django.db import connection

    connection.force_debug_cursor = True
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in pages():
            rows.append((name, *measure(client, url, args.renders)))
    base = rows[0][1]
    print(f"In-process renders, {args.renders} each, {args.scale} data "
          f"({connection.vendor}, DEBUG {'on' if settings.DEBUG else 'off'})\n")
    print("| Page | ms per render | × plain page | queries | SQL ms |")
    print("|---|---:|---:|---:|---:|")
    for name, ms, queries, sql in rows:
        print(f"| {name} | {ms:.2f} | {base / ms:.2f} | {queries:.0f} | {sql:.2f} |")


if __name__ == "__main__":
    main()
