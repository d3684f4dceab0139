"""The end of a run: what had to wait until the whole file was read.

Featured images (an attachment may come after the post that shows it), parents of
categories and pages seen before their parents, and attachment pages' old addresses.
Each is done in its own transaction; what could not be done is reported.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from articles.models import Article, Section
from newsroom.images import validate_image
from pages.models import Page

from . import addresses
from .importer import Kind
from .models import ImportedObject


BATCH = 500


def finish(importer):
    pending = ImportedObject.objects.filter(source=importer.source, pending=True)
    for kind, step in ((Kind.CATEGORY, section_parent), (Kind.PAGE, page_parent),
                       (Kind.POST, featured_image), (Kind.ATTACHMENT, attachment_page)):
        last = 0
        # In batches by primary key, not one open cursor: the loop writes to the table
        # it reads, which SQLite does not isolate within a connection.
        while pks := list(pending.filter(kind=kind, pk__gt=last).order_by("pk")
                          .values_list("pk", flat=True)[:BATCH]):
            last = pks[-1]
            for pk in pks:
                record = ImportedObject.objects.get(pk=pk)
                with transaction.atomic():
                    done = step(importer, record)
                    record.pending = not done
                    record.imported_at = importer.now()
                    record.save(update_fields=["pending", "imported_at", "data"])


def section_parent(importer, record):
    parent_pk = importer.sections.get(record.data.get("parent"))
    if parent_pk and parent_pk != record.object_id:
        section = Section.objects.filter(pk=record.object_id).first()
        if section is not None:
            section.parent_id = parent_pk
            section.save()
    else:
        importer.summary.note("category", "its parent category is not in the export: made "
                              "a top-level section", f"category {record.wp_id}")
    return True


def page_parent(importer, record):
    parent = importer.record(Kind.PAGE, record.data.get("parent"))
    page = Page.objects.filter(pk=record.object_id).first()
    if parent and parent.object_id and page is not None:
        page.parent_id = parent.object_id
        page.save(update_fields=["parent", "updated_at"])
    else:
        importer.summary.note("page", "its parent page was not imported: made a top-level page",
                              f"page {record.wp_id}")
    return True


def uploaded_file(uploads, attachment):
    """The attachment's file in the local uploads folder (never outside it), or None."""
    relative = attachment.get("file") or ""
    if not relative:
        path = unquote(urlsplit(attachment.get("url", "")).path)
        marker = "/wp-content/uploads/"
        relative = path.split(marker, 1)[-1] if marker in path else ""
    if not relative:
        return None, "(no file name)"
    root = Path(uploads).resolve()
    candidate = (root / relative.lstrip("/")).resolve()
    if root not in candidate.parents:
        return None, relative
    return (candidate if candidate.is_file() else None), relative


def featured_image(importer, record):
    thumbnail = record.data.get("thumbnail")
    example = f"post {record.wp_id}"
    attachment = importer.record(Kind.ATTACHMENT, int(thumbnail)) if thumbnail else None
    if attachment is None:
        importer.summary.count("featured image", "skipped",
                               "its attachment is not in the export", example)
        return True
    if not importer.uploads:
        importer.summary.count("featured image", "skipped",
                               "not imported: no --uploads folder given", example)
        return False
    path, relative = uploaded_file(importer.uploads, attachment.data)
    if path is None:
        importer.summary.count("featured image", "skipped",
                               "not found in the uploads folder (never fetched over the network)",
                               f"{example}: {relative}")
        return False
    article = Article.objects.filter(pk=record.object_id).first()
    if article is None:
        return True
    if importer.dry_run:  # found; nothing is written to the media storage on a dry run
        importer.summary.count("featured image", "created")
        return True
    try:
        with transaction.atomic(), path.open("rb") as handle:
            article.featured_image = File(handle, name=path.name)
            validate_image(article.featured_image)
            article.featured_image_alt = (attachment.data.get("alt") or "")[:250]
            article.featured_image_caption = (attachment.data.get("caption") or "")[:300]
            article.featured_image_credit = (attachment.data.get("credit") or "")[:200]
            article._change_reason = "Featured image imported from WordPress"
            article.save()
    except ValidationError as error:
        importer.summary.count("featured image", "skipped", " ".join(error.messages),
                               f"{example}: {relative}")
        return True
    importer.summary.count("featured image", "created")
    if not article.featured_image_credit:
        importer.summary.note("featured image", "has no credit: add one", example)
    if not article.featured_image_alt:
        importer.summary.note("featured image", "has no alt text: add one", example)
    record.data["image"] = thumbnail
    return True


def attachment_page(importer, record):
    parent = record.data.get("parent")
    post = importer.record(Kind.POST, parent) if parent else None
    article = Article.objects.filter(pk=post.object_id).only("slug").first() if post else None
    if article is None:
        importer.summary.note("attachment", "its page's old address has no post to go to",
                              f"attachment {record.wp_id}")
        return True
    new = article.get_absolute_url()
    if record.data.get("link"):
        addresses.remember(importer, record.data["link"], new)
    addresses.remember(importer, f"{importer.base_path()}/?attachment_id={record.wp_id}", new)
    return True
