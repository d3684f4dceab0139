"""What the article edit form in the admin posts, built the way a browser would."""

from django.utils import timezone

from newsroom.publishing import Status

PASSWORD = "correct horse battery staple"


def article_form_data(article=None, *, section=None, author=None, corrections=(), **overrides):
    """POST data for the article add/change form (bylines inline included)."""
    published_at = overrides.pop("published_at", article.published_at if article else None)
    data = {
        "headline": article.headline if article else "Harbour plan approved",
        "slug": article.slug if article else "harbour-plan-approved",
        "standfirst": article.standfirst if article else "The council voted on Tuesday.",
        "body": article.body if article else "<p>The council voted on Tuesday.</p>",
        "section": (section or article.section).pk,
        "status": article.status if article else Status.DRAFT,
        "comments_open": "on",
        "source_name": "",
        "source_url": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "featured_image_credit": "",
        "seo_title": "",
        "seo_description": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    if published_at:
        local = timezone.localtime(published_at)
        data["published_at_0"], data["published_at_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    bylines = list(article.bylines.all()) if article else []
    data.update(
        {
            "bylines-TOTAL_FORMS": str(len(bylines) or 1),
            "bylines-INITIAL_FORMS": str(len(bylines)),
            "bylines-MIN_NUM_FORMS": "1",
            "bylines-MAX_NUM_FORMS": "1000",
        }
    )
    for i, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{i}-id": byline.pk,
                f"bylines-{i}-article": article.pk,
                f"bylines-{i}-author": byline.author_id,
                f"bylines-{i}-position": byline.position,
            }
        )
    if not bylines and author is not None:
        data.update({"bylines-0-author": author.pk, "bylines-0-position": "0"})
    data.update(
        {
            "corrections-TOTAL_FORMS": str(len(corrections)),
            "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000",
        }
    )
    for i, (kind, note) in enumerate(corrections):
        data.update({f"corrections-{i}-kind": kind, f"corrections-{i}-note": note})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"
