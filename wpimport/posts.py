"""Posts become articles, pages become static pages; attachments are noted for later."""

import html
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from django.utils import timezone

from articles.models import Article, Byline, Section
from newsroom.publishing import Status
from pages.models import Page

from . import addresses, comments, content
from .importer import EDITED_HERE, Kind, Skip, edited_since, wp_int
from .models import ImportedObject
from .objects import author_for_creator, decode_slug, tag_for, unique_value

STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # with a publish time still to come: scheduled
    "draft": Status.DRAFT,
    "pending": Status.REVIEW,
    "private": Status.DRAFT,
}
PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
UNTITLED = "Untitled WordPress post {id}"
DEFAULT_SECTION = ("Uncategorized", "uncategorized")


def parse_date(item):
    """The post's date, GMT preferred; the site-local date read in TIME_ZONE otherwise."""
    for key, aware in (("post_date_gmt", True), ("post_date", False)):
        value = (item.get(key) or "").strip()
        if value and not value.startswith("0000"):
            try:
                moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            if aware:
                return moment.replace(tzinfo=UTC)
            return timezone.make_aware(moment)
    try:
        return parsedate_to_datetime(item.get("pubDate", ""))
    except (TypeError, ValueError, IndexError):
        return None


def import_item(importer, item):
    post_type = item.get("post_type") or "post"
    wp_id = wp_int(item.get("post_id"))
    if post_type == "attachment":
        return import_attachment(importer, item, wp_id)
    if post_type not in ("post", "page"):
        importer.summary.count("item", "skipped", f"post type “{post_type}” is not imported")
        return
    if item.get("status") not in STATUSES:
        importer.summary.count(post_type, "skipped",
                               f"status “{item.get('status')}” is not imported",
                               f"{post_type} {wp_id} “{item.get('title', '')}”")
        comments.skip_all(importer, item, "its post was not imported")
        return
    if post_type == "page":
        record = import_page(importer, item, wp_id)
        comments.skip_all(importer, item, "comments on pages are not imported")
    else:
        record = import_post(importer, item, wp_id)
        if record is not None and record.object_id:
            comments.import_comments(importer, item, record.object_id)
        else:
            comments.skip_all(importer, item, "its post was not imported")
    if record is not None and record.object_id:
        remember_item_addresses(importer, item, wp_id, record)


def status_and_time(importer, item):
    status = STATUSES[item["status"]]
    when = parse_date(item) or timezone.now()
    if item.get("post_password"):
        status = Status.DRAFT  # never public: the old site asked for a password
        importer.note("password-protected on WordPress: imported as a draft")
    elif item["status"] == "private":
        importer.note("private on WordPress: imported as a draft")
    return status, when


def title_of(importer, item, wp_id):
    title = html.unescape(item.get("title") or "").strip()
    if not title:
        importer.note("had no title: given a placeholder to replace")
        return UNTITLED.format(id=wp_id)
    return title[:200]


def slug_of(model, item, title, wp_id, pk):
    slug = decode_slug(item.get("post_name"), title) or f"wordpress-{wp_id}"
    return unique_value(model, "slug", slug, 200, exclude_pk=pk)


def section_and_tags(importer, item):
    """The primary category (or the first) as the section; other categories and the
    post's tags as tags."""
    categories = [c for c in item["categories"] if c["domain"] == "category"]
    primary = next((item["meta"][k] for k in PRIMARY_CATEGORY_META if item["meta"].get(k)), None)
    chosen = None
    if primary and primary.strip().isdigit():
        record = importer.record(Kind.CATEGORY, int(primary))
        key = (record.data or {}).get("key") if record else None
        chosen = next((c for c in categories if c["nicename"] == key), None)
    chosen = (chosen or next((c for c in categories if c["nicename"] in importer.sections), None)
              or (categories[0] if categories else None))
    section_pk = importer.sections.get(chosen["nicename"]) if chosen else None
    if section_pk is None:
        section_pk = default_section(importer, chosen)
    tag_pks = [tag_for(importer, c["nicename"], c["name"]) for c in item["categories"]
               if c["domain"] == "post_tag"]
    others = [c for c in categories if c is not chosen]
    if others:
        tag_pks += [tag_for(importer, c["nicename"], c["name"], from_category=True) for c in others]
        importer.note("in more than one category: the others became tags")
    return section_pk, list(dict.fromkeys(tag_pks))


def default_section(importer, category):
    """A category the export's header lacked becomes a section; no category at all,
    the "Uncategorized" one."""
    name, slug = (category["name"], decode_slug(category["nicename"], category["name"], 80)) \
        if category else DEFAULT_SECTION
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        section = Section.objects.create(
            slug=slug, name=unique_value(Section, "name", html.unescape(name), 80),
            position=Section.objects.count(),
        )
    if category:
        importer.remember_pk(importer.sections, category["nicename"], section.pk)
    return section.pk


