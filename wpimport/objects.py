"""The site's people and taxonomy: authors, categories (sections) and tags."""

import html
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify

from articles.models import Section, Tag
from authors.models import Author

from . import addresses
from .content import plain
from .importer import EDITED_HERE, Kind, Skip, edited_since, wp_int


def decode_slug(value, fallback="", max_length=200, unicode=True):
    """A WordPress slug as readers read it (percent-encoded UTF-8 decoded), made safe."""
    slug = slugify(unquote(value or "").strip(), allow_unicode=unicode) or slugify(
        fallback, allow_unicode=unicode
    )
    return slug[:max_length].strip("-")


def unique_value(model, field, value, max_length, exclude_pk=None):
    """`value`, or `value-2`, `value-3`... whichever no other row of `model` has."""
    candidate, n = value[:max_length], 1
    while True:
        taken = model.objects.filter(**{field: candidate})
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if not taken.exists():
            return candidate
        n += 1
        suffix = f"-{n}" if field == "slug" else f" ({n})"
        candidate = value[: max_length - len(suffix)] + suffix


def clean_email(value):
    try:
        validate_email((value or "").strip())
    except ValidationError:
        return ""
    return value.strip()


# --- authors --------------------------------------------------------------------


def import_author(importer, data):
    login = data.get("login", "")
    name = html.unescape(data.get("display_name") or " ".join(
        filter(None, [data.get("first_name"), data.get("last_name")])) or login).strip()
    if not (login or name):
        importer.summary.count("author", "skipped", "no login or name")
        return
    wp_id = wp_int(data.get("id"), login)

    def apply(record):
        author = importer.existing(record, Author)
        if author is not None and edited_since(author.updated_at, record):
            raise Skip(EDITED_HERE, kept=True)
        if author is None:
            slug = decode_slug(login, name, 140, unicode=False) or f"author-{wp_id}"
            author = Author(slug=unique_value(Author, "slug", slug, 140))
        author.name = name[:120]
        author.email = clean_email(data.get("email")) or author.email
        if data.get("description"):
            author.bio = plain(data["description"])
        author.save()
        if importer.create_users and author.user_id is None:
            link_user(importer, author, login, data)
        return author, {"key": login}, False

    record = importer.process(Kind.AUTHOR, wp_id, data, apply, label=name)
    if record is not None and record.object_id:
        importer.authors[login] = record.object_id
        remember_author_addresses(importer, login, wp_id, record.object_id)


def link_user(importer, author, login, data):
    """A login for the author: no usable password (an admin sets one), in Writers."""
    User = get_user_model()
    username = (login or author.slug)[:150]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=author.email, is_staff=True,
                    first_name=(data.get("first_name") or "")[:150],
                    last_name=(data.get("last_name") or "")[:150])
        user.set_unusable_password()
        user.save()
        writers = Group.objects.filter(name="Writers").first()
        if writers:
            user.groups.add(writers)
        importer.note("user created without a password: set one in the admin")
    elif hasattr(user, "author"):
        importer.note(f"user {username} already has an author profile; not linked")
        return
    author.user = user
    author.save(update_fields=["user"])


def author_for_creator(importer, login):
    """The author a post's dc:creator names; made from the name (with a note) if unknown."""
    login = (login or "").strip() or "unknown"
    pk = importer.authors.get(login)
    if pk is not None and Author.objects.filter(pk=pk).exists():
        return pk
    author = Author.objects.create(
        name=login[:120],
        slug=unique_value(Author, "slug", decode_slug(login, "author", 140, unicode=False), 140),
    )
    importer.remember_pk(importer.authors, login, author.pk)
    importer.summary.count("author", "created")
    importer.summary.note("author", "made from a post's dc:creator, which names no author in "
                          "the export", f"author “{login}”")
    return author.pk


def remember_author_addresses(importer, login, wp_id, pk):
    author = Author.objects.get(pk=pk)
    from django.urls import reverse

    base = importer.base_path()
    nicename = slugify(login)
    page, feed = author.get_absolute_url(), reverse("articles:author-rss", args=[author.slug])
    addresses.remember(importer, f"{base}/author/{nicename}/", page)
    addresses.remember(importer, f"{base}/author/{nicename}/feed/", feed)
    addresses.remember(importer, f"{base}/?author={wp_id}", page)


# --- categories and tags ----------------------------------------------------------


