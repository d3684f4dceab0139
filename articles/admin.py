from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from newsroom.publishing import Status, is_published

from . import roles, services
from .admin_actions import BulkActionsMixin
from .admin_history import HistoryCompareMixin
from .models import Article, ArticleRedirect, AuditEntry, Byline, Correction, Section, Tag


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = "byline"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "note", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name = "correction or update note"
    verbose_name_plural = "Corrections and updates (readers see these under the story)"


class CappedCountPaginator(Paginator):
    """Count at most CAP rows: with 100,000 articles, page 1 should not wait for a full count."""

    CAP = 10_000

    @cached_property
    def count(self):
        # Only the primary keys: annotations such as pending-comment counts are not needed.
        return self.object_list.values("pk")[: self.CAP].count()


def pending_comment_count():
    """Pending comments per article, as a subquery evaluated only for the rows shown."""
    comment_model = Article._meta.get_field("comments").related_model
    pending = (
        comment_model.objects.filter(article=OuterRef("pk"), status="pending")
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), 0)


@admin.register(Article)
class ArticleAdmin(BulkActionsMixin, HistoryCompareMixin, SimpleHistoryAdmin):
    list_display = [
        "headline",
        "section",
        "status",
        "published_at",
        "is_live",
        "featured",
        "pending_comments",
    ]
    list_filter = ["status", "section", "featured", "bylines__author", "published_at"]
    search_fields = ["headline", "standfirst", "body"]
    # No date_hierarchy: its year/month/day links need a DISTINCT scan of every article.
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "section"]
    list_select_related = ["section"]
    list_per_page = 50
    paginator = CappedCountPaginator
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Placement", {"fields": ["section", "tags", "featured"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "comments_open"],
                "description": (
                    "Published with a future time = scheduled: readers see it from that moment."
                ),
            },
        ),
        ("Original source", {"fields": ["source_name", "source_url"]}),
        (
            "Featured image",
            {
                "fields": [
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                    "featured_image_credit",
                ]
            },
        ),
        (
            "Search and sharing",
            {"classes": ["collapse"], "fields": ["seo_title", "seo_description"]},
        ),
    ]

    # --- Who sees and changes what (the rules live in roles.py) -----------------
    def get_queryset(self, request):
        queryset = roles.visible_articles(request.user, super().get_queryset(request))
        return queryset.annotate(pending_comment_count=pending_comment_count())

    def has_view_permission(self, request, obj=None):
        return roles.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return roles.can_change(request.user, obj)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def get_inlines(self, request, obj):
        return [BylineInline, CorrectionInline] if roles.is_editor(request.user) else [BylineInline]

    def get_readonly_fields(self, request, obj=None):
        if roles.can_publish(request.user):
            return []
        return ["featured", "published_at"]

    def get_list_filter(self, request):
        if roles.is_editor(request.user):
            return self.list_filter
        return [f for f in self.list_filter if f != "bylines__author"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            allowed = roles.allowed_statuses(request.user)
            kwargs["choices"] = [(s.value, s.label) for s in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"status": Status.DRAFT, **super().get_changeform_initial_data(request)}

    # --- Saving: every status change is checked again and audited ----------------
    def save_model(self, request, obj, form, change):
        if obj.status not in roles.allowed_statuses(request.user):
            raise PermissionDenied("Only editors can publish or archive articles.")
        before = (
            Article.objects.filter(pk=obj.pk).values("status", "published_at").first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        old_status, old_at = (before["status"], before["published_at"]) if before else (None, None)
        revision = getattr(request, "restoring_revision", None)
        if revision is not None:
            services.article_record_restore(article=obj, user=request.user, revision=revision)
        services.article_record_status_change(
            article=obj, user=request.user, old_status=old_status, old_published_at=old_at
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        author = getattr(request.user, "author", None)
        article = form.instance
        if (
            not roles.is_editor(request.user)
            and author
            and not article.bylines.filter(author=author).exists()
        ):
            # A writer's article always carries their byline: that is what makes it theirs.
            Byline.objects.create(article=article, author=author, position=article.bylines.count())

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk:
                correction.save()  # an editor fixing the wording keeps the note's date
            else:
                services.article_correct(
                    article=form.instance,
                    user=request.user,
                    note=correction.note,
                    kind=correction.kind,
                )
        for correction in formset.deleted_objects:
            correction.delete()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            # Restoring is a change: the library only checks view permission here.
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
            request.restoring_revision = obj.history.filter(history_id=version_id).first()
        return super().history_form_view(request, object_id, version_id, extra_context)

    def delete_model(self, request, obj):
        services.article_delete(article=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article, user=request.user)

    # --- Changelist columns and links ---------------------------------------------
    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return is_published(obj)

    @admin.display(description="Pending comments", ordering="pending_comment_count")
    def pending_comments(self, obj):
        return obj.pending_comment_count

    def view_on_site(self, obj):
        """Live articles link to their page; anything else to its staff preview."""
        if is_published(obj):
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.history_compare_view),
                name="articles_article_history_compare",
            ),
        ] + super().get_urls()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The newsroom's record: read-only, for editors."""

    list_display = ["at", "actor", "action", "article_link", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["article_headline", "actor__username"]
    list_select_related = ["actor", "article"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Article")
    def article_link(self, obj):
        return obj.article_headline


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Old addresses of published articles, each answering 301 to the current page."""

    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__headline"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