def import_post(importer, item, wp_id):
    def apply(record):
        article = importer.existing(record, Article)
        if article is not None and edited_since(article.saved_at, record):
            raise Skip(EDITED_HERE, kept=True)
        article = article or Article()
        title = title_of(importer, item, wp_id)
        status, when = status_and_time(importer, item)
        section_pk, tag_pks = section_and_tags(importer, item)
        author_pk = author_for_creator(importer, item.get("creator"))
        article.headline = title
        article.slug = slug_of(Article, item, title, wp_id, article.pk)
        article.body = content.convert(item["content"], attachment_url=importer.attachment_url)
        article.standfirst = content.standfirst(item["excerpt"], item["content"]) or title
        article.section_id = section_pk
        article.status = status
        article.published_at = when if status == Status.PUBLISHED else None
        article.created_at = when
        article.featured = item.get("is_sticky") == "1"
        article.comments_open = item.get("comment_status", "open") == "open"
        description = item["meta"].get("_yoast_wpseo_metadesc", "")
        if description and "%%" not in description:
            article.seo_description = content.plain(description)[:300]
        article._change_reason = "Imported from WordPress"
        article.save()
        Byline.objects.filter(article=article).exclude(author_id=author_pk).delete()
        Byline.objects.get_or_create(article=article, author_id=author_pk)
        article.tags.set(tag_pks)
        data = {"key": item.get("post_name", "")}
        thumbnail = item["meta"].get("_thumbnail_id", "").strip()
        done = record is not None and record.data.get("image") == thumbnail
        if thumbnail.isdigit():
            data["thumbnail"] = thumbnail
            data["image"] = record.data.get("image") if record else None
        return article, data, bool(thumbnail.isdigit() and not done)

    return importer.process(Kind.POST, wp_id, without_comments(item), apply,
                            label=item.get("title", ""))


def import_page(importer, item, wp_id):
    def apply(record):
        page = importer.existing(record, Page)
        if page is not None and edited_since(page.updated_at, record):
            raise Skip(EDITED_HERE, kept=True)
        page = page or Page()
        title = title_of(importer, item, wp_id)
        status, when = status_and_time(importer, item)
        page.title = title
        page.slug = slug_of(Page, item, title, wp_id, page.pk)
        page.body = content.convert(item["content"], attachment_url=importer.attachment_url)
        page.status = status
        page.published_at = when if status == Status.PUBLISHED else None
        parent_wp = wp_int(item.get("post_parent"))
        parent = importer.record(Kind.PAGE, parent_wp) if parent_wp else None
        page.parent_id = parent.object_id if parent else None
        page.save()
        return page, {"parent": parent_wp}, bool(parent_wp and parent is None)

    return importer.process(Kind.PAGE, wp_id, without_comments(item), apply,
                            label=item.get("title", ""))


def import_attachment(importer, item, wp_id):
    meta = item["meta"]
    data = {
        "url": item.get("attachment_url") or item.get("guid", ""),
        "file": meta.get("_wp_attached_file", ""),
        "alt": meta.get("_wp_attachment_image_alt", ""),
        "caption": content.plain(item.get("excerpt", "")),
        "title": html.unescape(item.get("title", "")),
        "credit": content.image_credit(meta.get("_wp_attachment_metadata", "")),
        "parent": wp_int(item.get("post_parent")),
        "link": item.get("link", ""),
    }
    importer.process(Kind.ATTACHMENT, wp_id, data,
                     lambda record: (None, data, bool(data["parent"] or data["link"])),
                     label=data["title"])


def without_comments(item):
    return {k: v for k, v in item.items() if k != "comments"}


def remember_item_addresses(importer, item, wp_id, record):
    model = Article if record.kind == Kind.POST else Page
    obj = model.objects.filter(pk=record.object_id).only("slug").first()
    if obj is None:
        return
    new = obj.get_absolute_url()
    if item.get("link"):
        addresses.remember(importer, item["link"], new)
    base = importer.base_path()
    addresses.remember(importer, f"{base}/?p={wp_id}", new)
    if record.kind == Kind.PAGE:
        addresses.remember(importer, f"{base}/?page_id={wp_id}", new)


def known_attachment_url(importer, wp_id):
    record = ImportedObject.objects.filter(
        source=importer.source, kind=Kind.ATTACHMENT, wp_id=int(wp_id)
    ).values_list("data", flat=True).first()
    return (record or {}).get("url")
