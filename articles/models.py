from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords

from authors.models import Author
from newsroom.crops import crop_picture, render_crops
from newsroom.images import Picture, prepare_image, validate_image
from newsroom.links import slug_url
from newsroom.prepared import EXAMPLE_TIME, prepared
from newsroom.publishing import PublishableQuerySet, Status, is_published
from newsroom.sanitize import WEB_SCHEMES, clean_article_html, safe_url, validate_web_url

# What the body editor offers: what a news story needs, and no more. Whatever the
# editor (or a crafted POST) sends is still cleaned by newsroom.sanitize on save.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True, "Italic": True, "Heading": {"levels": [2, 3, 4]},
    "BulletList": True, "OrderedList": True, "ListItem": True, "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True, "Caption": True, "Image": True, "HardBreak": True, "History": True,
    # The library turns the browser's spellcheck off by default; writers want it on.
    "NoSpellCheck": False,
}


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the site menu.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="The section this one sits under, shown in breadcrumbs.",
    )
    # [[name, slug], ...] of the sections above, outermost first: breadcrumbs without
    # a query per level (kept by save()).
    ancestry = models.JSONField(default=list, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)

    def clean(self):
        if self.parent_id and self.pk and (
            self.parent_id == self.pk or self.slug in self.parent.ancestry_slugs()
        ):
            raise ValidationError({"parent": "A section cannot sit under itself."})

    def ancestry_slugs(self):
        return [slug for _, slug in self.ancestry] + [self.slug]

    def save(self, *args, **kwargs):
        self.ancestry = self._ancestry_from_parent()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "ancestry"}
        super().save(*args, **kwargs)
        # The sections under this one carry its name and slug in their breadcrumbs.
        for child in Section.objects.filter(parent=self).exclude(pk=self.pk):
            if child._ancestry_from_parent() != child.ancestry:
                child.save()

    def _ancestry_from_parent(self):
        if self.parent_id is None:
            return []
        parent = Section.objects.filter(pk=self.parent_id).only("name", "slug", "ancestry").first()
        if parent is None or self.slug in parent.ancestry_slugs():
            return []  # a loop (clean() refuses those): no breadcrumbs rather than none ending
        return [*parent.ancestry, [parent.name, parent.slug]]


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)


# `Article.modified_at` as a query expression, for sitemaps and feeds that sort or
# aggregate by it.
MODIFIED_AT = Coalesce("noted_at", "published_at")


# One-to-one rows other apps show on the article page, loaded with the article in its
# one query (liveblog adds "live_coverage").
ARTICLE_PAGE_RELATED = []


# The kept count of a story's approved comments (CommentCount, kept by comments/counts.py).
COMMENT_COUNT = Coalesce("comment_stats__approved", 0)


class StoryAddressAndPhoto:
    """What a story and its teaser both derive from `slug` and the photo's renditions."""

    __slots__ = ()

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    @property
    def featured_picture(self):
        return Picture.from_renditions(self.featured_image_renditions)

    def featured_crop(self, ratio):
        """The featured photo cut to "16x9", "4x3" or "1x1" around its focal point."""
        return crop_picture(self.featured_image_renditions, ratio)


class Teaser(StoryAddressAndPhoto):
    """What a listing shows of a story (articles/teasers.py, frontpage/teasers.py), as
    plain values: a front page shows forty, and model instances with their deferred
    fields and prefetched bylines cost more than the teasers' markup."""

    __slots__ = ("pk", "headline", "slug", "standfirst", "published_at", "noted_at",
                 "section", "featured_image_alt", "featured_image_renditions",
                 "comment_count", "byline_authors", "headline_hl", "snippet")

    def __init__(self, row):
        (self.pk, self.headline, self.slug, self.standfirst, self.published_at,
         self.noted_at, section_id, section_name, section_slug, self.featured_image_alt,
         self.featured_image_renditions, self.comment_count) = row
        self.section = Linked(section_id, section_name, section_slug, "articles:section")
        self.byline_authors = []
        self.headline_hl = self.snippet = None



class Linked:
    """A teaser's section or byline author: its id, name and address."""

    __slots__ = ("pk", "name", "slug", "url_name", "unicode")

    def __init__(self, pk, name, slug, url_name, unicode=True):
        self.pk, self.name, self.slug, self.url_name, self.unicode = (
            pk, name, slug, url_name, unicode)

    def get_absolute_url(self):
        return slug_url(self.url_name, self.slug, unicode=self.unicode)


