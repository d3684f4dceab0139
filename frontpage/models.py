"""The curated front page (zones of ordered slots) and the stored related stories.

A zone is a block of the front page: the lead, the top stories, or one section's
block. Its slots pin chosen stories to positions, each optionally between a start and
an end time; like publishing, the time is a query condition (`Slot.objects.active()`),
and the page cache is purged by a task at each start and end (frontpage/cache.py).
Positions with no active slot are filled by rule (frontpage/layout.py).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Section

MAX_ZONE_SIZE = 12


class Zone(models.Model):
    class Kind(models.TextChoices):
        LEAD = "lead", "Lead story"
        TOP = "top", "Top stories"
        SECTION = "section", "Section block"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SECTION)
    section = models.OneToOneField(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="front_zone",
        help_text="For a section block: whose newest stories fill its empty slots.",
    )
    title = models.CharField(
        max_length=80, blank=True,
        help_text="The block's heading. Empty: “Top stories”, or the section's name.",
    )
    size = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(MAX_ZONE_SIZE)],
        help_text="How many stories the block shows; slots without a story of your choice "
        "are filled with the newest (featured first, for the lead and top stories).",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the front page. Sections without a block of their "
        "own follow the blocks listed here, in the menu's order.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            # One lead and one top-stories zone; sections have their own unique field.
            models.UniqueConstraint(fields=["kind"], condition=~Q(kind="section"),
                                    name="frontpage_one_lead_and_one_top_zone"),
            models.CheckConstraint(
                condition=Q(kind="section", section__isnull=False)
                | (~Q(kind="section") & Q(section__isnull=True)),
                name="frontpage_section_zone_names_its_section",
            ),
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self):
        if self.title:
            return self.title
        if self.kind == self.Kind.SECTION and self.section_id:
            return self.section.name
        return self.get_kind_display()

    def clean(self):
        if self.kind == self.Kind.SECTION and not self.section_id:
            raise ValidationError({"section": "Choose the section this block shows."})
        if self.kind != self.Kind.SECTION and self.section_id:
            raise ValidationError({"section": "Only a section block belongs to a section."})
        if self.kind == self.Kind.LEAD and self.size != 1:
            raise ValidationError({"size": "The lead zone shows one story."})


class SlotQuerySet(models.QuerySet):
    def active(self, now=None):
        """Slots in force now: started (or no start) and not yet ended (or no end)."""
        now = now or timezone.now()
        return self.filter(
            Q(starts_at__isnull=True) | Q(starts_at__lte=now),
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        )


class Slot(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_ZONE_SIZE)],
        help_text="1 is the block's first story.",
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="front_slots",
        help_text="Shown here while it is published and the slot is in force.",
    )
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="From when (empty: at once). The page changes by itself."
    )
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Until when (empty: no end).")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["zone", "position", "starts_at", "id"]
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="frontpage_slot_times_idx")]

    def __str__(self):
        return f"{self.zone}, position {self.position}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."})
        zone = getattr(self, "zone", None) if self.zone_id else None
        if zone is not None and self.position > zone.size:
            raise ValidationError(
                {"position": f"This block shows {zone.size} stories: choose 1 to {zone.size}."}
            )


class RelatedStory(models.Model):
    """One of a story's related stories, ranked (1 best); kept by frontpage/related.py."""

    story = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_rows")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_to_rows")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["story", "rank"]
        verbose_name_plural = "related stories"
        constraints = [
            models.UniqueConstraint(fields=["story", "rank"], name="related_one_story_per_rank"),
            models.UniqueConstraint(fields=["story", "related"], name="related_once_per_story"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.related_id} for {self.story_id}"
