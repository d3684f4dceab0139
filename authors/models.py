from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from newsroom.images import Picture, prepare_image, validate_image
from newsroom.links import slug_url
from newsroom.sanitize import safe_url, validate_profile_urls, validate_web_url


class Author(models.Model):
    """Someone who writes for us. Contributors may have no login (no `user`)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True, help_text="Used in the author page URL.")
    job_title = models.CharField(max_length=120, blank=True, help_text="E.g. Senior Correspondent.")
    bio = models.TextField(blank=True, help_text="Plain text, shown in the author box under articles.")
    photo = models.ImageField(
        upload_to="authors/%Y/", blank=True, validators=[validate_image],
        help_text="A JPEG, PNG or WebP portrait. Location and camera data are removed.",
    )
    photo_alt = models.CharField(max_length=250, blank=True, help_text="Describe the photo.")
    photo_caption = models.CharField(max_length=300, blank=True)
    photo_credit = models.CharField(max_length=200, blank=True, help_text="Who took the photo.")
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    email = models.EmailField(
        blank=True, help_text="Private: for the newsroom only, never shown on the site."
    )
    website = models.URLField(blank=True, validators=[validate_web_url],
                              help_text="A web address starting with https://.")
    social_links = models.JSONField(
        default=list, blank=True, validators=[validate_profile_urls],
        help_text='A list of profile addresses (https:// or mailto:), '
                  'e.g. ["https://example.social/@ravi"].',
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff login of this author, if they have one.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("authors:detail", self.slug, unicode=False)

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Describe the photo: alt text is required."})
        if self.photo and not (self.photo_caption.strip() and self.photo_credit.strip()):
            raise ValidationError("A photo needs a caption and a credit.")

    def save(self, *args, **kwargs):
        if not self.photo:
            self.photo_renditions = {}
        elif not self.photo._committed:
            self.photo_renditions = prepare_image(self.photo)
        super().save(*args, **kwargs)

    @property
    def profile_links(self):
        """(address, label) of the website and profiles safe to link to, in order."""
        links = []
        for n, link in enumerate([self.website, *(self.social_links or [])]):
            href = safe_url(link if isinstance(link, str) else "")
            if href:
                links.append((href, "Website" if n == 0 else href.split(":", 1)[1].lstrip("/")))
        return links

    @property
    def picture(self):
        return Picture.from_renditions(self.photo_renditions)
