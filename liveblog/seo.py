"""schema.org LiveBlogPosting for a live article, its entries as liveBlogUpdate."""

from django.utils.html import strip_tags

from articles.seo import absolute, organization, person

from .live import summary

LD_UPDATES = 100  # the newest; search engines read the first ones


def live_blog_posting(article, coverage, entries):
    url = absolute(article.get_absolute_url())
    newest = sorted(entries, key=lambda e: (e.published_at, e.pk), reverse=True)[:LD_UPDATES]
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": f"{url}#live",
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.headline[:110],
        "description": article.seo_description or article.standfirst,
        "author": [person(author) for author in article.byline_authors],
        "publisher": organization(),
        "coverageStartTime": coverage.started_at.isoformat(),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "@id": f"{url}#entry-{entry.pk}",
                "url": f"{url}#entry-{entry.pk}",
                "headline": summary(entry)[:110],
                "datePublished": entry.published_at.isoformat(),
                "dateModified": max(entry.published_at, entry.updated_at).isoformat(),
                "articleBody": " ".join(strip_tags(entry.body).split()),
                "author": person(entry.author),
            }
            for entry in newest
        ],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if newest:
        data["dateModified"] = max(e.updated_at for e in newest).isoformat()
    if coverage.ended_at:  # the end, or when it is expected
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    return data
