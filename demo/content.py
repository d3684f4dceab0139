"""Demo content: the seed article exactly as it reached us, and a small newsroom around it.

`load_demo()` is idempotent: everything is looked up by slug or natural key first,
so running it again changes nothing and duplicates nothing. Passwords are generated
on first run, stored hashed, and written once to var/demo-credentials.txt.
"""

import json
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from articles.models import Article, Byline, Section, Tag
from authors.models import Author
from comments.models import Comment
from frontpage.models import Slot, Zone
from frontpage.related import refresh_all
from newsroom.images import render as render_image_data
from newsroom.publishing import Status
from pages.models import Page

from . import images

DEMO_DIR = Path(__file__).resolve().parent

SEED_SLUG = "venezuela-releases-over-130-political-prisoners"
USERS = [
    # username, group, is_superuser, linked author slug
    ("admin", None, True, None),
    ("editor", "Editors", False, "elena-marsh"),
    ("writer", "Writers", False, "mira-lindqvist"),
    ("moderator", "Moderators", False, None),
]


def parse_seed(path=DEMO_DIR / "seed-article.txt"):
    """Split the seed page into its parts: headline, standfirst, body, source, author."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    blocks = [line for line in lines if line]
    headline, standfirst, *rest = blocks
    source_at = next(i for i, b in enumerate(rest) if b.startswith("Original Source:"))
    body = rest[:source_at]
    source = rest[source_at].removeprefix("Original Source:").strip()
    about = rest[source_at + 1]
    author_name = about.removeprefix("About").strip()
    bio = rest[source_at + 2]
    return {
        "headline": headline,
        "standfirst": standfirst,
        "body": body,
        "source_name": source,
        "author_name": author_name,
        "bio": bio,
    }


def paragraphs_html(paragraphs):
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _tags(names):
    tags = []
    for name in names:
        tag, _ = Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        tags.append(tag)
    return tags


def _article(*, slug, headline, standfirst, body, section, authors, tags, source_name="",
             source_url="", published_at=None, status=Status.PUBLISHED, featured=False):
    article, created = Article.objects.get_or_create(
        slug=slug,
        defaults=dict(
            headline=headline, standfirst=standfirst, body=paragraphs_html(body),
            section=section, source_name=source_name, source_url=source_url,
            status=status, published_at=published_at, featured=featured,
        ),
    )
    if created:
        for position, author in enumerate(authors):
            Byline.objects.create(article=article, author=author, position=position)
        article.tags.set(tags)
    _picture(article)
    return article, created


# Pictures this process has drawn and rendered: {slug: (image name, renditions,
# {stored name: bytes})}. Rendering a picture's sizes and crops (WebP above all) takes
# most of a second, so they are rendered two at a time before the demo is stored, and
# a second load in the same process (the test suite loads the demo many times, each
# with a fresh media folder) only writes the same files again.
_RENDERED = {}


def _render(slug):
    """Draw and render the picture for `slug` (no database: it runs in a thread)."""
    data, _, _ = images.picture(slug)
    # The demo's own pictures are rendered here at once, as the rendition task would.
    name, renditions = render_image_data(data, Article._meta.get_field("featured_image"))
    names = [name, *(n for _, n in renditions["webp"]),
             *(n for _, n in renditions["fallback"])]
    files = {}
    for name in names:
        with default_storage.open(name) as stored:
            files[name] = stored.read()
    _RENDERED[slug] = (name, renditions, files)


def _render_pictures():
    """Render, in parallel, the pictures of demo stories that have none yet."""
    have = set(Article.objects.filter(slug__in=images.PICTURES).exclude(featured_image="")
               .values_list("slug", flat=True))
    wanted = [slug for slug in images.PICTURES if slug not in have and slug not in _RENDERED]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(_render, wanted))


def _picture(article):
    """Give a demo story its drawn picture, if it has none yet (demo/images.py)."""
    if article.featured_image or article.slug not in _RENDERED:
        return
    name, renditions, files = _RENDERED[article.slug]
    if not default_storage.exists(name):  # another media folder: the same files again
        for stored, content in files.items():
            if default_storage.save(stored, ContentFile(content)) != stored:
                raise RuntimeError(f"Could not store the demo picture {stored}")
    article.featured_image.name, article.featured_image_renditions = name, renditions
    article.featured_image_alt, article.featured_image_caption = images.PICTURES[article.slug][2:]
    article.featured_image_credit = images.CREDIT
    article.save()


# The editors' front page: (zone, position, story slug, starts in hours, ends in hours).
FRONT_PAGE_SLOTS = [
    ("lead", 1, "marenland-coastal-towns-pool-flood-defences", None, None),
    ("top", 1, SEED_SLUG, None, None),
    ("top", 2, "hollin-glacier-earliest-melt-record", None, None),
    ("culture", 1, "lighthouse-keepers-debut-novel-bestseller", None, None),
    # An evening's pick, then the morning's: the page changes by itself at each time.
    ("culture", 2, "linden-park-open-air-cinema-returns", None, 12),
    ("culture", 2, "port-ellery-street-food-festival-record", 12, None),
]


def _front_page(sections, now):
    """Zones with chosen stories (the rest fill with the newest), if none were made yet."""
    zones = {zone.kind: zone for zone in Zone.objects.exclude(kind=Zone.Kind.SECTION)}
    for kind, size, position in (("lead", 1, 0), ("top", 3, 1)):
        if kind not in zones:
            zones[kind] = Zone.objects.create(kind=kind, size=size, position=position)
    culture, _ = Zone.objects.get_or_create(
        kind=Zone.Kind.SECTION, section=sections["culture"],
        defaults={"size": 3, "position": 2, "title": "Culture picks"},
    )
    zones["culture"] = culture
    if Slot.objects.exists():
        return
    stories = Article.objects.in_bulk([slug for _, _, slug, _, _ in FRONT_PAGE_SLOTS],
                                      field_name="slug")
    for zone, position, slug, starts, ends in FRONT_PAGE_SLOTS:
        Slot.objects.create(
            zone=zones[zone], position=position, article=stories[slug],
            starts_at=now + timedelta(hours=starts) if starts is not None else None,
            ends_at=now + timedelta(hours=ends) if ends is not None else None,
        )


def _comments(article, comments, now, parent=None):
    for offset, data in enumerate(comments):
        status = Comment.Status.APPROVED if data["status"] == "approved" else Comment.Status.PENDING
        comment, _ = Comment.objects.get_or_create(
            article=article,
            author_email=data["email"],
            body=data["body"],
            defaults=dict(
                author_name=data["name"],
                author_url=data.get("website", ""),
                status=status,
                parent=parent,
                depth=parent.depth + 1 if parent else 0,
                created_at=min(now, article.published_at + timedelta(hours=2 + offset * 3)),
                moderated_at=now if status == Comment.Status.APPROVED else None,
            ),
        )
        _comments(article, data.get("replies", []), now, parent=comment)


# The standing pages every news site has, linked from the footer in this order.
PAGES = [
    ("about", "About us", [
        "We are an independent newsroom reporting on the world, business, science and culture.",
        "Our reporters and editors work to the standards set out in our corrections policy.",
    ]),
    ("contact", "Contact", [
        "News tips and press releases: newsdesk@newsroom.example.",
        "Corrections: corrections@newsroom.example. Everything else: hello@newsroom.example.",
    ]),
    ("privacy", "Privacy", [
        "We never show commenters' email addresses, and we forget their IP addresses "
        "after a few weeks.",
        "Ask us for a copy of what we hold about you, or to erase it, at "
        "privacy@newsroom.example.",
    ]),
    ("corrections-policy", "Corrections policy", [
        "When we get something wrong we say so: a dated correction note under the story "
        "explains what changed and why.",
        "Updates that add new information are marked as updates, not corrections.",
    ]),
]


def _pages(now):
    for position, (slug, title, paragraphs) in enumerate(PAGES):
        Page.objects.get_or_create(slug=slug, defaults=dict(
            title=title, body=paragraphs_html(paragraphs), status=Status.PUBLISHED,
            published_at=now - timedelta(days=30), in_footer=True, footer_position=position,
        ))


def _users(out):
    User = get_user_model()
    created = []
    for username, group_name, is_superuser, author_slug in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username, email=f"{username}@newsroom.example", password=password,
                is_staff=True, is_superuser=is_superuser,
            )
            created.append((username, password))
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        if author_slug:
            Author.objects.filter(slug=author_slug, user__isnull=True).update(user=user)
    if created:
        write_credentials(created)
    return created


def credentials_file():
    return Path(settings.DEMO_CREDENTIALS_FILE)


def write_credentials(created):
    """Record new demo passwords (owner-readable only), replacing stale lines for those users."""
    path = credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    names = {username for username, _ in created}
    lines = []
    if path.exists():
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line.split() and line.split()[0] not in names]
    lines += [f"{username:<10} {password}" for username, password in created]
    path.touch(mode=0o600)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@transaction.atomic
def load_demo(out=print):
    """Create the demo newsroom if it is not there yet; report what was created."""
    now = timezone.now().replace(microsecond=0)
    data = json.loads((DEMO_DIR / "articles.json").read_text(encoding="utf-8"))
    seed = parse_seed()
    _render_pictures()

    sections = {}
    for position, s in enumerate(data["sections"]):
        sections[s["slug"]], _ = Section.objects.get_or_create(
            slug=s["slug"],
            defaults={"name": s["name"], "description": s["description"], "position": position},
        )

    authors = {}
    for a in data["authors"]:
        authors[a["slug"]], _ = Author.objects.get_or_create(
            slug=a["slug"],
            defaults={k: a[k] for k in ("name", "job_title", "bio", "website")},
        )
    ravi = authors[slugify(seed["author_name"])]

    _, seed_created = _article(
        slug=SEED_SLUG,
        headline=seed["headline"],
        standfirst=seed["standfirst"],
        body=seed["body"],
        section=sections["world"],
        authors=[ravi],
        tags=_tags(["Venezuela", "Human rights", "Latin America"]),
        source_name=seed["source_name"],
        source_url=f"https://{seed['source_name']}/",
        published_at=now - timedelta(hours=2),
        featured=True,
    )

    new_articles = int(seed_created)
    for a in data["articles"]:
        article, created = _article(
            slug=a["slug"], headline=a["headline"], standfirst=a["standfirst"], body=a["body"],
            section=sections[a["section"]], authors=[authors[s] for s in a["authors"]],
            tags=_tags(a["tags"]), source_name=a["source_name"], source_url=a["source_url"],
            published_at=now - timedelta(days=a["days_ago"], hours=3), featured=a["featured"],
        )
        new_articles += created
        _comments(article, a.get("comments", []), now)

    # Work in progress, to show the workflow: a draft and a scheduled story.
    _article(
        slug="harbour-cleanup-plan-awaits-council-vote",
        headline="Harbour clean-up plan awaits council vote",
        standfirst="A draft still being written: the council votes on Thursday.",
        body=["Draft text. Waiting for the council’s agenda to be published."],
        section=sections["world"], authors=[authors["mira-lindqvist"]], tags=[],
        status=Status.DRAFT,
    )
    _article(
        slug="museum-night-returns-next-week",
        headline="Museum night returns next week",
        standfirst="Scheduled: this story appears on the site by itself a week from now.",
        body=["Every museum in the old town stays open until midnight on Saturday."],
        section=sections["culture"], authors=[authors["elena-marsh"]], tags=[],
        published_at=now + timedelta(days=7),
    )

    from liveblog.demo import load_live_demo

    new_articles += load_live_demo(section=sections["world"],
                                   authors=[ravi, authors["mira-lindqvist"]], now=now,
                                   picture=_picture)
    _front_page(sections, now)
    refresh_all()  # the related stories the task queue keeps from now on
    _pages(now)
    created_users = _users(out)
    out(f"Demo content: {new_articles} article(s) created, "
        f"{Article.objects.count()} in the database.")
    return created_users
