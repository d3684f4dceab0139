from django.contrib import admin

from . import admin_article  # noqa: F401  (registers the article admin)
from .admin_status import CappedCountPaginator  # noqa: F401  (where tests and benches look)
from .models import ArticleRedirect, AuditEntry, Section, Tag


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
