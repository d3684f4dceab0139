from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from authors.models import Author
from newsroom.publishing import PublishableQuerySet, Status, is_published
from newsroom.sanitize import clean_article_html


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the site menu.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


# Figures other apps add to every listed article (comments adds `comment_count`), so
# listings get them in the same query without `articles` importing those apps.
LISTING_ANNOTATIONS = {}


class ArticleQuerySet(PublishableQuerySet):
    def for_listing(self):
        """Load what an article teaser shows (section, bylines) in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        ).annotate(**LISTING_ANNOTATIONS)

    def by_author(self, author):
        return self.filter(bylines__author=author)


class Article(models.Model):
    Status = Status

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the article URL.")
    standfirst = models.TextField(
        max_length=600, help_text="One paragraph under the headline summing up the story."
    )
    body = models.TextField(help_text="The story. Cleaned of anything unsafe when saved.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")

    source_name = models.CharField(
        "original source", max_length=200, blank=True,
        help_text='The outlet the story is based on, shown as "Original Source: …".',
    )
    source_url = models.URLField("original source URL", blank=True)

    featured_image = models.ImageField(upload_to="articles/%Y/%m/", blank=True)
    featured_image_alt = models.CharField("alt text", max_length=250, blank=True)
    featured_image_caption = models.CharField("caption", max_length=300, blank=True)
    featured_image_credit = models.CharField("credit", max_length=200, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text="When readers may see it. A future time schedules the article.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    comments_open = models.BooleanField(default=True)
    featured = models.BooleanField(default=False, help_text="Show among the front page's top stories.")

    seo_title = models.CharField("SEO title", max_length=200, blank=True)
    seo_description = models.CharField("SEO description", max_length=300, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_status_pub_idx")]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = clean_article_html(self.body)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return is_published(self)

    @property
    def byline_authors(self):
        """Authors in byline order (uses the prefetch from `for_listing()` when present)."""
        return [byline.author for byline in self.bylines.all()]


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
