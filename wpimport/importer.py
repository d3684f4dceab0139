"""Import a WordPress export, one object at a time.

Each object (author, category, tag, post, page, attachment, comment) is written in
its own transaction together with its ImportedObject record, so it either comes
across whole or is skipped with a reason, and a second run finds the record and
updates the object (or leaves it alone if nothing changed) instead of duplicating it.
"""

import hashlib
import json
import logging
import zlib
from django.db import transaction

from . import wxr
from .models import ImportedObject
from .summary import Summary

logger = logging.getLogger(__name__)

Kind = ImportedObject.Kind


class Skip(Exception):
    """Leave this object out of the import, for the reason given. `kept`: the object
    an earlier run imported is still there (what hangs off it may still come across)."""

    def __init__(self, reason, *, kept=False):
        super().__init__(reason)
        self.kept = kept


EDITED_HERE = "edited here since the last import; left as it is"


def digest(payload):
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode()
    ).hexdigest()


def wp_int(value, fallback_text=""):
    """A WordPress id; ids missing from old exports get a stable one from `fallback_text`."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return zlib.crc32(fallback_text.encode()) if fallback_text else 0


def edited_since(updated_at, record):
    """True when someone changed the object here after it was last imported."""
    # The record is written after the object, in the same transaction, so an object
    # changed only by the import is never newer than its record.
    return updated_at is not None and record is not None and updated_at > record.imported_at


class Importer:
    """One run of the import. `options`: uploads, create_users, site_url, dry_run."""

    def __init__(self, *, uploads=None, create_users=False, site_url=None, dry_run=False,
                 progress=None):
        self.uploads = uploads
        self.create_users = create_users
        self.site_url = (site_url or "").rstrip("/")
        self.dry_run = dry_run
        self.progress = progress or (lambda summary: None)
        self.summary = Summary()
        self.source = None
        # Header lookups (the site's taxonomy and people, not its posts): nicename/login -> pk.
        self.sections, self.tags, self.authors = {}, {}, {}
        self.category_tags = {}
        self.category_parents = {}  # nicename -> parent nicename, for old archive paths

    # --- the run ------------------------------------------------------------------

    def run(self, source):
        from . import finish, objects, posts

        handlers = {"author": objects.import_author, "category": objects.import_category,
                    "tag": objects.import_tag, "term": objects.import_term,
                    "item": posts.import_item}
        for record in wxr.records(source):
            if record.kind == "site":
                self.start(record.data)
                continue
            handlers[record.kind](self, record.data)
            self.progress(self.summary)
        finish.finish(self)
        return self.summary

    def start(self, site):
        # The blog's own address first: WordPress.com exports name wordpress.com itself
        # as every blog's base_site_url.
        self.source = (site.get("base_blog_url") or site.get("base_site_url")
                       or site.get("link") or self.site_url).rstrip("/")
        if not self.site_url:
            blog = site.get("base_blog_url") or site.get("link") or self.source
            self.site_url = blog.rstrip("/")
        if not self.source:
            raise wxr.ExportError("the export names no site (wp:base_site_url); give --site-url")
        self.load_known()

    def load_known(self):
        """Objects an earlier run imported, so posts can find their authors and terms."""
        records = ImportedObject.objects.filter(
            source=self.source, kind__in=[Kind.AUTHOR, Kind.CATEGORY, Kind.TAG],
            object_id__isnull=False,
        ).values_list("kind", "object_id", "data")
        for kind, pk, data in records.iterator():
            key = data.get("key")
            if key:
                {Kind.AUTHOR: self.authors, Kind.CATEGORY: self.sections,
                 Kind.TAG: self.tags}[kind][key] = pk
            if kind == Kind.CATEGORY and data.get("parent"):
                self.category_parents[key] = data["parent"]

    # --- one object -----------------------------------------------------------------

    def record(self, kind, wp_id):
        return ImportedObject.objects.filter(source=self.source, kind=kind, wp_id=wp_id).first()

    def process(self, kind, wp_id, payload, apply, *, label="", record=None, force=False):
        """Import one object: `apply(record)` does the writing and returns
        (object or None, data for the record, pending?). Returns the record, or None
        if the object was skipped.

        An object whose data is unchanged since the last run is left alone (unless
        `force`); everything `apply` writes is committed with the record, or not at all.
        """
        name = self.summary_kind(kind)
        example = f"{kind} {wp_id}" + (f" “{label}”" if label else "")
        record = record or self.record(kind, wp_id)
        new_digest = digest(payload)
        if record is not None and record.digest == new_digest and not force:
            self.summary.count(name, "skipped", "unchanged since the last import")
            return record
        self.notes, self.added = [], []
        try:
            with transaction.atomic():
                obj, data, pending = apply(record)
                if record is None:
                    record = ImportedObject(source=self.source, kind=kind, wp_id=wp_id)
                    outcome = "created"
                else:
                    outcome = "updated"
                record.object_id = obj.pk if obj is not None else None
                record.digest, record.data, record.pending = new_digest, data, pending
                record.imported_at = self.now()
                record.save()
        except Skip as skip:
            self.forget_added()
            self.summary.count(name, "skipped", str(skip), example)
            return record if skip.kept else None
        except Exception as error:  # one bad object must not stop the import
            self.forget_added()
            logger.warning("WordPress %s %s not imported", kind, wp_id, exc_info=True)
            self.summary.count(name, "skipped", f"could not be imported: {error}", example)
            return None
        self.summary.count(name, outcome)
        for note in self.notes:
            self.summary.note(name, note, example)
        return record

    def remember_pk(self, lookup, key, pk):
        """Keep `key -> pk` for later objects, unless this object's transaction fails."""
        lookup[key] = pk
        self.added.append((lookup, key))

    def forget_added(self):
        for lookup, key in self.added:
            lookup.pop(key, None)
        self.added = []

    def base_path(self):
        """The old site's path below its host ("" or e.g. "/blog")."""
        from urllib.parse import urlsplit

        return urlsplit(self.site_url).path.rstrip("/")

    def attachment_url(self, wp_id):
        from .posts import known_attachment_url

        return known_attachment_url(self, wp_id)

    def note(self, text):
        """Tell the editors something about the object being imported."""
        self.notes.append(text)

    @staticmethod
    def summary_kind(kind):
        return str(kind)

    @staticmethod
    def now():
        from django.utils import timezone

        return timezone.now()

    @staticmethod
    def existing(record, model):
        """The object an earlier run made, None if none; Skip if it was deleted here."""
        if record is None or record.object_id is None:
            return None
        obj = model.objects.filter(pk=record.object_id).first()
        if obj is None:
            raise Skip("deleted here after an earlier import; left deleted")
        return obj