TEASER_VALUES = ("pk", "headline", "slug", "standfirst", "published_at", "noted_at",
                 "section_id", "section__name", "section__slug", "featured_image_alt",
                 "featured_image_renditions", "comment_count")


class TeaserIterable(models.query.ModelIterable):
    """Iterating `for_teasers()` gives `Teaser`s: the stories' columns a teaser shows,
    then their bylines in one more query, as a prefetch would. (A ModelIterable to
    Django, so `in_bulk()` takes it; its objects are not model instances.)"""

    def __iter__(self):
        yield from teasers(models.QuerySet.values_list(self.queryset, *TEASER_VALUES))

    @staticmethod
    def prepared_rows(queryset):
        """What a prepared `for_teasers()` query reads, and makes of it (newsroom/prepared.py)."""
        return models.QuerySet.values_list(queryset, *TEASER_VALUES), teasers


def teasers(rows):
    """`Teaser`s of rows of TEASER_VALUES, with their bylines (one more query)."""
    found = [Teaser(row) for row in rows]
    if found:
        by_story = {teaser.pk: teaser for teaser in found}
        for story, author, name, slug in bylines_of(len(by_story))(list(by_story)):
            # Byline's order: position, id
            by_story[story].byline_authors.append(
                Linked(author, name, slug, "authors:detail", unicode=False))
    return found


@lru_cache(maxsize=64)
def bylines_of(count):
    """The bylines of `count` stories, by their ids: a prepared query for each count."""
    return prepared(lambda ids: Byline.objects.filter(article_id__in=ids).values_list(
        "article_id", "author_id", "author__name", "author__slug"), list(range(1, count + 1)))


@lru_cache(maxsize=32)
def _published_by_id(count):
    return prepared(
        lambda ids, now: Article.objects.published(now).for_teasers().filter(pk__in=ids),
        list(range(1, count + 1)), EXAMPLE_TIME)


