"""The article admin: the form writers and editors work in all day, and its list."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from newsroom.publishing import Status, is_published
from newsroom.sanitize import clean_article_html

from . import roles, services
from .admin_actions import BulkActionsMixin
from .admin_forms import VERSION_FIELD, ArticleAdminForm
from .admin_history import HistoryCompareMixin
from .admin_views import DeskViewsMixin, every_error
from .admin_status import (
    CappedCountPaginator,
    StatusFilter,
    focus_preview,
    status_label,
    thumbnail,
)
from .models import Article, Byline, Correction

FORM_ONLY_FIELDS = {"version", "kept_image"}
# Other apps' inlines on the article form: functions of (request, article or None)
# returning inline classes (liveblog: a live article's coverage and entries); each
# inline decides through its own permissions who may change it.
EXTRA_INLINES = []


def author_of(user):
    return getattr(user, "author", None)


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "byline"

    def get_min_num(self, request, obj=None, **kwargs):
        # Someone with an author profile gets their own byline if they leave this empty.
        return 0 if author_of(request.user) else 1


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "note", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name = "correction or update note"
    verbose_name_plural = "Corrections and updates (readers see these under the story)"


@admin.register(Article)
class ArticleAdmin(BulkActionsMixin, HistoryCompareMixin, DeskViewsMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "thumbnail", "headline", "section", "status_label", "published_at", "is_live",
        "featured",
    ]
    list_display_links = ["headline"]
    list_filter = [StatusFilter, "section", "featured", "bylines__author", "published_at"]
    search_fields = ["headline", "standfirst", "body"]
    # No date_hierarchy: its year/month/day links need a DISTINCT scan of every article.
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "section"]
    list_select_related = ["section"]
    list_per_page = 50
    paginator = CappedCountPaginator
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "body", "standfirst", "slug", "version"]}),
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
                    "image_preview",
                    "featured_image",
                    "kept_image",
                    ("featured_image_focus_x", "featured_image_focus_y"),
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
        return roles.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return roles.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return roles.can_change(request.user, obj)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def get_inlines(self, request, obj):
        own = [BylineInline, CorrectionInline] if roles.is_editor(request.user) else [BylineInline]
        return [*own, *(inline for extra in EXTRA_INLINES for inline in extra(request, obj))]

    def get_fieldsets(self, request, obj=None):
        if obj is None or self.has_change_permission(request, obj):
            return self.fieldsets
        # Read-only: the body as formatted text, and none of the form's own fields.
        shown = []
        for name, options in self.fieldsets:
            fields = [
                "body_rendered" if f == "body" else f
                for f in options["fields"]
                if f not in FORM_ONLY_FIELDS
            ]
            shown.append((name, {**options, "fields": fields}))
        return shown

    def get_readonly_fields(self, request, obj=None):
        base = ["image_preview", "body_rendered"]
        if roles.can_publish(request.user):
            return base
        return [*base, "featured", "published_at"]

    def get_list_filter(self, request):
        if roles.is_editor(request.user):
            return self.list_filter
        return [f for f in self.list_filter if f != "bylines__author"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            allowed = roles.allowed_statuses(request.user)
            kwargs["choices"] = [(s.value, s.label) for s in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changeform_initial_data(self, request):
        return {"status": Status.DRAFT, **super().get_changeform_initial_data(request)}

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        author = author_of(request.user)
        if isinstance(inline, BylineInline) and obj.pk is None and author:
            kwargs["initial"] = [{"author": author.pk, "position": 0}]  # pre-filled
        return kwargs

    # --- Saving: through the one service every change takes ------------------------
    def save_model(self, request, obj, form, change):
        services.article_save(
            article=obj,
            user=request.user,
            stored=form.stored,  # read under lock by the form's conflict check
            revision=getattr(request, "restoring_revision", None),
        )
        transaction.on_commit(form.discard_kept_image)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        author = author_of(request.user)
        article = form.instance
        if author is None or article.bylines.filter(author=author).exists():
            return
        # A writer's article always carries their byline: that is what makes it theirs.
        # Anyone else's gets theirs only when they left the bylines empty.
        if not roles.is_editor(request.user) or not article.bylines.exists():
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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["conflict"] = getattr(form, "conflict", None)
        # Editors change the status in the form; the button is for the writer.
        context["can_withdraw"] = (
            roles.can_withdraw(request.user, obj) and not roles.is_editor(request.user)
        )
        context["can_send_back"] = (
            obj is not None and obj.status == Status.REVIEW and roles.is_editor(request.user)
        )
        context["returned"] = services.latest_return_notes([obj]).get(obj.pk) if obj else None
        context["saved_at"] = getattr(obj, VERSION_FIELD, None)
        context["autosave_key"] = f"{request.user.pk}:{obj.pk if obj else 'new'}"
        context["error_list"] = every_error(form, context.get("inline_admin_formsets", []))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Columns and read-only fields ------------------------------------------------
    @admin.display(description="Status", ordering="status")
    def status_label(self, obj):
        return status_label(obj)

    @admin.display(description="")
    def thumbnail(self, obj):
        return thumbnail(obj)

    @admin.display(description="Current photo")
    def image_preview(self, obj):
        return focus_preview(obj) or "No photo yet."

    @admin.display(description="Body")
    def body_rendered(self, obj):
        html = clean_article_html(obj.body)  # stored clean; cleaned again to be sure
        return format_html('<div class="article-body-rendered">{}</div>', mark_safe(html))

    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return is_published(obj)

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
            *self.desk_urls(),
        ] + super().get_urls()
