"""Structured data (schema.org JSON-LD) and reading time for readers' pages.

Built as plain dicts so tests can compare them with what a JSON-LD extractor reads back.
"""

import math

from django.conf import settings
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.utils.html import strip_tags

from newsroom.site import absolute_url

WORDS_PER_MINUTE = 230


def absolute(path):
    return absolute_url(path)


def word_count(article):
    """The words in `article`'s body, counted once per body: its page prints both the
    reading time and structured data's wordCount, and counting parses the HTML."""
    counted = article.__dict__.get("_word_count")
    if counted is None or counted[0] is not article.body:
        counted = article.__dict__["_word_count"] = (
            article.body, len(strip_tags(article.body).split()))
    return counted[1]


def reading_minutes(article):
    """Whole minutes an adult needs to read `article` (at least one)."""
    return max(1, math.ceil(word_count(article) / WORDS_PER_MINUTE))


# Raster images (search engines do not take the SVG favicon as a logo), drawn by
# demo/images.py: the publisher's logo and the share image for pages without one.
LOGO = ("logo.png", 600, 120)
DEFAULT_SHARE_IMAGE = ("og-default.png", 1200, 630)
# Aspect ratios search engines ask for in NewsArticle `image` (newsroom/images.py crops).
IMAGE_RATIOS = ("16x9", "4x3", "1x1")


def static_image(image):
    name, width, height = image
    return {"url": absolute(static(name)), "width": width, "height": height}


def organization():
    logo = static_image(LOGO)
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", **logo},
    }


def featured_image_file(article):
    """The featured image's largest fallback rendition: url, type, width, height, length."""
    renditions = article.featured_image_renditions or {}
    if not article.featured_image or not renditions.get("fallback"):
        return None
    width, name = renditions["fallback"][-1]
    try:
        length = default_storage.size(name)
    except OSError:
        return None
    return {
        "url": absolute(default_storage.url(name)),
        "type": "image/png" if name.endswith(".png") else "image/jpeg",
        "width": width, "height": round(renditions["height"] * width / renditions["width"]),
        "length": length,
    }


def share_image(article=None):
    """What og:image shows: the article's 16:9 crop (or its image), else the site's."""
    crops = (article.featured_image_renditions or {}).get("crops", {}) if article else {}
    if crops.get("16x9", {}).get("fallback"):
        width, name = crops["16x9"]["fallback"][-1]  # the widest (newsroom/crops.py)
        return {"url": absolute(default_storage.url(name)), "width": width,
                "height": round(width * 9 / 16), "alt": article.featured_image_alt}
    if article is not None and article.featured_image:
        return {"url": absolute(article.featured_image.url), "alt": article.featured_image_alt}
    return {**static_image(DEFAULT_SHARE_IMAGE), "alt": settings.SITE_NAME}


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
        "wordCount": word_count(article),
        "isAccessibleForFree": True,
    }
    if article.published_at:  # a draft in preview has none yet
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = article.modified_at.isoformat()
    if article.featured_image:
        crops = (article.featured_image_renditions or {}).get("crops", {})
        data["image"] = [
            absolute(default_storage.url(crops[ratio]["fallback"][-1][1]))
            for ratio in IMAGE_RATIOS if crops.get(ratio, {}).get("fallback")
        ] or [absolute(article.featured_image.url)]
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