def published_teasers(ids, now=None):
    """{id: Teaser} of the stories with these ids that readers may see (prepared: one
    kept query for each number of ids)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    return {teaser.pk: teaser for teaser in _published_by_id(len(ids))(ids, now or timezone.now())}


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Load what an article teaser shows (section, bylines, the kept comment count) in
        a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        ).annotate(comment_count=COMMENT_COUNT)

    def for_teasers(self):
        """The stories as `Teaser`s (what articles/teasers.py shows, never the body): two
        queries however many there are."""
        clone = self.annotate(comment_count=COMMENT_COUNT)
        clone._iterable_class = TeaserIterable
        return clone

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def owned_by(self, user):
        """Articles carrying the byline of `user`'s author profile (a writer's own)."""
        return self.filter(pk__in=Byline.objects.filter(author__user=user).values("article_id"))


class Article(StoryAddressAndPhoto, models.Model):
    Status = Status

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, help_text="Used in the article URL."
    )
    standfirst = models.TextField(
        max_length=600, help_text="One paragraph under the headline summing up the story."
    )
    body = ProseEditorField(
        extensions=BODY_EDITOR_EXTENSIONS, sanitize=clean_article_html,
        help_text="The story. Cleaned of anything unsafe when saved.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")

    source_name = models.CharField(
        "original source", max_length=200, blank=True,
        help_text='The outlet the story is based on, shown as "Original Source: …".',
    )
    source_url = models.URLField("original source URL", blank=True, validators=[validate_web_url])

    featured_image = models.ImageField(
        upload_to="articles/%Y/%m/", blank=True, validators=[validate_image],
        help_text="A JPEG, PNG or WebP photo. Location and camera data are removed.",
    )
    featured_image_alt = models.CharField(
        "alt text", max_length=250, blank=True,
        help_text="Describe what the photo shows for readers who cannot see it.",
    )
    featured_image_caption = models.CharField("caption", max_length=300, blank=True)
    featured_image_credit = models.CharField(
        "credit", max_length=200, blank=True,
        help_text="Photographer or agency, e.g. Jane Doe/Reuters.",
    )
    featured_image_focus_x = models.PositiveSmallIntegerField(
        "focal point across", default=50, validators=[MaxValueValidator(100)],
        help_text="Where the subject is, in % from the left edge; crops keep it in frame. "
        "Click the photo to set it.",
    )
    featured_image_focus_y = models.PositiveSmallIntegerField(
        "focal point down", default=50, validators=[MaxValueValidator(100)],
        help_text="Where the subject is, in % from the top edge.",
    )
    featured_image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text="When readers may see it. A future time schedules the article.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When anyone last saved the row (a retag, a featured flag, a typo): for editors.
    # What readers are told changed is `modified_at`, below.
    saved_at = models.DateTimeField(auto_now=True)
    noted_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When the latest correction or update note was added (readers see it).",
    )
    comments_open = models.BooleanField(default=True)
    featured = models.BooleanField(default=False, help_text="Show among the front page's top stories.")

    seo_title = models.CharField("SEO title", max_length=200, blank=True)
    seo_description = models.CharField("SEO description", max_length=300, blank=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[tags], excluded_fields=["saved_at"])

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            # A section's newest stories (section pages, the front page's blocks).
            models.Index(fields=["section", "status", "-published_at"],
                         name="article_section_pub_idx"),
        ]
        permissions = [("publish_article", "Can publish, schedule, unpublish and feature articles")]

    def __str__(self):
        return self.headline

    def clean(self):
        if not self.featured_image:
            return
        if not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": "Describe the photo: alt text is required."}
            )
        if not (self.featured_image_caption.strip() and self.featured_image_credit.strip()):
            raise ValidationError("A featured image needs a caption and a credit.")

    def save(self, *args, **kwargs):
        """Clean what was typed and fill in defaults. Whatever a change means beyond the
        row (role, audit, old addresses) is `articles.services.article_save`'s job."""
        self.body = clean_article_html(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self.featured_image:
            self.featured_image_renditions = {}
        elif not self.featured_image._committed:
            self.featured_image_renditions = prepare_image(self.featured_image)
        focus = [self.featured_image_focus_x, self.featured_image_focus_y]
        if self.featured_image and self.featured_image_renditions.get("crops", {}).get(
            "focus"
        ) != focus:
            # 16:9, 4:3 and 1:1 copies cut around the focal point (teasers, structured data).
            self.featured_image_renditions = {
                **self.featured_image_renditions,
                "crops": render_crops(self.featured_image, focus),
            }
        super().save(*args, **kwargs)

    @property
    def source_link(self):
        """The original source's address if it is a web page ('' otherwise): never render
        another scheme, even one stored before validation refused it."""
        return safe_url(self.source_url, WEB_SCHEMES)

    @property
    def modified_at(self):
        """What readers see changed: the latest correction or update note, else the publish
        time. The one freshness time: byline, JSON-LD, feeds, sitemaps (`MODIFIED_AT`)."""
        return self.noted_at or self.published_at

    @property
    def is_published(self):
        return is_published(self)

    @property
    def byline_authors(self):
        """Authors in byline order (uses the prefetch from `for_listing()` when present,
        read directly: `self.bylines.all()` would build a queryset on every call)."""
        bylines = getattr(self, "_prefetched_objects_cache", {}).get("bylines")
        if bylines is None:
            bylines = self.bylines.all()
        return [byline.author for byline in bylines]


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline_per_article")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class CommentCount(models.Model):
    """How many approved comments an article has, kept so listings read one number
    instead of counting every story's comments. Articles only read it; the comments
    app keeps it true (comments/counts.py), so the dependency points comments -> articles.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="comment_stats"
    )
    approved = models.PositiveIntegerField(default=0)
    # Approved top-level comments: how many threads readers page through.
    threads = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.approved} approved on {self.article_id}"


class ArticleRedirect(models.Model):
    """An old slug of a published article; its URL answers with a 301 to the current one."""

    old_slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class Correction(models.Model):
    """A dated note appended to an article, shown to readers under the story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField(help_text="What changed and why, as readers should read it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article}"


class AuditEntry(models.Model):
    """Who published, unpublished, scheduled, deleted or restored what, and when."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted for review"
        WITHDRAW = "withdraw", "Withdrew from review"
        RETURN = "return", "Sent back to the writer"
        PUBLISH = "publish", "Published"
        SCHEDULE = "schedule", "Scheduled"
        UNPUBLISH = "unpublish", "Unpublished"
        ARCHIVE = "archive", "Archived"
        FEATURE = "feature", "Featured"
        UNFEATURE = "unfeature", "Unfeatured"
        CORRECT = "correct", "Added a note"
        RESTORE = "restore", "Restored a revision"
        DELETE = "delete", "Deleted"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    # Kept as text too, so the record outlives a deleted article.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    article_pk = models.PositiveBigIntegerField(null=True)
    article_headline = models.CharField(max_length=200)
    detail = models.CharField(max_length=300, blank=True)
    # Submissions only: when editors were mailed about it (articles/notifications.py).
    editors_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.actor} {self.get_action_display().lower()} “{self.article_headline}”"
