"""The article edit form: refuses to overwrite someone else's save, keeps a chosen image.

Conflicts: the form carries the `saved_at` it was opened with (`version`). If the row
changed since, the save is refused, both versions are shown side by side and the
writer's text stays in the form. Checked under a row lock inside the admin's transaction
(SQLite's immediate transactions serialise writers anyway), so two saves cannot both pass.

Images: a photo chosen in a form that then fails validation is kept server-side under an
unguessable name, signed for the user who chose it, and used on the next submit unless
another file is chosen or "Discard" is ticked. Browsers cannot refill a file input.
"""

import secrets
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags

from .models import Article
from .services import STORED_FIELDS

KEPT_SALT = "articles.kept-image"
KEPT_DIR = "kept-uploads"
KEPT_MAX_AGE = 60 * 60 * 24
# The row's save time (auto_now): what "the version you opened" means.
VERSION_FIELD = "saved_at"
FOCUS_FIELDS = ["featured_image_focus_x", "featured_image_focus_y"]
CONFLICT_FIELDS = ["headline", "slug", "standfirst", "body", "status", "published_at"]


def version_of(saved_at):
    return saved_at.isoformat() if saved_at else ""


def kept_token(path, user):
    return signing.dumps({"path": path, "user": user.pk}, salt=KEPT_SALT)


