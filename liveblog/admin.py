"""Editors run live coverage from the article's own form; writers add entries to the
live articles they are bylined on from the "Live entries" list."""

from django import forms
from django.contrib import admin

from articles import roles
from articles.models import Article

from .models import LiveCoverage, LiveEntry

ENTRY_FIELDS = ["published_at", "author", "headline", "body", "key_event", "pinned",
                "image", "image_alt", "image_caption"]


def own_author(user):
    return getattr(user, "author", None)


def live_articles_of(user):
    """The live articles `user` may add entries to: every one for editors; for writers,
    those carrying their byline whose coverage has not ended."""
    live = Article.objects.filter(live_coverage__isnull=False, live_coverage__ended_at__isnull=True)
    if roles.is_editor(user):
        return Article.objects.filter(live_coverage__isnull=False)
    return live.owned_by(user) if user.has_perm("liveblog.add_liveentry") else live.none()


class EditorsOnlyInline:
    """On the article form: editors change these; anyone who may see the article reads."""

    def has_add_permission(self, request, obj=None):
        return roles.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


class LiveCoverageInline(EditorsOnlyInline, admin.StackedInline):
    model = LiveCoverage
    max_num = 1
    extra = 0
    can_delete = False  # ending coverage keeps its record; delete it from "Live coverage"
    verbose_name = "live coverage"
    verbose_name_plural = "Live coverage (set its end when coverage ends)"


class LiveEntryInline(EditorsOnlyInline, admin.StackedInline):
    model = LiveEntry
    extra = 0
    fields = ENTRY_FIELDS
    autocomplete_fields = ["author"]
    verbose_name_plural = "Live entries (newest first; readers see them at once)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs.setdefault("initial", own_author(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def article_inlines(request, article):
    """On a live article's form: its coverage (to end it) and its entries. Coverage is
    started from "Live coverage" in the admin, so other articles' forms are unchanged."""
    if article is None or not LiveCoverage.objects.filter(article=article).exists():
        return []
    return [LiveCoverageInline, LiveEntryInline]


class LiveEntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["article", *ENTRY_FIELDS]


@admin.register(LiveEntry)
class LiveEntryAdmin(admin.ModelAdmin):
    form = LiveEntryForm
    list_display = ["__str__", "article", "author", "published_at", "key_event", "pinned"]
    list_filter = ["key_event", "pinned"]
    list_select_related = ["article", "author"]
    search_fields = ["headline", "body", "article__headline"]
    autocomplete_fields = ["author"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if roles.is_editor(request.user):
            return queryset
        return queryset.filter(article__in=live_articles_of(request.user))

    def _may_change(self, request, obj):
        if roles.is_editor(request.user):
            return request.user.has_perm("liveblog.change_liveentry")
        if not request.user.has_perm("liveblog.change_liveentry"):
            return False
        # A writer changes only their own entries, on their own live articles.
        if obj is None:
            return True
        return (obj.created_by_id == request.user.pk
                and live_articles_of(request.user).filter(pk=obj.article_id).exists())

    def has_add_permission(self, request):
        if not request.user.has_perm("liveblog.add_liveentry"):
            return False
        return roles.is_editor(request.user) or own_author(request.user) is not None

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not request.user.has_perm("liveblog.delete_liveentry"):
            return False
        return roles.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if roles.is_editor(request.user) else ["author"]

    def get_autocomplete_fields(self, request):
        return ["author"] if roles.is_editor(request.user) else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = live_articles_of(request.user)
        if db_field.name == "author":
            kwargs.setdefault("initial", own_author(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"author": own_author(request.user), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not roles.is_editor(request.user):
            author = own_author(request.user)
            if author is not None:
                obj.author = author  # a writer's entries carry their own name
        super().save_model(request, obj, form, change)


@admin.register(LiveCoverage)
class LiveCoverageAdmin(admin.ModelAdmin):
    """Start live coverage of an article here; its entries are then written in its form."""

    list_display = ["article", "started_at", "ended_at"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
