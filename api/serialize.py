"""Model rows as the API's plain data (shaped as api/schemas.py says)."""

from django.core.files.storage import default_storage
from django.urls import reverse

from newsroom.crops import RATIOS
from newsroom.site import absolute_url


def media_url(name):
    return absolute_url(default_storage.url(name))


def _type(name):
    return {"webp": "image/webp", "png": "image/png"}.get(name.rsplit(".", 1)[-1], "image/jpeg")


def _sizes(record, url_for):
    return [{"width": width, "url": url_for(name), "type": _type(name)}
            for kind in ("webp", "fallback") for width, name in record.get(kind, [])]


def image(renditions, *, alt="", caption="", credit="", url_for=media_url):
    """A photo's renditions, as the templates' <picture> uses them; None until rendered."""
    if not renditions or not renditions.get("fallback"):
        return None
    widest_width, widest = renditions["fallback"][-1]
    crops = (renditions.get("crops") or {})
    return {
        "alt": alt, "caption": caption, "credit": credit,
        "width": widest_width,
        "height": round(renditions["height"] * widest_width / renditions["width"]),
        "src": url_for(widest),
        "renditions": _sizes(renditions, url_for),
        "crops": {ratio: _sizes(crops[ratio], url_for) for ratio in RATIOS
                  if isinstance(crops.get(ratio), dict) and crops[ratio].get("fallback")},
    }


def section_ref(section):
    return {"id": section.pk, "slug": section.slug, "name": section.name,
            "url": absolute_url(section.get_absolute_url())}


def section(section):
    """`section.parent` should be selected with it (one query for any number)."""
    return {
        **section_ref(section), "description": section.description,
        "parent": section_ref(section.parent) if section.parent_id else None,
        "breadcrumbs": [{"slug": slug, "name": name,
                         "url": absolute_url(reverse("articles:section", kwargs={"slug": slug}))}
                        for name, slug in section.ancestry],
    }


def tag_ref(tag):
    return {"id": tag.pk, "slug": tag.slug, "name": tag.name,
            "url": absolute_url(tag.get_absolute_url())}


def tag(tag):
    return {**tag_ref(tag), "description": tag.description}


def author_ref(author):
    return {"id": author.pk, "slug": author.slug, "name": author.name,
            "job_title": author.job_title, "url": absolute_url(author.get_absolute_url())}


def author(author):
    """Never the email: it is for the newsroom only."""
    return {
        **author_ref(author), "bio": author.bio,
        "links": [href for href, _ in author.profile_links],
        "photo": image(author.photo_renditions, alt=author.photo_alt,
                       caption=author.photo_caption, credit=author.photo_credit),
    }


def article_summary(article, url_for=media_url):
    return {
        "id": article.pk, "slug": article.slug,
        "url": absolute_url(article.get_absolute_url()),
        "headline": article.headline, "standfirst": article.standfirst,
        "section": section_ref(article.section),
        "authors": [author_ref(a) for a in article.byline_authors],
        "tags": [tag_ref(t) for t in article.tags.all()],
        "published_at": article.published_at, "modified_at": article.modified_at,
        "image": image(article.featured_image_renditions, alt=article.featured_image_alt,
                       caption=article.featured_image_caption,
                       credit=article.featured_image_credit, url_for=url_for),
    }


def article(article, url_for=media_url):
    return {
        **article_summary(article, url_for),
        "body": article.body,
        "source": ({"name": article.source_name, "url": article.source_link or None}
                   if article.source_name else None),
        "corrections": [{"kind": c.kind, "note": c.note, "created_at": c.created_at}
                        for c in article.corrections.all()],
        "comments_open": article.comments_open,
        "status": article.status,
    }


def page_ref(page):
    return {"id": page.pk, "slug": page.slug, "title": page.title,
            "url": absolute_url(page.get_absolute_url())}


def page(page):
    parent = page.parent if page.parent_id and page.parent and page.parent.is_published else None
    return {**page_ref(page), "body": page.body, "parent": page_ref(parent) if parent else None,
            "published_at": page.published_at, "updated_at": page.updated_at}