def kept_path(token, user):
    """The stored path a token names, if it is genuine, recent and this user's; else None."""
    if not token or user is None:
        return None
    try:
        data = signing.loads(token, salt=KEPT_SALT, max_age=KEPT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    path = str(data.get("path", ""))
    return path if path.startswith(KEPT_DIR + "/") else None


def purge_kept_images(*, older_than_seconds=KEPT_MAX_AGE, now=None, storage=None):
    """Delete kept photos nobody came back for (their tokens have expired); return how many."""
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - timedelta(seconds=older_than_seconds)
    if not storage.exists(KEPT_DIR):
        return 0
    purged = 0
    for folder in storage.listdir(KEPT_DIR)[0]:
        for name in storage.listdir(f"{KEPT_DIR}/{folder}")[1]:
            path = f"{KEPT_DIR}/{folder}/{name}"
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                purged += 1
    return purged


class KeptImageWidget(forms.HiddenInput):
    """The hidden token, plus what was kept and a way to discard it."""

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        if not value:
            return hidden
        try:
            filename = PurePosixPath(signing.loads(value, salt=KEPT_SALT)["path"]).name
        except (signing.BadSignature, KeyError, TypeError):
            return hidden
        preview = reverse("admin:articles_article_kept_image") + "?" + f"t={value}"
        return format_html(
            '{}<div class="kept-image" role="status"><img src="{}" alt="" width="120">'
            "<p><strong>Your photo {} is kept.</strong> It will be saved with the article "
            "unless you choose another file.</p>"
            '<label><input type="checkbox" name="{}_discard" value="1"> Discard it</label></div>',
            hidden, preview, filename, name,
        )


class ArticleAdminForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    kept_image = forms.CharField(widget=KeptImageWidget, required=False, label="Kept photo")

    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "spellcheck": "true"}),
            "standfirst": forms.Textarea(attrs={"rows": 3, "spellcheck": "true"}),
        }

    user = None  # set by the admin: who is editing
    conflict = None  # set when someone else saved since the form was opened
    stored = None  # the row as stored, read (and locked) by clean(); None when new

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = version_of(getattr(self.instance, VERSION_FIELD))
        for name in FOCUS_FIELDS:
            if name in self.fields:
                self.fields[name].required = False  # left empty: the middle of the photo
        self._kept_from = None
        if self.is_bound:
            self._adopt_kept_image()

    # --- A photo kept across a failed save ---------------------------------------------
    def _adopt_kept_image(self):
        if self.files.get("featured_image") or self.data.get("kept_image_discard"):
            return
        path = kept_path(self.data.get("kept_image"), self.user)
        if not (path and default_storage.exists(path)):
            return
        with default_storage.open(path) as stored:
            upload = SimpleUploadedFile(PurePosixPath(path).name, stored.read())
        files = self.files.copy()
        files["featured_image"] = upload
        self.files = files
        self._kept_from = path

    def _keep_image(self):
        """After a failed validation, keep a freshly chosen, valid photo for the next try."""
        upload = self.cleaned_data.get("featured_image")
        if self._kept_from or not isinstance(upload, UploadedFile) or self.user is None:
            return
        upload.seek(0)
        name = PurePosixPath(upload.name).name[-80:]
        path = default_storage.save(f"{KEPT_DIR}/{secrets.token_urlsafe(16)}/{name}", upload)
        self._set_data("kept_image", kept_token(path, self.user))
        self._kept_from = path

    def discard_kept_image(self):
        """Called once the article is saved: the kept copy has become the article's photo."""
        if self._kept_from:
            default_storage.delete(self._kept_from)
            self._kept_from = None

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors and "featured_image" not in self._errors:
            self._keep_image()
        if self.is_bound and self.data.get("kept_image_discard") and self.data.get("kept_image"):
            path = kept_path(self.data.get("kept_image"), self.user)
            if path:
                default_storage.delete(path)
            self._set_data("kept_image", "")

    def _set_data(self, key, value):
        data = self.data.copy()
        data[key] = value
        self.data = data

    # --- Conflicts ---------------------------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        sent = cleaned.get("version")
        if self.instance.pk:
            # Inside the admin's transaction this lock holds until the save commits; the
            # atomic() only keeps a call from outside one (a history restore) from failing.
            # The save reuses this read (`stored`) rather than reading the row again.
            with transaction.atomic():
                self.stored = (
                    Article.objects.select_for_update()
                    .only(*CONFLICT_FIELDS, *STORED_FIELDS, VERSION_FIELD)
                    .filter(pk=self.instance.pk)
                    .first()
                )
            current = self.stored
            if current and sent and version_of(getattr(current, VERSION_FIELD)) != sent:
                self._refuse_conflict(current, sent)
        return cleaned

    def _refuse_conflict(self, current, sent):
        history = self.instance.history.order_by("-history_date", "-history_id")
        latest = history.select_related("history_user").first()
        opened = _opened_revision(history, sent)
        who = getattr(latest.history_user, "username", "someone") if latest else "someone"
        when = timezone.localtime(getattr(current, VERSION_FIELD))
        self.conflict = {
            "who": who,
            "when": when,
            "rows": self._conflict_rows(current),
            "compare_url": (
                reverse("admin:articles_article_history_compare", args=[self.instance.pk])
                + f"?a={opened.history_id}&b={latest.history_id}"
                if opened and latest and opened.history_id != latest.history_id
                else None
            ),
        }
        # A second Save is a deliberate choice to replace their version with this one.
        self._set_data("version", version_of(getattr(current, VERSION_FIELD)))
        raise ValidationError(
            f"{who} saved this article at {when:%H:%M:%S} since you opened it, so your save "
            "was refused. Your text is kept in the form: compare the two versions below, then "
            "save again to replace theirs with yours, or reload the page to take theirs.",
            code="conflict",
        )

    def _conflict_rows(self, current):
        rows = []
        for name in CONFLICT_FIELDS:
            if name not in self.cleaned_data:
                continue
            theirs, yours = getattr(current, name), self.cleaned_data[name]
            if name == "body":
                theirs, yours = strip_tags(theirs or ""), strip_tags(yours or "")
            if theirs != yours:
                label = Article._meta.get_field(name).verbose_name
                rows.append({"field": label, "theirs": theirs, "yours": yours})
        return rows

    def clean_featured_image_focus_x(self):
        return _or_middle(self.cleaned_data.get("featured_image_focus_x"))

    def clean_featured_image_focus_y(self):
        return _or_middle(self.cleaned_data.get("featured_image_focus_y"))

    # --- Revisions record only what really changed ------------------------------------
    def clean_published_at(self):
        """The form shows whole seconds: an untouched time keeps its stored microseconds."""
        value = self.cleaned_data.get("published_at")
        stored = self.instance.published_at if self.instance.pk else None
        if value and stored and abs((value - stored).total_seconds()) < 1:
            return stored
        return value


def _or_middle(value):
    return 50 if value is None else value


def _opened_revision(history, sent):
    """The revision the editor opened: the first one recorded at or after that save."""
    try:
        opened_at = datetime.fromisoformat(sent)
    except ValueError:
        return None
    return history.filter(history_date__gte=opened_at).order_by("history_date").first()