def import_category(importer, data):
    nicename = unquote(data.get("category_nicename", "")).strip()
    name = html.unescape(data.get("cat_name") or nicename).strip()
    slug = decode_slug(nicename, name, 80)
    if not slug:
        importer.summary.count("category", "skipped", "no name or slug")
        return
    parent_key = unquote(data.get("category_parent", "")).strip()
    wp_id = wp_int(data.get("term_id"), nicename)

    def apply(record):
        section = importer.existing(record, Section)
        if section is not None and edited_since(section.updated_at, record):
            raise Skip(EDITED_HERE, kept=True)
        if section is None:
            section = Section.objects.filter(slug=slug).first() or Section(
                slug=slug, position=Section.objects.count()
            )
        if section.pk is None or record is not None:
            section.name = unique_value(Section, "name", name, 80, exclude_pk=section.pk)
            section.description = plain(data.get("category_description", ""))
        parent_pk = importer.sections.get(parent_key) if parent_key else None
        if parent_pk != section.pk:
            section.parent_id = parent_pk
        section.save()
        return section, {"key": nicename, "parent": parent_key}, bool(parent_key and not parent_pk)

    record = importer.process(Kind.CATEGORY, wp_id, data, apply, label=name)
    if record is not None and record.object_id:
        importer.sections[nicename] = record.object_id
        importer.category_parents[nicename] = parent_key
        remember_section_addresses(importer, nicename, wp_id, record.object_id)


def category_path(importer, nicename):
    """/category/parent/child: WordPress puts a category's ancestors in its address."""
    chain, seen = [nicename], {nicename}
    while (parent := importer.category_parents.get(chain[0])) and parent not in seen:
        chain.insert(0, parent)
        seen.add(parent)
    return "/".join(chain)


def remember_section_addresses(importer, nicename, wp_id, pk):
    from django.urls import reverse

    section = Section.objects.get(pk=pk)
    base, page = importer.base_path(), section.get_absolute_url()
    rss = reverse("articles:section-rss", args=[section.slug])
    atom = reverse("articles:section-atom", args=[section.slug])
    for path in {category_path(importer, nicename), nicename}:
        addresses.remember(importer, f"{base}/category/{path}/", page)
        addresses.remember(importer, f"{base}/category/{path}/feed/", rss)
        addresses.remember(importer, f"{base}/category/{path}/feed/rss2/", rss)
        addresses.remember(importer, f"{base}/category/{path}/feed/atom/", atom)
    addresses.remember(importer, f"{base}/?cat={wp_id}", page)


def import_tag(importer, data):
    nicename = unquote(data.get("tag_slug", "")).strip()
    name = html.unescape(data.get("tag_name") or nicename).strip()
    slug = decode_slug(nicename, name, 80)
    if not slug:
        importer.summary.count("tag", "skipped", "no name or slug")
        return
    wp_id = wp_int(data.get("term_id"), nicename)

    def apply(record):
        tag = importer.existing(record, Tag)
        if tag is not None and edited_since(tag.updated_at, record):
            raise Skip(EDITED_HERE, kept=True)
        tag = tag or Tag.objects.filter(slug=slug).first() or Tag(slug=slug)
        if tag.pk is None or record is not None:
            tag.name = unique_value(Tag, "name", name, 80, exclude_pk=tag.pk)
            tag.description = plain(data.get("tag_description", ""))
        tag.save()
        return tag, {"key": nicename}, False

    record = importer.process(Kind.TAG, wp_id, data, apply, label=name)
    if record is not None and record.object_id:
        importer.tags[nicename] = record.object_id
        remember_tag_addresses(importer, nicename, record.object_id)


def remember_tag_addresses(importer, nicename, pk):
    from django.urls import reverse

    tag = Tag.objects.get(pk=pk)
    base, page, site_feed = importer.base_path(), tag.get_absolute_url(), reverse("articles:rss")
    addresses.remember(importer, f"{base}/tag/{nicename}/", page)
    # There is no feed per tag here: its subscribers get the site's feed.
    addresses.remember(importer, f"{base}/tag/{nicename}/feed/", site_feed)
    addresses.remember(importer, f"{base}/?tag={nicename}", page)


def import_term(importer, data):
    taxonomy = data.get("term_taxonomy", "") or "unknown"
    importer.summary.count("term", "skipped", f"taxonomy “{taxonomy}” is not imported")


def tag_for(importer, nicename, name, *, from_category=False):
    """The tag a post's <category domain="post_tag"> names (made if the export's header
    lacked it); for a category beyond the post's primary one, a tag of the same name."""
    lookup = importer.category_tags if from_category else importer.tags
    key = unquote(nicename or "").strip() or name
    pk = lookup.get(key)
    if pk is not None:
        return pk
    slug = decode_slug(key, name, 80)
    if not slug:
        raise Skip(f"a tag with no name or slug ({name!r})")
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        tag = Tag.objects.create(
            slug=slug, name=unique_value(Tag, "name", html.unescape(name or key), 80)
        )
    importer.remember_pk(lookup, key, tag.pk)
    return tag.pk
