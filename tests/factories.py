"""Plain `make_*(**kw)` helpers: sensible defaults, any field overridable."""

import importlib
import itertools
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Byline, Section, Tag
from authors.models import Author
from comments.forms import HONEYPOT, make_token
from comments.models import Comment
from newsroom.publishing import Status

_seq = itertools.count(1)

# Data migrations that define the newsroom's role groups, in the order they apply.
ROLE_MIGRATIONS = [
    "comments.migrations.0002_create_newsroom_roles",
    "articles.migrations.0003_grant_editors_publishing_and_audit",
    "comments.migrations.0004_grant_moderation_word_and_log_permissions",
    "comments.migrations.0007_editors_moderate_comments",
    "liveblog.migrations.0002_grant_live_entries",
    "previews.migrations.0002_editors_share_previews",
    "api.migrations.0002_editors_manage_api",
    "frontpage.migrations.0002_default_zones_and_editor_permissions",
]


def make_section(**kw):
    n = next(_seq)
    kw.setdefault("name", f"Section {n}")
    kw.setdefault("slug", f"section-{n}")
    return Section.objects.create(**kw)


def make_tag(**kw):
    n = next(_seq)
    kw.setdefault("name", f"Tag {n}")
    kw.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(**kw)


def make_author(**kw):
    n = next(_seq)
    kw.setdefault("name", f"Author {n}")
    kw.setdefault("slug", f"author-{n}")
    kw.setdefault("bio", f"Author {n} writes about things.")
    return Author.objects.create(**kw)


def make_article(*, authors=None, tags=(), **kw):
    """A published article (published an hour ago) unless told otherwise."""
    n = next(_seq)
    kw.setdefault("headline", f"Headline {n}")
    kw.setdefault("slug", f"headline-{n}")
    kw.setdefault("standfirst", f"Standfirst {n}.")
    kw.setdefault("body", f"<p>Body of story {n}.</p>")
    kw.setdefault("status", Status.PUBLISHED)
    if kw["status"] == Status.PUBLISHED:
        kw.setdefault("published_at", timezone.now() - timedelta(hours=1))
    if "section" not in kw:
        kw["section"] = make_section()
    article = Article.objects.create(**kw)
    for position, author in enumerate(authors or [make_author()]):
        Byline.objects.create(article=article, author=author, position=position)
    article.tags.set(tags)
    return article


def make_comment(*, article=None, **kw):
    n = next(_seq)
    kw.setdefault("author_name", f"Reader {n}")
    kw.setdefault("author_email", f"reader{n}@example.com")
    kw.setdefault("body", f"Comment number {n}.")
    kw.setdefault("status", Comment.Status.APPROVED)
    if kw.get("parent") is not None:
        kw.setdefault("depth", kw["parent"].depth + 1)
    return Comment.objects.create(article=article or make_article(), **kw)


def make_user(*, group=None, password="correct horse battery staple", **kw):
    n = next(_seq)
    kw.setdefault("username", f"user{n}")
    kw.setdefault("email", f"user{n}@newsroom.example")
    kw.setdefault("is_staff", group is not None)
    user = get_user_model().objects.create_user(password=password, **kw)
    if group:
        if not Group.objects.filter(name=group).exists():
            recreate_roles()
        user.groups.add(Group.objects.get(name=group))
    return user


def recreate_roles():
    """Rebuild the role groups: transactional tests flush what the data migrations made."""
    from django.apps import apps

    for migration in ROLE_MIGRATIONS:
        module = importlib.import_module(migration)
        for operation in module.Migration.operations:
            operation.code(apps, None)


def comment_form_data(article, **kw):
    """What a reader's browser posts from the article page's form."""
    data = {
        "name": "Ada Reader",
        "email": "ada@example.com",
        "website": "",
        "comment": "A thoughtful comment.",
        "parent": "",
        # Rendered a minute ago: a reader takes time to type (the "too fast" rule).
        "token": make_token(article.pk, now=time.time() - 60),
        HONEYPOT: "",
    }
    data.update(kw)
    return data


def png_bytes(width=2, height=1, color="navy"):
    """A real PNG image, as an upload's content."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


# What every current browser sends with a form post to the page's own site.
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def post_comment(client, article, ip="198.51.100.7", **data):
    """Post the article's comment form as a reader at `ip` would, `data` overriding fields."""
    return client.post(f"{article.get_absolute_url()}comments/",
                       comment_form_data(article, **data), REMOTE_ADDR=ip, **SAME_ORIGIN)


def kept_page(url, tries=40):
    """Fetch `url` as a fresh anonymous reader until the page cache serves it, and return
    that response (a page rendered within a moment of a purge is not kept)."""
    import time as _time

    from django.test import Client

    for _ in range(tries):
        response = Client().get(url)
        if response.get("X-Page-Cache") == "hit":
            return response
        _time.sleep(0.03)
    raise AssertionError(f"{url} was never served from the page cache")
