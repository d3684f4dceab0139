"""Structured data (schema.org JSON-LD) and reading time for readers' pages.

Built as plain dicts so tests can compare them with what a JSON-LD extractor reads back.
"""

import math

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags

WORDS_PER_MINUTE = 230


def absolute(path):
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def reading_minutes(html):
    """Whole minutes an adult needs to read `html` (at least one)."""
    return max(1, math.ceil(len(strip_tags(html).split()) / WORDS_PER_MINUTE))


def organization():
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static("favicon.svg"))},
    }


def person(author, *, full=False):
    data = {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
    if full:
        if author.job_title:
            data["jobTitle"] = author.job_title
        if author.bio:
            data["description"] = author.bio
        if author.photo:
            data["image"] = absolute(author.photo.url)
        links = [href for href, _ in author.profile_links if not href.startswith("mailto:")]
        if links:
            data["sameAs"] = links
        data["worksFor"] = organization()
    return data


def breadcrumbs(*crumbs):
    """BreadcrumbList from (name, path) pairs, the front page first."""
    items = [("Home", "/"), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(path)}
            for n, (name, path) in enumerate(items, start=1)
        ],
    }


def news_article(article):
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.seo_description or article.standfirst,
        "author": [person(author) for author in article.byline_authors],
        "publisher": organization(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": len(strip_tags(article.body).split()),
        "isAccessibleForFree": True,
    }
    if article.published_at:  # a draft in preview has none yet
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = article.modified_at.isoformat()
    if article.featured_image:
        data["image"] = [absolute(article.featured_image.url)]
    if article.source_link or article.source_name:
        source = {"@type": "CreativeWork", "name": article.source_name or article.source_link}
        if article.source_link:
            source["url"] = article.source_link
        data["isBasedOn"] = source
    return data


def profile_page(author):
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute(author.get_absolute_url()),
        "mainEntity": person(author, full=True),
    }
